package io.sluice.it.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import io.sluice.testkit.KeyValueLine;
import io.sluice.testkit.ProcesslistSampler;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Runs one side of a scenario: forks {@link BenchApp} (its own classes, Connector/J and HikariCP,
 * nothing else it needs), with or without {@code -javaagent}, while watching MySQL's connections
 * for the app's user.
 */
final class BenchRun {
  private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(100);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
  private static final String FAILURE_PREFIX = "FIRST_FAILURE ";

  private final EmbeddedMysql mysql;
  private final HarnessOptions options;
  private final BenchDatabase database;

  BenchRun(EmbeddedMysql mysql, HarnessOptions options, BenchDatabase database) {
    this.mysql = mysql;
    this.options = options;
    this.database = database;
  }

  Side run(Scenario scenario, boolean withAgent) throws SQLException {
    return run(
        "scenario-" + scenario.letter() + (withAgent ? "-agent" : "-direct"),
        scenario.appArgs(options),
        withAgent ? scenario.agentArgs() : null,
        scenario.javaHome(options),
        scenario.timeout(options));
  }

  /**
   * Runs {@link BenchApp} once.
   *
   * @param agentArgs the agent's args, or null to run without the agent
   */
  Side run(String name, List<String> appArgs, String agentArgs, Path javaHome, Duration timeout)
      throws SQLException {
    JvmFork fork = fork(name, appArgs, agentArgs, javaHome);
    try (Connection observer = mysql.rootConnection()) {
      ProcesslistSampler.awaitNone(observer, database.user(), SAMPLE_INTERVAL, DRAIN_TIMEOUT);
      try (ProcesslistSampler sampler =
              ProcesslistSampler.start(observer, database.user(), SAMPLE_INTERVAL);
          ForkedJvm app = fork.start()) {
        app.awaitSuccess(timeout);
        return side(app, sampler.peak());
      }
    }
  }

  /**
   * Runs one of {@link PooledLoad}'s modes, with its handshake: MySQL's {@code Com_*} counters are
   * read when the app says {@code MEASURE} and {@code MEASURED}, while all its threads are stopped,
   * and its peak of connections ({@code Max_used_connections}, exact) over the whole run, less the
   * harness's own. No process-list sampling: its queries would count among the commands.
   *
   * @param agentArgs the agent's args, or null to run without the agent
   */
  CountedSide runCounted(String name, List<String> appArgs, String agentArgs, Duration timeout)
      throws SQLException {
    List<String> args = new ArrayList<>(appArgs);
    args.add("--handshake=true");
    JvmFork fork = fork(name, args, agentArgs, options.javaHome());
    try (Connection observer = mysql.rootConnection()) {
      ProcesslistSampler.awaitNone(observer, database.user(), SAMPLE_INTERVAL, DRAIN_TIMEOUT);
      int harnessOwn = ServerCounters.resetPeak(observer);
      try (ForkedJvm app = fork.start()) {
        app.awaitLine("MEASURE"::equals, "MEASURE", timeout);
        Map<String, Long> before = ServerCounters.commands(observer);
        app.send("go");
        app.awaitLine("MEASURED"::equals, "MEASURED", timeout);
        Map<String, Long> after = ServerCounters.commands(observer);
        app.send("go");
        app.awaitSuccess(timeout);
        return new CountedSide(
            side(app, ServerCounters.peak(observer) - harnessOwn),
            ServerCounters.delta(before, after));
      }
    }
  }

  private JvmFork fork(String name, List<String> appArgs, String agentArgs, Path javaHome) {
    List<String> args = new ArrayList<>();
    args.add("--url=" + database.url());
    args.add("--user=" + database.user());
    args.add("--rows=" + database.rows());
    args.addAll(appArgs);
    JvmFork fork =
        JvmFork.mainClass(BenchApp.class.getName())
            .javaHome(javaHome)
            .classpath(
                codeSource(BenchApp.class),
                codeSource(connectorJ()),
                codeSource(HikariDataSource.class),
                codeSource(LoggerFactory.class),
                codeSource(named("org.slf4j.nop.NOPServiceProvider")))
            .args(args.toArray(String[]::new))
            .env("BENCH_PASSWORD", database.password()) // not on the command line, which failures quote
            .outputDir(options.workDir().resolve("bench"), name);
    if (agentArgs != null) {
      fork.javaagent(options.agentJar(), agentArgs);
    }
    if (options.profile()) {
      Path recording = options.workDir().resolve("bench").resolve(name + ".jfr");
      fork.jvmArgs("-XX:StartFlightRecording=settings=profile,filename=" + recording);
    }
    return fork;
  }

  private static Side side(ForkedJvm app, int mysqlPeak) {
    String line = app.awaitLine("RESULT ", Duration.ZERO);
    return new Side(
        KeyValueLine.parse(line),
        mysqlPeak,
        app.stdoutLines().stream()
            .filter(l -> l.startsWith(FAILURE_PREFIX))
            .map(l -> l.substring(FAILURE_PREFIX.length()))
            .findFirst(),
        app.sluiceProblems());
  }

  /** Connector/J is a runtime-only dependency of this module: found by name. */
  static Class<?> connectorJ() {
    return named("com.mysql.cj.jdbc.Driver");
  }

  /** A class of a runtime-only dependency. */
  private static Class<?> named(String className) {
    try {
      return Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(className + " is not on the harness's classpath", e);
    }
  }

  /** The jar or classes directory {@code type} was loaded from. */
  static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
