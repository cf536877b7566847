package io.sluice.testkit.oracle;

import io.sluice.testkit.ProcesslistSampler;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A randomized isolation oracle over plain JDBC: concurrent sessions, each one thread holding one
 * connection, run random operations on user variables, {@code sql_mode}, {@code time_zone}, {@code
 * SET NAMES}, the current schema, transactions and {@code LAST_INSERT_ID()}, and check every read
 * against a model of what that session alone did. Sessions share variable names and tables on
 * purpose, so state leaking between them shows as a violation. Zero violations is the only pass.
 *
 * <p>It needs only a {@link ConnectionSource}, so the same run works on a direct Connector/J
 * connection (which shows the model is MySQL's behaviour), through an in-process Sluice, or under
 * the agent. Session {@code i} draws its operations from {@code new Random(seed + i)}: a violation
 * names the seed, session and operation index that reproduce it.
 *
 * <p>The server must be prepared with {@link OracleSchema#prepare}, and the source's URL should
 * name {@link OracleSchema#SCHEMA_A}. Unexpected errors (a killed connection, a restarting server)
 * are counted in the report; the session then opens a new connection and goes on.
 */
public final class IsolationOracle {
  /** Violations kept with their details per session; the rest are only counted. */
  public static final int KEPT_VIOLATIONS = 50;

  private final ConnectionSource source;
  private final OracleConfig config;
  private final ConnectionSource observer;
  private final String observedUser;
  private final OracleListener listener;

  /** An oracle that runs {@code config} on connections from {@code source}. */
  public IsolationOracle(ConnectionSource source, OracleConfig config) {
    this(source, config, null, null, OracleListener.NONE);
  }

  private IsolationOracle(
      ConnectionSource source,
      OracleConfig config,
      ConnectionSource observer,
      String user,
      OracleListener listener) {
    this.source = source;
    this.config = config;
    this.observer = observer;
    this.observedUser = user;
    this.listener = listener;
  }

  /**
   * A copy that also samples how many connections {@code user} holds in MySQL during the run,
   * through a connection from {@code admin} (another user's, so it is not counted itself).
   */
  public IsolationOracle observingProcesslist(ConnectionSource admin, String user) {
    return new IsolationOracle(source, config, admin, user, listener);
  }

  /** A copy that tells {@code newListener} each operation's outcome as it happens. */
  public IsolationOracle withListener(OracleListener newListener) {
    return new IsolationOracle(source, config, observer, observedUser, newListener);
  }

  /** Runs the sessions to their end or the deadline and reports what they found. */
  public Report run() throws SQLException, InterruptedException {
    // Rows of earlier runs stay in the shared tables; this run's rows carry their own token.
    String run = "r" + Long.toHexString(config.seed()) + "-" + Long.toHexString(System.nanoTime());
    Baseline baseline;
    try (Connection first = source.open();
        Statement statement = first.createStatement()) {
      baseline = Baseline.read(first);
      statement.executeUpdate(
          "INSERT INTO "
              + OracleSchema.SCHEMA_A
              + ".txn_commits (run, txn) VALUES ('"
              + run
              + "', 0)");
    }
    long start = System.nanoTime();
    long deadline = start + config.deadline().toNanos();
    List<OracleSession> sessions = new ArrayList<>();
    for (int i = 0; i < config.sessions(); i++) {
      sessions.add(
          new OracleSession(
              i,
              run,
              source,
              baseline,
              config,
              operations(),
              deadline,
              KEPT_VIOLATIONS,
              listener));
    }
    Connection observation = observer == null ? null : observer.open();
    OptionalInt peak = OptionalInt.empty();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            config.sessions(),
            task -> {
              Thread thread = new Thread(task, "oracle-session");
              thread.setDaemon(true);
              return thread;
            });
    try {
      ProcesslistSampler sampler =
          observation == null
              ? null
              : ProcesslistSampler.start(observation, observedUser, Duration.ofMillis(20));
      try {
        List<Future<?>> running = new ArrayList<>();
        for (OracleSession session : sessions) {
          running.add(threads.submit(() -> session.run(config.operationsPerSession())));
        }
        for (Future<?> future : running) {
          future.get();
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException("an oracle session failed", e.getCause());
      } finally {
        if (sampler != null) {
          sampler.close();
          peak = OptionalInt.of(sampler.peak());
        }
      }
    } finally {
      threads.shutdownNow();
      if (observation != null) {
        observation.close();
      }
    }
    return report(baseline, sessions, Duration.ofNanos(System.nanoTime() - start), peak);
  }

  private Report report(
      Baseline baseline, List<OracleSession> sessions, Duration elapsed, OptionalInt peak) {
    Map<Family, Long> byFamily = new EnumMap<>(Family.class);
    Map<String, ErrorStat> errors = new LinkedHashMap<>();
    List<Violation> violations = new ArrayList<>();
    long operations = 0;
    long reads = 0;
    long violationCount = 0;
    long reconnects = 0;
    boolean deadlineReached = false;
    for (OracleSession session : sessions) {
      session.operationsByFamily.forEach((f, n) -> byFamily.merge(f, n, Long::sum));
      session.errors.forEach((key, stat) -> errors.merge(key, stat, ErrorStat::plus));
      if (violations.size() < KEPT_VIOLATIONS) {
        violations.addAll(
            session.violations.subList(
                0, Math.min(session.violations.size(), KEPT_VIOLATIONS - violations.size())));
      }
      operations += session.operationsRun;
      reads += session.readsChecked;
      violationCount += session.violationCount;
      reconnects += session.reconnects;
      deadlineReached |= session.deadlineReached;
    }
    return new Report(
        config,
        baseline,
        operations,
        byFamily,
        reads,
        reconnects,
        violationCount,
        List.copyOf(violations),
        List.copyOf(errors.values()),
        elapsed,
        deadlineReached,
        peak);
  }

  private Map<Family, Operations> operations() {
    Map<Family, Operations> operations = new EnumMap<>(Family.class);
    operations.put(Family.USER_VARIABLES, new UserVariableOps());
    operations.put(Family.SQL_MODE, new SqlModeOps());
    operations.put(Family.TIME_ZONE, new TimeZoneOps());
    operations.put(Family.NAMES, new NamesOps());
    operations.put(Family.SCHEMA, new SchemaOps());
    operations.put(Family.TRANSACTIONS, new TransactionOps());
    operations.put(Family.LAST_INSERT_ID, new InsertIdOps());
    operations.put(Family.RECONNECT, new ReconnectOps());
    return operations;
  }
}
