package io.sluice.testkit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts one user's connections as MySQL sees them ({@code information_schema.processlist}), now or
 * as the peak of periodic samples. The observer connection must belong to another user, so it is
 * not counted.
 */
public final class ProcesslistSampler implements AutoCloseable {
  private static final String COUNT_SQL =
      "SELECT COUNT(*) FROM information_schema.processlist WHERE user = ?";

  private final ScheduledExecutorService timer;
  private final PreparedStatement query;
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger samples = new AtomicInteger();
  private final AtomicReference<SQLException> failure = new AtomicReference<>();

  private ProcesslistSampler(Connection observer, String user, Duration interval)
      throws SQLException {
    this.query = observer.prepareStatement(COUNT_SQL);
    query.setString(1, user);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "processlist-sampler");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The number of connections {@code user} has open now. */
  public static int count(Connection observer, String user) throws SQLException {
    try (PreparedStatement statement = observer.prepareStatement(COUNT_SQL)) {
      statement.setString(1, user);
      return count(statement);
    }
  }

  /**
   * Waits until {@code user} has no connection open, checking every {@code interval}: a previous
   * run's connections may linger in the process list until MySQL notices their sockets closed.
   *
   * @throws IllegalStateException if some are still open after {@code timeout}
   */
  public static void awaitNone(Connection observer, String user, Duration interval, Duration timeout)
      throws SQLException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count(observer, user) > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(user + " still has connections open after " + timeout);
      }
      LockSupport.parkNanos(interval.toNanos());
    }
  }

  /**
   * Starts sampling {@code user}'s connection count every {@code interval} on a daemon thread,
   * which uses {@code observer} exclusively until {@link #close()}.
   */
  public static ProcesslistSampler start(Connection observer, String user, Duration interval)
      throws SQLException {
    return new ProcesslistSampler(observer, user, interval);
  }

  /** The highest count sampled so far. */
  public int peak() {
    return peak.get();
  }

  /** How many samples were taken. */
  public int samples() {
    return samples.get();
  }

  /** Stops sampling; fails if any sample failed, since the peak would then be a guess. */
  @Override
  public void close() throws SQLException {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    query.close();
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private void sample() {
    try {
      peak.accumulateAndGet(count(query), Math::max);
      samples.incrementAndGet();
    } catch (SQLException e) {
      failure.compareAndSet(null, e);
    }
  }

  private static int count(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
