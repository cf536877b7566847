package io.sluice.it.demo;

import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import io.sluice.testkit.KeyValueLine;
import io.sluice.testkit.ProcesslistSampler;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * One run of the unchanged sample app, with or without the agent, watched from MySQL's process
 * list.
 */
final class SampleAppRun {
  private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(100);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /**
   * What one side measured.
   *
   * @param result the app's RESULT line
   * @param mysqlPeak the most connections MySQL showed for the app's user at once
   * @param agentProblems the agent's WARN/ERROR lines
   */
  record Outcome(KeyValueLine result, int mysqlPeak, List<String> agentProblems) {}

  private final EmbeddedMysql mysql;
  private final DemoOptions options;
  private final String url;
  private final String user;
  private final String password;

  SampleAppRun(EmbeddedMysql mysql, DemoOptions options, String url, String user, String password) {
    this.mysql = mysql;
    this.options = options;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  Outcome run(String name, boolean withAgent) throws SQLException {
    try (Connection observer = mysql.rootConnection()) {
      ProcesslistSampler.awaitNone(observer, user, SAMPLE_INTERVAL, DRAIN_TIMEOUT);
      JvmFork fork =
          JvmFork.jar(options.sampleAppJar())
              .javaHome(options.javaHome())
              .args(
                  "--url=" + url,
                  "--user=" + user,
                  "--threads=" + options.threads(),
                  "--pool-size=" + options.poolSize(),
                  "--duration=" + options.durationSeconds(),
                  "--warmup=" + options.warmupSeconds())
              .env("ORDERS_PASSWORD", password) // not on the command line, which failures quote
              .outputDir(options.workDir().resolve("demo"), name);
      if (withAgent) {
        fork.javaagent(options.agentJar(), options.agentArgs());
      }
      try (ProcesslistSampler sampler = ProcesslistSampler.start(observer, user, SAMPLE_INTERVAL);
          ForkedJvm app = fork.start()) {
        app.awaitSuccess(
            Duration.ofSeconds(options.warmupSeconds() + options.durationSeconds()).plusMinutes(3));
        String line = app.awaitLine("RESULT ", Duration.ZERO);
        return new Outcome(KeyValueLine.parse(line), sampler.peak(), app.sluiceProblems());
      }
    }
  }

}
