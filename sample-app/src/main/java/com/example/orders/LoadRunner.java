package com.example.orders;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the request mix on many threads, each borrowing a connection from the pool per request as a
 * web service does: an unmeasured warm-up, then a measured phase.
 */
final class LoadRunner {
  private static final int ERRORS_SHOWN = 5;

  private final HikariDataSource dataSource;
  private final AppConfig config;
  private final AtomicLong errors = new AtomicLong();
  private final AtomicInteger errorsShown = new AtomicInteger();

  LoadRunner(HikariDataSource dataSource, AppConfig config) {
    this.dataSource = dataSource;
    this.config = config;
  }

  /** The measured outcome of one run. */
  record Result(
      int threads,
      int appConnections,
      long ops,
      double seconds,
      long[] sortedLatencies,
      long errors) {
    String line() {
      return String.format(
          java.util.Locale.ROOT,
          "RESULT threads=%d appConnections=%d ops=%d seconds=%.1f throughput=%.1f p50Ms=%.3f"
              + " p99Ms=%.3f errors=%d",
          threads,
          appConnections,
          ops,
          seconds,
          ops / seconds,
          Latencies.percentileMillis(sortedLatencies, 50),
          Latencies.percentileMillis(sortedLatencies, 99),
          errors);
    }
  }

  Result run() throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + config.warmupSeconds() * 1_000_000_000L;
    long stopAt = measureFrom + config.durationSeconds() * 1_000_000_000L;
    List<Latencies> measured = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < config.threads(); i++) {
      Latencies latencies = new Latencies();
      measured.add(latencies);
      Thread worker = new Thread(() -> work(measureFrom, stopAt, latencies), "worker-" + i);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    // Read while the pool is still open: the connections the app holds towards "its" database.
    int appConnections = dataSource.getHikariPoolMXBean().getTotalConnections();
    long[] sorted = Latencies.sortedUnion(measured);
    return new Result(
        config.threads(),
        appConnections,
        sorted.length,
        config.durationSeconds(),
        sorted,
        errors.get());
  }

  private void work(long measureFrom, long stopAt, Latencies latencies) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (long now = System.nanoTime(); now < stopAt; now = System.nanoTime()) {
      Operation operation = Operation.pick(random);
      boolean measuring = now >= measureFrom;
      try (Connection connection = dataSource.getConnection()) {
        operation.run(connection, random);
        long end = System.nanoTime();
        if (measuring && end <= stopAt) {
          latencies.add(end - now);
        }
      } catch (SQLException | RuntimeException e) {
        if (measuring) {
          errors.incrementAndGet();
        }
        if (errorsShown.incrementAndGet() <= ERRORS_SHOWN) {
          System.err.println("request " + operation + " failed: " + e);
        }
      }
    }
  }
}
