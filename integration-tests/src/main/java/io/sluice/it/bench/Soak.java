package io.sluice.it.bench;

import io.sluice.it.CommandLine;
import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import io.sluice.testkit.KeyValueLine;
import io.sluice.testkit.ProcesslistSampler;
import io.sluice.testkit.oracle.IsolationOracle;
import io.sluice.testkit.oracle.OracleSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak of issue 7: one application JVM under {@code -javaagent} runs a mixed workload ({@link
 * SoakApp}: the isolation oracle's 32 sessions and a few threads of point selects that keep opening
 * sessions) on an embedded MySQL 8.0.31 for ten minutes, sampling its heap after a full GC, its
 * threads and Sluice's JMX every ten seconds, while this process counts the application user's
 * connections in MySQL's process list. It prints a line per sample, then a table of the first,
 * second and last minute and a verdict: heap, threads and physical connections stay flat, and the
 * oracle finds no violation.
 *
 * <p>A benchmark command, not part of CI (which runs {@code SoakIT} at a smoke size): {@code mvn -B
 * -q package -DskipTests && java -cp integration-tests/target/sluice-demo.jar
 * io.sluice.it.bench.Soak [--minutes=10]}. Exits with 1 unless the run was flat and clean.
 */
public final class Soak {
  private static final String USER = "soak_app";
  private static final String PASSWORD = "soak-secret";
  private static final Duration PEAK_INTERVAL = Duration.ofMillis(100);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private Soak() {}

  public static void main(String[] args) throws Exception {
    SoakOptions options =
        CommandLine.optionsOrExit(() -> SoakOptions.parse(args), SoakOptions::agentJar);
    System.err.printf("Starting MySQL %s%n", EmbeddedMysql.VERSION);
    SoakResult result;
    try (EmbeddedMysql mysql =
        EmbeddedMysql.start(
            EmbeddedMysql.Options.defaults()
                .withInstallDir(options.workDir().resolve("mysql-" + EmbeddedMysql.VERSION)))) {
      result = run(options, mysql);
    }
    result.problems().forEach(p -> System.out.println("FAILED: " + p));
    System.exit(result.problems().isEmpty() ? 0 : 1);
  }

  /**
   * Prepares the oracle's schema on {@code mysql} and runs the soak on it, printing each sample as
   * it comes, then the table and the verdict, on stdout.
   */
  public static SoakResult run(SoakOptions options, EmbeddedMysql mysql) throws SQLException {
    try (Connection root = mysql.rootConnection()) {
      OracleSchema.prepare(root, USER, PASSWORD);
    }
    String agentArgs = "queryserver_config_pool_size=" + options.poolSize();
    JvmFork fork =
        JvmFork.mainClass(SoakApp.class.getName())
            .javaHome(options.javaHome())
            .javaagent(options.agentJar(), agentArgs)
            // A bounded heap, as in production: a leak then costs collections, not just space.
            .jvmArgs("-Xmx512m")
            .classpath(
                BenchRun.codeSource(SoakApp.class),
                BenchRun.codeSource(IsolationOracle.class),
                BenchRun.codeSource(BenchRun.connectorJ()))
            .args(
                "--url=" + mysql.jdbcUrl(SoakApp.SCHEMA),
                "--user=" + USER,
                "--seconds=" + options.seconds(),
                "--sample-seconds=" + options.sampleSeconds(),
                "--sessions=" + options.sessions(),
                "--selects=" + options.selects(),
                "--seed=" + options.seed())
            .env("SOAK_PASSWORD", PASSWORD) // not on the command line, which failures quote
            .outputDir(options.workDir().resolve("soak"), "soak-app");
    System.out.printf(
        Locale.ROOT,
        "Soak: MySQL %s; one JVM with -javaagent:sluice-agent.jar=%s for %s: isolation oracle"
            + " (%d sessions, every family, seed %d) + %d threads of point selects; a sample every"
            + " %d s%n",
        EmbeddedMysql.VERSION,
        agentArgs,
        SoakResult.clock(options.seconds() * 1_000L),
        options.sessions(),
        options.seed(),
        options.selects(),
        options.sampleSeconds());
    System.out.println(SoakResult.SAMPLE_HEADER);
    List<SoakResult.Sample> samples = new ArrayList<>();
    try (Connection observer = mysql.rootConnection();
        Connection peakObserver = mysql.rootConnection()) {
      ProcesslistSampler.awaitNone(observer, USER, PEAK_INTERVAL, DRAIN_TIMEOUT);
      try (ProcesslistSampler peak = ProcesslistSampler.start(peakObserver, USER, PEAK_INTERVAL);
          ForkedJvm app = fork.start()) {
        Duration wait = Duration.ofSeconds(options.sampleSeconds() + 60L);
        for (int n = 1; n <= options.samples(); n++) {
          String prefix = "SAMPLE n=" + n + " ";
          KeyValueLine line = KeyValueLine.parse(app.awaitLine(prefix, wait));
          // Counted as the app's line arrives, so both halves of a sample are the same moment.
          SoakResult.Sample sample =
              SoakResult.Sample.of(line, ProcesslistSampler.count(observer, USER));
          samples.add(sample);
          System.out.println(sample.row());
          System.out.flush();
        }
        app.awaitSuccess(Duration.ofSeconds(options.sampleSeconds() + 120L));
        String resultLine = app.awaitLine("RESULT ", Duration.ZERO);
        List<String> lines = app.stdoutLines();
        List<String> report = lines.subList(lines.indexOf(resultLine) + 1, lines.size());
        SoakResult result =
            new SoakResult(
                options,
                List.copyOf(samples),
                KeyValueLine.parse(resultLine),
                peak.peak(),
                List.copyOf(report),
                app.sluiceProblems());
        System.out.print(result.table());
        System.out.flush();
        return result;
      }
    }
  }


}
