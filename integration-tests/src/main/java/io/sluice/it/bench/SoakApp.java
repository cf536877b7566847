package io.sluice.it.bench;

import io.sluice.testkit.oracle.IsolationOracle;
import io.sluice.testkit.oracle.OracleConfig;
import io.sluice.testkit.oracle.OracleListener;
import io.sluice.testkit.oracle.OracleSchema;
import io.sluice.testkit.oracle.Report;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The soak's application, forked by {@link Soak}: plain {@link DriverManager} and Connector/J, so
 * under the agent every connection is a logical session. For {@code --seconds} it runs the
 * isolation oracle ({@code --sessions} sessions, every family, operations without end) beside
 * {@code --selects} threads of point selects that open a new connection every few hundred
 * statements; every {@code --sample-seconds} it prints one {@code SAMPLE n=k ...} line (heap used
 * after a full GC, live threads, Sluice's JMX, operations so far), and at the end one {@code RESULT
 * ...} line and the oracle's report.
 *
 * <p>Arguments: {@code --url= --user= --seconds= --sample-seconds= --sessions= --selects= --seed=};
 * the password comes from the environment variable {@code SOAK_PASSWORD}.
 */
public final class SoakApp {
  /** The schema the URL names: the oracle's, whose {@code numbers} table the selects read. */
  static final String SCHEMA = OracleSchema.SCHEMA_A;

  private static final String SELECT = "SELECT n FROM numbers WHERE n = ?";
  private static final int NUMBERS = 100;

  /** Statements per connection of a select thread: sessions open and close all through the run. */
  private static final int SELECTS_PER_CONNECTION = 500;

  private final Map<String, String> args;
  private final String password;
  private final LongAdder oracleOps = new LongAdder();
  private final LongAdder oracleErrors = new LongAdder();
  private final LongAdder selectOps = new LongAdder();
  private final LongAdder selectErrors = new LongAdder();
  private final AtomicInteger samples = new AtomicInteger();
  private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

  private SoakApp(Map<String, String> args, String password) {
    this.args = args;
    this.password = password;
  }

  public static void main(String[] argv) throws Exception {
    new SoakApp(BenchApp.arguments(argv), System.getenv().getOrDefault("SOAK_PASSWORD", "")).run();
  }

