package io.sluice.it.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link BenchApp}'s {@code select} mode: {@code --threads} platform threads, each with its own
 * connection and {@code PreparedStatement}, run point selects for {@code --warmup} seconds, then
 * for {@code --duration} measured seconds, recording each statement's latency.
 */
final class PointSelects {
  private final BenchApp app;
  private final AtomicLong errors = new AtomicLong();

  PointSelects(BenchApp app) {
    this.app = app;
  }

  String run() throws Exception {
    int threads = app.number("threads");
    List<Worker> workers = new ArrayList<>();
    CountDownLatch connected = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < threads; i++) {
      Worker worker = new Worker(connected, go, settings(i));
      workers.add(worker);
      worker.thread.start();
    }
    connected.await();
    // Every thread connects first, so the warm-up and measured phases see only statements.
    long measureFrom = System.nanoTime() + app.number("warmup") * 1_000_000_000L;
    long end = measureFrom + app.number("duration") * 1_000_000_000L;
    for (Worker worker : workers) {
      worker.measureFrom = measureFrom;
      worker.end = end;
    }
    go.countDown();
    LongList merged = new LongList();
    for (Worker worker : workers) {
      worker.thread.join();
      merged.addAll(worker.latencies);
    }
    long[] all = merged.sorted();
    double seconds = app.number("duration");
    return String.format(
        Locale.ROOT,
        "mode=select threads=%d connections=%d ops=%d throughput=%.1f p50Us=%.1f p99Us=%.1f"
            + " errors=%d %s",
        threads,
        threads,
        all.length,
        all.length / seconds,
        LongList.percentile(all, 0.50) / 1_000.0,
        LongList.percentile(all, 0.99) / 1_000.0,
        errors.get(),
        agentCounters());
  }

  /**
   * What thread {@code i} sets on its connection before its selects, by {@code --settings}: none;
   * {@code sqlmode}, one of three sql_modes that ride as SET_VAR hints; {@code week}, the same plus
   * a week format no hint carries (the settings path).
   */
  private String[] settings(int i) {
    String kind = app.textOr("settings", "none");
    String mode = "SET sql_mode = '" + SQL_MODES[i % SQL_MODES.length] + "'";
    return switch (kind) {
      case "none" -> new String[0];
      case "sqlmode" -> new String[] {mode};
      case "week" -> new String[] {mode, "SET default_week_format = " + (i % SQL_MODES.length + 1)};
      default -> throw new IllegalArgumentException("Unknown --settings=" + kind);
    };
  }

  /**
   * Three distinct sql_modes, none of which draws a warning, so that all may ride as hints.
   * (MySQL 8.0.31 warns 3135 for {@code STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION}: a session
   * with that mode would take the settings pool instead.)
   */
  private static final String[] SQL_MODES = {
    "TRADITIONAL",
    "NO_ENGINE_SUBSTITUTION",
    "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO"
  };

  /**
   * What the agent did with the sessions' settings during the run, read from its JMX by name:
   * sessions it reserved a connection for (the per-reason counters are cumulative, so closed
   * sessions count), statements that carried settings as hints, and the settings pool's hits and
   * misses over every tablet; {@code -} for each without the agent.
   */
  private static String agentCounters() throws Exception {
    javax.management.MBeanServer jmx =
        java.lang.management.ManagementFactory.getPlatformMBeanServer();
    javax.management.ObjectName sessions =
        new javax.management.ObjectName("io.sluice:type=Sessions");
    if (!jmx.isRegistered(sessions)) {
      return "reservedSessions=- hinted=- settingsHits=- settingsMisses=-";
    }
    long reserved = 0;
    for (String reason : new String[] {"Settings", "TemporaryTables", "Locks", "Other"}) {
      reserved += (Long) jmx.getAttribute(sessions, "ReservationsFor" + reason);
    }
    long hits = 0;
    long misses = 0;
    for (javax.management.ObjectName tablet :
        jmx.queryNames(new javax.management.ObjectName("io.sluice:type=Tablet,*"), null)) {
      hits += (Long) jmx.getAttribute(tablet, "SettingsPoolHits");
      misses += (Long) jmx.getAttribute(tablet, "SettingsPoolMisses");
    }
    return String.format(
        Locale.ROOT,
        "reservedSessions=%d hinted=%d settingsHits=%d settingsMisses=%d",
        reserved,
        (Long) jmx.getAttribute(sessions, "SetVarRewrites"),
        hits,
        misses);
  }

  /** One thread, one connection, one prepared statement. */
  private final class Worker implements Runnable {
    final Thread thread = new Thread(this, "bench-select");
    final LongList latencies = new LongList();
    private final CountDownLatch connected;
    private final CountDownLatch go;
    private final String[] settings;
    // Written before go.countDown(), read after go.await(): the latch publishes them.
    long measureFrom;
    long end;

    Worker(CountDownLatch connected, CountDownLatch go, String[] settings) {
      this.connected = connected;
      this.go = go;
      this.settings = settings;
    }

    @Override
    public void run() {
      try (Connection connection = app.connect();
          PreparedStatement select = connection.prepareStatement(BenchApp.POINT_SELECT)) {
        try (java.sql.Statement set = connection.createStatement()) {
          for (String sql : settings) {
            set.execute(sql);
          }
        }
        connected.countDown();
        go.await();
        for (long now = System.nanoTime(); now < end; ) {
          try {
            app.selectRandom(select);
          } catch (SQLException e) {
            if (errors.getAndIncrement() == 0) {
              e.printStackTrace();
            }
          }
          long done = System.nanoTime();
          if (now >= measureFrom && done <= end) {
            latencies.add(done - now);
          }
          now = done;
        }
      } catch (SQLException e) {
        errors.incrementAndGet();
        e.printStackTrace();
        connected.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
