package io.sluice.it.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link BenchApp}'s pooled modes: {@code --threads} threads share a HikariCP pool of {@code
 * --pool} connections, as a service does, and run {@code --mix}'s transactions back to back, each
 * on a connection borrowed for it; a deadlock or lock wait timeout rolls the transaction back and
 * runs it again, as an application's retry does, and is counted. A warm-up phase, then a measured
 * one, each on fresh threads. Before and after the measured phase, with every thread stopped, the
 * app prints {@code MEASURE} and {@code MEASURED} and waits for a line on stdin, so that the harness
 * reads MySQL's counters around exactly the measured transactions. The RESULT line's figures are
 * the measured phase's, but for {@code errors}, which counts the warm-up's too.
 *
 * <p>Arguments: {@code --mix=tpcc|short --threads --pool --warmup --duration}, {@code
 * --autocommit=true|false} and {@code --isolation=REPEATABLE_READ|SERIALIZABLE|...} (the pool's
 * defaults for its connections), {@code --handshake=true}.
 */
final class PooledLoad {
  private static final int DEADLOCK = 1213;
  private static final int LOCK_WAIT_TIMEOUT = 1205;
  private static final int MAX_ATTEMPTS = 20;

  /** A transaction mix: draws each next transaction's inputs, then runs it. */
  interface Mix {
    /** The next transaction a thread runs, its inputs drawn. */
    Transaction next(ThreadLocalRandom random);

    /** The mix's own counters for the RESULT line, as {@code k=v} fields. */
    String counters();
  }

  /** One transaction with its inputs, run again from the start on a retry. */
  interface Transaction {
    /** Runs on {@code connection}, committing or rolling back as the application decides. */
    void run(Connection connection) throws SQLException;
  }

  private final BenchApp app;
  private final Mix mix;
  private final AtomicLong deadlocks = new AtomicLong();
  private final AtomicLong lockWaitTimeouts = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final BufferedReader stdin =
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

  PooledLoad(BenchApp app, Mix mix) {
    this.app = app;
    this.mix = mix;
  }

  String run() throws Exception {
    int threads = app.number("threads");
    int pool = app.number("pool");
    boolean handshake = Boolean.parseBoolean(app.textOr("handshake", "false"));
    try (HikariDataSource dataSource = dataSource(pool)) {
      phase(dataSource, threads, app.number("warmup"));
      await(handshake, "MEASURE");
      long deadlocksBefore = deadlocks.get();
      long lockWaitsBefore = lockWaitTimeouts.get();
      long start = System.nanoTime();
      long[] latencies = phase(dataSource, threads, app.number("duration")).sorted();
      double seconds = (System.nanoTime() - start) / 1e9;
      await(handshake, "MEASURED");
      return String.format(
          Locale.ROOT,
          "mode=%s threads=%d pool=%d ops=%d seconds=%.2f throughput=%.1f p50Ms=%.3f p99Ms=%.3f"
              + " deadlocks=%d lockWaitTimeouts=%d errors=%d %s",
          app.text("mode"),
          threads,
          pool,
          latencies.length,
          seconds,
          latencies.length / seconds,
          LongList.percentile(latencies, 0.50) / 1e6,
          LongList.percentile(latencies, 0.99) / 1e6,
          deadlocks.get() - deadlocksBefore,
          lockWaitTimeouts.get() - lockWaitsBefore,
          errors.get(),
          mix.counters());
    }
  }

  private HikariDataSource dataSource(int pool) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench");
    config.setJdbcUrl(app.text("url"));
    config.setUsername(app.text("user"));
    config.setPassword(app.password());
    config.setMaximumPoolSize(pool);
    config.setAutoCommit(Boolean.parseBoolean(app.textOr("autocommit", "true")));
    String isolation = app.textOr("isolation", "");
    if (!isolation.isEmpty()) {
      config.setTransactionIsolation("TRANSACTION_" + isolation);
    }
    return new HikariDataSource(config);
  }

  /** Says {@code word} on stdout and, with the handshake on, waits for the harness's line. */
  private void await(boolean handshake, String word) throws IOException {
    System.out.println(word);
    System.out.flush();
    if (handshake) {
      String line = stdin.readLine();
      if (line == null) {
        throw new IOException("stdin ended while waiting after " + word);
      }
    }
  }

  /** Runs {@code threads} threads for {@code seconds}; their transactions' latencies. */
  private LongList phase(HikariDataSource dataSource, int threads, int seconds)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    List<LongList> latencies = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      LongList mine = new LongList();
      latencies.add(mine);
      Thread worker = new Thread(() -> work(dataSource, end, mine), "bench-tx-" + i);
      workers.add(worker);
      worker.start();
    }
    LongList all = new LongList();
    for (int i = 0; i < threads; i++) {
      workers.get(i).join();
      all.addAll(latencies.get(i));
    }
    return all;
  }

  private void work(HikariDataSource dataSource, long end, LongList latencies) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (long start = System.nanoTime(); start < end; start = System.nanoTime()) {
      if (runWithRetries(dataSource, mix.next(random))) {
        latencies.add(System.nanoTime() - start);
      }
    }
  }

  /** Runs {@code tx} until it completes; false if it failed otherwise than by a lock conflict. */
  private boolean runWithRetries(HikariDataSource dataSource, Transaction tx) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        try {
          tx.run(connection);
          return true;
        } catch (SQLException e) {
          rollback(connection);
          if (!retried(e) || attempt == MAX_ATTEMPTS) {
            throw e;
          }
        }
      } catch (SQLException e) {
        if (errors.getAndIncrement() == 0) {
          e.printStackTrace();
        }
        return false;
      }
    }
  }

  /** Counts a deadlock or lock wait timeout, which the application retries; false otherwise. */
  private boolean retried(SQLException e) {
    switch (e.getErrorCode()) {
      case DEADLOCK -> deadlocks.incrementAndGet();
      case LOCK_WAIT_TIMEOUT -> lockWaitTimeouts.incrementAndGet();
      default -> {
        return false;
      }
    }
    return true;
  }

  private static void rollback(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.rollback();
    }
  }
}
