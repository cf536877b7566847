package io.sluice.it.bench;

import io.sluice.it.CommandLine;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The load harness of the performance issue: on an embedded MySQL 8.0.31, each chosen scenario runs
 * the unchanged {@link BenchApp} twice in the same run, directly and with {@code
 * -javaagent:agent/target/sluice-agent.jar}, and prints one table per scenario with both sides and
 * the ratio agent/direct.
 *
 * <p>Run from the checkout after {@code mvn -B package -DskipTests}: {@code java -cp
 * integration-tests/target/sluice-demo.jar io.sluice.it.bench.LoadHarness}. Exits with 1 if the
 * agent side of a scenario failed or had errors (the direct side of (c) is expected to fail).
 */
public final class LoadHarness {
  /** Rows of the table the point selects read. */
  static final int ROWS = 10_000;

  private LoadHarness() {}

  public static void main(String[] args) throws Exception {
    HarnessOptions options =
        CommandLine.optionsOrExit(() -> HarnessOptions.parse(args), HarnessOptions::agentJar);
    System.err.printf(
        "Starting MySQL %s; scenarios %s%n", EmbeddedMysql.VERSION, options.scenarios());
    List<String> problems = new ArrayList<>();
    try (EmbeddedMysql mysql =
        EmbeddedMysql.start(
            EmbeddedMysql.Options.defaults()
                .withInstallDir(options.workDir().resolve("mysql-" + EmbeddedMysql.VERSION)))) {
      for (ScenarioResult result : run(options, mysql)) {
        result.problems().forEach(p -> problems.add("(" + result.scenario().letter() + ") " + p));
      }
      if (options.settingsMix()) {
        runSettingsMix(options, mysql).problems().forEach(p -> problems.add("(d) " + p));
      }
      for (Transactional.Result result : runTransactional(options, mysql)) {
        result.problems().forEach(p -> problems.add("(" + result.letter() + ") " + p));
      }
    }
    problems.forEach(p -> System.out.println("FAILED: " + p));
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  /**
   * Fills {@code mysql} with the bench table, then runs every scenario of {@code options} on it,
   * printing each one's table on stdout as it completes.
   */
  public static List<ScenarioResult> run(HarnessOptions options, EmbeddedMysql mysql)
      throws SQLException {
    BenchRun runner = new BenchRun(mysql, options, BenchDatabase.create(mysql, ROWS));
    System.out.printf(
        "Load harness: MySQL %s, %d rows; (a), (b): %d s warm-up + %d s measured per side on %s;"
            + " (c): %d sessions on %s%n",
        EmbeddedMysql.VERSION,
        ROWS,
        options.warmupSeconds(),
        options.durationSeconds(),
        options.javaHome(),
        options.sessions(),
        options.java25Home());
    List<ScenarioResult> results = new ArrayList<>();
    for (Scenario scenario : options.scenarios()) {
      System.err.printf("(%s) %s: direct...%n", scenario.letter(), scenario.title());
      Side direct = runner.run(scenario, false);
      System.err.printf("(%s) %s: with Sluice...%n", scenario.letter(), scenario.title());
      Side agent = runner.run(scenario, true);
      ScenarioResult result = new ScenarioResult(scenario, direct, agent);
      System.out.print(result.table());
      System.out.flush();
      results.add(result);
    }
    return results;
  }

  /** Runs scenario (d), {@link SettingsMix}, printing its table on stdout. */
  public static SettingsMix.Result runSettingsMix(HarnessOptions options, EmbeddedMysql mysql)
      throws SQLException {
    BenchRun runner = new BenchRun(mysql, options, BenchDatabase.create(mysql, ROWS));
    SettingsMix.Result result = SettingsMix.run(runner, options);
    System.out.print(result.table());
    System.out.flush();
    return result;
  }

  /**
   * Runs scenarios (e) and (f), those of them {@code options} asks for, on {@link TpccSchema}'s
   * database, printing each one's tables on stdout as it completes.
   */
  public static List<Transactional.Result> runTransactional(
      HarnessOptions options, EmbeddedMysql mysql) throws SQLException {
    List<Transactional.Result> results = new ArrayList<>();
    if (!options.transactions() && !options.connections()) {
      return results;
    }
    BenchDatabase database = BenchDatabase.create(mysql, ROWS);
    if (options.transactions()) {
      results.add(print(Transactional.transactions(mysql, options, database)));
    }
    if (options.connections()) {
      results.add(print(Transactional.connections(mysql, options, database)));
    }
    return results;
  }

  private static Transactional.Result print(Transactional.Result result) {
    System.out.print(result.table());
    System.out.flush();
    return result;
  }
}
