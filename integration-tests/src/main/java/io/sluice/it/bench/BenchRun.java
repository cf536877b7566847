package io.sluice.it.bench;

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

/**
 * Runs one side of a scenario: forks {@link BenchApp} (its own classes and Connector/J, nothing
 * else it needs), with or without {@code -javaagent}, while sampling MySQL's process list for the
 * app's user.
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
    List<String> args = new ArrayList<>();
    args.add("--url=" + database.url());
    args.add("--user=" + database.user());
    args.add("--rows=" + database.rows());
    args.addAll(appArgs);
    JvmFork fork =
        JvmFork.mainClass(BenchApp.class.getName())
            .javaHome(javaHome)
            .classpath(codeSource(BenchApp.class), codeSource(connectorJ()))
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
    try (Connection observer = mysql.rootConnection()) {
      ProcesslistSampler.awaitNone(observer, database.user(), SAMPLE_INTERVAL, DRAIN_TIMEOUT);
      try (ProcesslistSampler sampler =
              ProcesslistSampler.start(observer, database.user(), SAMPLE_INTERVAL);
          ForkedJvm app = fork.start()) {
        app.awaitSuccess(timeout);
        String line = app.awaitLine("RESULT ", Duration.ZERO);
        return new Side(
            KeyValueLine.parse(line),
            sampler.peak(),
            app.stdoutLines().stream()
                .filter(l -> l.startsWith(FAILURE_PREFIX))
                .map(l -> l.substring(FAILURE_PREFIX.length()))
                .findFirst(),
            app.sluiceProblems());
      }
    }
  }


  /** Connector/J is a runtime-only dependency of this module: found by name. */
  static Class<?> connectorJ() {
    try {
      return Class.forName("com.mysql.cj.jdbc.Driver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Connector/J is not on the harness's classpath", e);
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
