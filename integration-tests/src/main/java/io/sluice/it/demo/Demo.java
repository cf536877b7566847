package io.sluice.it.demo;

import io.sluice.testkit.EmbeddedMysql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The main job: the unchanged sample app on an embedded MySQL 8.0.31, first without the agent, then
 * with {@code -javaagent:agent/target/sluice-agent.jar}, printed side by side: app-side
 * connections, MySQL-side connections (peak, sampled from the process list every 100 ms),
 * throughput, p50 and p99 latency with the ratios agent/direct, and errors.
 *
 * <p>Run from the checkout after {@code mvn -B package -DskipTests}: {@code java -jar
 * integration-tests/target/sluice-demo.jar}. Exits with 1 if a side failed or had errors.
 */
public final class Demo {
  private static final String USER = "orders_app";
  private static final String PASSWORD = "orders-secret";

  private Demo() {}

  public static void main(String[] args) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
      requireBuilt(options.agentJar());
      requireBuilt(options.sampleAppJar());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.err.printf(
        "Starting MySQL %s; each side runs %d s warm-up + %d s measured%n",
        EmbeddedMysql.VERSION, options.warmupSeconds(), options.durationSeconds());
    try (EmbeddedMysql mysql =
        EmbeddedMysql.start(
            EmbeddedMysql.Options.defaults()
                .withInstallDir(options.workDir().resolve("mysql-" + EmbeddedMysql.VERSION)))) {
      mysql.createUser(USER, PASSWORD);
      SampleAppRun runner =
          new SampleAppRun(mysql, options, mysql.jdbcUrl("orders"), USER, PASSWORD);
      System.err.println("Running the sample app without the agent...");
      SampleAppRun.Outcome plain = runner.run("sample-app-plain", false);
      System.err.println("Running the sample app with Sluice...");
      SampleAppRun.Outcome sluice = runner.run("sample-app-sluice", true);
      System.out.print(table(options, plain, sluice));
      sluice.agentProblems().forEach(line -> System.out.println("agent said: " + line));
      if (plain.result().getLong("errors") > 0 || sluice.result().getLong("errors") > 0) {
        System.out.println("FAILED: requests failed (see integration-tests/target/demo/*.stderr)");
        System.exit(1);
      }
    }
  }

  static String table(
      DemoOptions options, SampleAppRun.Outcome plain, SampleAppRun.Outcome sluice) {
    String agent =
        options.agentArgs().isEmpty() ? "default agent args" : "agent args " + options.agentArgs();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%nSample app: %d threads, HikariCP pool of %d, %d s measured; MySQL %s; Sluice with"
                + " %s%n%n",
            options.threads(),
            options.poolSize(),
            options.durationSeconds(),
            EmbeddedMysql.VERSION,
            agent));
    String format = "%-32s %15s %15s %13s%n";
    out.append(
        String.format(Locale.ROOT, format, "", "without agent", "with Sluice", "agent/direct"));
    List<Row> rows =
        List.of(
            new Row("app-side connections", "appConnections", false),
            new Row("MySQL-side connections (peak)", null, false),
            new Row("throughput (ops/s)", "throughput", true),
            new Row("p50 latency (ms)", "p50Ms", true),
            new Row("p99 latency (ms)", "p99Ms", true),
            new Row("errors", "errors", false));
    for (Row row : rows) {
      String direct = row.value(plain);
      String withAgent = row.value(sluice);
      out.append(
          String.format(
              Locale.ROOT,
              format,
              row.label,
              direct,
              withAgent,
              row.ratio
                  ? String.format(
                      Locale.ROOT,
                      "%.2f",
                      Double.parseDouble(withAgent) / Double.parseDouble(direct))
                  : ""));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nMySQL-side connections: %d -> %d (%.1fx fewer); throughput %.0f%% of the baseline%n",
            plain.mysqlPeak(),
            sluice.mysqlPeak(),
            plain.mysqlPeak() / (double) Math.max(1, sluice.mysqlPeak()),
            100
                * sluice.result().getDouble("throughput")
                / plain.result().getDouble("throughput")));
    return out.toString();
  }

  /**
   * A row of the table.
   *
   * @param key the RESULT field it shows; null for MySQL's peak of connections
   * @param ratio whether it shows agent/direct
   */
  private record Row(String label, String key, boolean ratio) {
    String value(SampleAppRun.Outcome outcome) {
      return key == null ? Integer.toString(outcome.mysqlPeak()) : outcome.result().get(key);
    }
  }

  private static void requireBuilt(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          jar + " is missing; build first: mvn -B package -DskipTests");
    }
  }
}
