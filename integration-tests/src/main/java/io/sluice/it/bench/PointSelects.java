package io.sluice.it.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
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
      Worker worker = new Worker(connected, go);
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
    long[] all = merged.toArray();
    Arrays.sort(all);
    double seconds = app.number("duration");
    return String.format(
        Locale.ROOT,
        "mode=select threads=%d connections=%d ops=%d throughput=%.1f p50Us=%.1f p99Us=%.1f"
            + " errors=%d",
        threads,
        threads,
        all.length,
        all.length / seconds,
        percentile(all, 0.50) / 1_000.0,
        percentile(all, 0.99) / 1_000.0,
        errors.get());
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)];
  }

  /** One thread, one connection, one prepared statement. */
  private final class Worker implements Runnable {
    final Thread thread = new Thread(this, "bench-select");
    final LongList latencies = new LongList();
    private final CountDownLatch connected;
    private final CountDownLatch go;
    // Written before go.countDown(), read after go.await(): the latch publishes them.
    long measureFrom;
    long end;

    Worker(CountDownLatch connected, CountDownLatch go) {
      this.connected = connected;
      this.go = go;
    }

    @Override
    public void run() {
      try (Connection connection = app.connect();
          PreparedStatement select = connection.prepareStatement(BenchApp.POINT_SELECT)) {
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

  /** A growable array of primitive longs: a measured run records millions of latencies. */
  private static final class LongList {
    private long[] values = new long[1 << 16];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    void addAll(LongList other) {
      for (int i = 0; i < other.size; i++) {
        add(other.values[i]);
      }
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
