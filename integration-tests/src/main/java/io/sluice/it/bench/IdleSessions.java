package io.sluice.it.bench;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link BenchApp}'s {@code sessions} mode: {@code --sessions} virtual threads each open their own
 * connection, run one point select, then all hold their connections idle while the app measures
 * the heap (used after GC, sessions open, minus the same before opening them); finally every
 * session runs {@code --statements} more point selects, concurrently, and closes. Before that, it
 * measures the heap of as many virtual threads parked with no connection, the application's own
 * share of each session.
 *
 * <p>Opening stops at the first failure (a direct connection fails at MySQL's {@code
 * max_connections}); the sessions already open still run their statements. The first failure is
 * printed as a {@code FIRST_FAILURE message} line before the RESULT.
 */
final class IdleSessions {
  // Thousands of simultaneous connects would overflow MySQL's accept backlog and turn the direct
  // side's failure into connect timeouts instead of MySQL's own "Too many connections".
  private static final int OPENERS = 32;
  private static final int GC_ROUNDS = 3;

  private final BenchApp app;
  private final Semaphore openers = new Semaphore(OPENERS);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger statementsRun = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicReference<SQLException> firstFailure = new AtomicReference<>();
  private final int sessions;
  private final CountDownLatch settled;

  IdleSessions(BenchApp app) {
    this.app = app;
    this.sessions = app.number("sessions");
    this.settled = new CountDownLatch(sessions);
  }

  String run() throws Exception {
    ExecutorService executor = virtualThreads();
    long threadBytes = heapPerParkedThread(executor);
    // One connection first, so one-time costs (driver classes, the agent's tablet) are not
    // charged to the sessions.
    try (Connection warmUp = app.connect()) {
      app.selectOnce(warmUp);
    }
    long before = heapAfterGc();
    long start = System.nanoTime();
    for (int i = 0; i < sessions; i++) {
      executor.execute(this::session);
    }
    settled.await();
    double openSeconds = (System.nanoTime() - start) / 1e9;
    long open = heapAfterGc();
    long perSession = (open - before) / Math.max(1, opened.get());
    release.countDown();
    executor.shutdown();
    if (!executor.awaitTermination(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("Sessions still running after 10 minutes");
    }
    SQLException failure = firstFailure.get();
    if (failure != null) {
      System.out.println("FIRST_FAILURE " + failure.getMessage());
    }
    return String.format(
        Locale.ROOT,
        "mode=sessions java=%s sessions=%d opened=%d completed=%b openSeconds=%.1f"
            + " heapBeforeBytes=%d heapOpenBytes=%d heapPerSessionBytes=%d heapPerThreadBytes=%d"
            + " heapPerConnectionBytes=%d"
            + " statements=%d"
            + " errors=%d failedAt=%d errorCode=%d sqlState=%s",
        Runtime.version().feature(),
        sessions,
        opened.get(),
        failure == null && opened.get() == sessions && errors.get() == 0,
        openSeconds,
        before,
        open,
        perSession,
        threadBytes,
        perSession - threadBytes,
        statementsRun.get(),
        errors.get(),
        // Connects in flight when the first one failed may still have succeeded: the failing
        // connection is the one after all that did.
        failure == null ? 0 : opened.get() + 1,
        failure == null ? 0 : failure.getErrorCode(),
        failure == null ? "-" : failure.getSQLState());
  }

  private void session() {
    Connection connection = open();
    settled.countDown();
    if (connection == null) {
      return;
    }
    try (connection) {
      release.await();
      for (int i = app.number("statements"); i > 0; i--) {
        app.selectOnce(connection);
        statementsRun.incrementAndGet();
      }
    } catch (SQLException e) {
      if (errors.getAndIncrement() == 0) {
        e.printStackTrace();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A connection that answered one select, or null once opening has failed. */
  private Connection open() {
    try {
      openers.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    try {
      if (firstFailure.get() != null) {
        return null;
      }
      Connection connection = app.connect();
      try {
        app.selectOnce(connection);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
      opened.incrementAndGet();
      return connection;
    } catch (SQLException e) {
      firstFailure.compareAndSet(null, e);
      return null;
    } finally {
      openers.release();
    }
  }

  /**
   * The heap one virtual thread costs parked with nothing: the part of the per-session figure that
   * is the application's own thread, not its connection.
   */
  private long heapPerParkedThread(ExecutorService executor) throws InterruptedException {
    CountDownLatch parked = new CountDownLatch(sessions);
    CountDownLatch wake = new CountDownLatch(1);
    long before = heapAfterGc();
    for (int i = 0; i < sessions; i++) {
      executor.execute(
          () -> {
            parked.countDown();
            try {
              wake.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    parked.await();
    long held = heapAfterGc();
    wake.countDown();
    return (held - before) / sessions;
  }

  private static long heapAfterGc() {
    for (int i = 0; i < GC_ROUNDS; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Java 21's virtual threads, reached reflectively: this class is compiled for release 17. */
  private static ExecutorService virtualThreads() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          "Virtual threads need JDK 21 or newer; this JVM is " + Runtime.version(), e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