  private void run() throws Exception {
    long seconds = number("seconds");
    long sampleSeconds = number("sample-seconds");
    long start = System.nanoTime();
    // The load outlasts the last sample by half an interval, so no sample sees it winding down.
    long end =
        start + TimeUnit.SECONDS.toNanos(seconds) + TimeUnit.SECONDS.toNanos(sampleSeconds) / 2;

    List<Thread> selects = new ArrayList<>();
    for (int i = 0; i < number("selects"); i++) {
      Thread thread = new Thread(() -> selectUntil(end), "soak-select-" + i);
      thread.setDaemon(true); // should the oracle fail, main's exception ends the JVM at once
      selects.add(thread);
      thread.start();
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "soak-sampler");
              thread.setDaemon(true);
              return thread;
            });
    long samplesWanted = seconds / sampleSeconds;
    timer.scheduleAtFixedRate(
        () -> {
          if (samples.get() < samplesWanted) {
            sample(start);
          }
        },
        sampleSeconds,
        sampleSeconds,
        TimeUnit.SECONDS);

    OracleConfig config =
        OracleConfig.of(number("sessions"), Integer.MAX_VALUE, Long.parseLong(text("seed")))
            .withDeadline(Duration.ofNanos(end - System.nanoTime()));
    Report report =
        new IsolationOracle(
                () -> DriverManager.getConnection(text("url"), text("user"), password), config)
            .withListener(new Counter())
            .run();
    for (Thread thread : selects) {
      thread.join();
    }
    timer.shutdown();
    timer.awaitTermination(1, TimeUnit.MINUTES);
    System.out.printf(
        Locale.ROOT,
        "RESULT samples=%d oracleOps=%d violations=%d oracleErrors=%d reconnects=%d"
            + " selectOps=%d selectErrors=%d openSessionsAfter=%s%n",
        samples.get(),
        report.operations(),
        report.violationCount(),
        report.errorCount(),
        report.reconnects(),
        selectOps.sum(),
        selectErrors.sum(),
        sessionsAttribute("OpenSessions"));
    System.out.print(report);
    System.out.flush();
  }

  /** Point selects on a connection of its own, reopened every few hundred statements. */
  private void selectUntil(long end) {
    while (System.nanoTime() - end < 0) {
      try (Connection connection =
              DriverManager.getConnection(text("url"), text("user"), password);
          PreparedStatement select = connection.prepareStatement(SELECT)) {
        for (int i = 0; i < SELECTS_PER_CONNECTION && System.nanoTime() - end < 0; i++) {
          int n = ThreadLocalRandom.current().nextInt(NUMBERS);
          select.setInt(1, n);
          try (ResultSet rs = select.executeQuery()) {
            if (!rs.next() || rs.getInt(1) != n) {
              throw new IllegalStateException("A point select for " + n + " found no such row");
            }
          }
          selectOps.increment();
        }
      } catch (SQLException | RuntimeException e) {
        if (selectErrors.sum() == 0) {
          e.printStackTrace();
        }
        selectErrors.increment();
      }
    }
  }

  /** Prints one {@code SAMPLE} line. */
  private void sample(long start) {
    try {
      // A full collection first: what is left is what the run holds on to, not garbage.
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      int threads = ManagementFactory.getThreadMXBean().getThreadCount();
      long physical = 0;
      long inUse = 0;
      long reservedConnections = 0;
      long transactionConnections = 0;
      long capacity = 0;
      for (ObjectName tablet : jmx.queryNames(new ObjectName("io.sluice:type=Tablet,*"), null)) {
        physical += ((Number) jmx.getAttribute(tablet, "PhysicalConnections")).longValue();
        inUse += ((Number) jmx.getAttribute(tablet, "InUse")).longValue();
        reservedConnections +=
            ((Number) jmx.getAttribute(tablet, "ReservedConnections")).longValue();
        transactionConnections +=
            ((Number) jmx.getAttribute(tablet, "TransactionConnections")).longValue();
        capacity += ((Number) jmx.getAttribute(tablet, "Capacity")).longValue();
      }
      System.out.printf(
          Locale.ROOT,
          "SAMPLE n=%d elapsedMs=%d heapBytes=%d threads=%d openSessions=%s reservedSessions=%s"
              + " physical=%d inUse=%d reservedConnections=%d transactionConnections=%d"
              + " capacity=%d oracleOps=%d oracleErrors=%d selectOps=%d selectErrors=%d%n",
          samples.incrementAndGet(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          heap,
          threads,
          sessionsAttribute("OpenSessions"),
          sessionsAttribute("ReservedSessions"),
          physical,
          inUse,
          reservedConnections,
          transactionConnections,
          capacity,
          oracleOps.sum(),
          oracleErrors.sum(),
          selectOps.sum(),
          selectErrors.sum());
      System.out.flush();
    } catch (Exception e) {
      // A sample that cannot be taken must not pass for a flat one: the harness awaits each line.
      e.printStackTrace();
      System.exit(3);
    }
  }

  /**
   * An attribute of {@code io.sluice:type=Sessions}, or {@code -} before the agent registers it.
   */
  private String sessionsAttribute(String name) {
    try {
      ObjectName sessions = new ObjectName("io.sluice:type=Sessions");
      return jmx.isRegistered(sessions) ? String.valueOf(jmx.getAttribute(sessions, name)) : "-";
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read " + name + " from Sluice's JMX", e);
    }
  }

  private String text(String name) {
    String value = args.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Missing --" + name + "=");
    }
    return value;
  }

  private int number(String name) {
    return Integer.parseInt(text(name));
  }

  /** Counts the oracle's operations as they complete. */
  private final class Counter implements OracleListener {
    @Override
    public void succeeded(int session, int operation, long startNanos, long endNanos) {
      oracleOps.increment();
    }

    @Override
    public void failed(
        int session,
        int operation,
        String sql,
        Exception error,
        boolean inTransaction,
        long statementStartNanos,
        long endNanos) {
      oracleOps.increment();
      oracleErrors.increment();
    }
  }
}
