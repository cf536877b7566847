package io.sluice.session;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pings the reserved connections of idle sessions, so that MySQL's {@code wait_timeout} never
 * closes a connection that holds a session's locks or temporary tables while the application
 * merely thinks. Vitess pings only when traffic flows; an application that holds a {@code
 * GET_LOCK} and waits longer than {@code wait_timeout} would silently lose the lock.
 *
 * <p>One daemon thread for all sessions, started with the first reservation (never in premain).
 * Each round pings the sessions whose reserved connection has been idle for half the interval
 * ({@code reserved_keepalive_interval}), so no connection stays idle much longer than the
 * interval. A session busy with a statement is skipped: its connection is not idle.
 */
final class ReservedKeepalive {
  private final Duration interval;
  private final Set<ReservedConnection> watched = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService timer;

  ReservedKeepalive(Duration interval) {
    this.interval = interval;
  }

  /** Keeps a session's reserved connection alive until {@link #forget}. */
  void watch(ReservedConnection reserved) {
    watched.add(reserved);
    startTimer();
  }

  void forget(ReservedConnection reserved) {
    watched.remove(reserved);
  }

  private synchronized void startTimer() {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sluice-reserved-keepalive");
              thread.setDaemon(true);
              thread.setContextClassLoader(ReservedKeepalive.class.getClassLoader());
              return thread;
            });
    long period = Math.max(1, interval.toMillis() / 2);
    timer.scheduleWithFixedDelay(this::round, period, period, TimeUnit.MILLISECONDS);
  }

  /** Stops the pinging thread, if it was started. */
  synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  private void round() {
    long idleNanos = interval.toNanos() / 2;
    for (ReservedConnection reserved : watched) {
      reserved.pingIfIdle(idleNanos);
    }
  }
}
