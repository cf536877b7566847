package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.it.bench.CountedSide;
import io.sluice.it.bench.HarnessOptions;
import io.sluice.it.bench.LoadHarness;
import io.sluice.it.bench.Scenario;
import io.sluice.it.bench.ScenarioResult;
import io.sluice.it.bench.SettingsMix;
import io.sluice.it.bench.Side;
import io.sluice.it.bench.Transactional;
import io.sluice.testkit.EmbeddedMysql;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load harness at a smoke size: every scenario produces both sides with plausible figures. No
 * timing thresholds: the figures themselves are the harness's business, not the build's.
 *
 * <p>Its own server has a small {@code max_connections}, so that (c)'s direct side hits it with a
 * few hundred sessions, as the full run does with ten thousand on the default 1000.
 */
class LoadHarnessIT {
  private static final int MAX_CONNECTIONS = 150;
  private static final int SESSIONS = 200;
  private static final int DEFAULT_POOL_SIZE = 16;
  private static final int C_POOL_SIZE = 32;
  private static final int TOO_MANY_CONNECTIONS = 1040;
  private static final int SMALL_POOL = 4;

  private static EmbeddedMysql mysql;

  @BeforeAll
  static void startServer() {
    mysql =
        EmbeddedMysql.start(EmbeddedMysql.Options.defaults().withMaxConnections(MAX_CONNECTIONS));
  }

  @AfterAll
  static void stopServer() {
    if (mysql != null) {
      mysql.close();
    }
  }

  @Test
  void pointSelectScenariosMeasureBothSides() throws SQLException {
    List<ScenarioResult> results = LoadHarness.run(smoke("a,b"), mysql);

    ScenarioResult a = results.get(0);
    assertEquals(Scenario.A, a.scenario());
    assertRanStatements(a.direct());
    assertRanStatements(a.agent());
    assertEquals(1, a.direct().mysqlPeak(), "one thread, one connection");
    assertTrue(a.agent().mysqlPeak() <= DEFAULT_POOL_SIZE, a.table());
    assertTrue(a.ratio("p50Us") > 0, a.table());
    assertEquals(List.of(), a.problems());

    ScenarioResult b = results.get(1);
    assertEquals(Scenario.B, b.scenario());
    assertRanStatements(b.direct());
    assertRanStatements(b.agent());
    assertEquals(64, b.direct().mysqlPeak(), "direct: one MySQL connection per app connection");
    assertTrue(
        b.agent().mysqlPeak() >= 1 && b.agent().mysqlPeak() <= DEFAULT_POOL_SIZE, b.table());
    assertEquals(List.of(), b.problems());
  }

  @Test
  void idleSessionsPastMaxConnectionsCompleteOnlyWithTheAgent() throws SQLException {
    HarnessOptions options = smoke("c");
    assumeTrue(
        Files.isExecutable(options.java25Home().resolve("bin/java")),
        "Scenario (c) needs a JDK with virtual threads at "
            + options.java25Home()
            + "; set -Dsluice.it.java25.home=DIR");
    ScenarioResult c = LoadHarness.run(options, mysql).get(0);

    Side direct = c.direct();
    assertFalse(Boolean.parseBoolean(direct.result().get("completed")), c.table());
    assertEquals(TOO_MANY_CONNECTIONS, direct.result().getInt("errorCode"), c.table());
    int failedAt = direct.result().getInt("failedAt");
    assertTrue(
        failedAt > MAX_CONNECTIONS / 2 && failedAt <= MAX_CONNECTIONS + 1,
        "direct failed at connection #" + failedAt);
    assertTrue(direct.firstFailure().orElse("").contains("Too many connections"), c.table());

    Side agent = c.agent();
    assertEquals("true", agent.result().get("completed"), c.table());
    assertEquals(SESSIONS, agent.result().getInt("opened"));
    assertEquals(3 * SESSIONS, agent.result().getInt("statements"));
    assertTrue(agent.mysqlPeak() >= 1 && agent.mysqlPeak() <= C_POOL_SIZE, c.table());
    assertTrue(agent.result().getLong("heapOpenBytes") > 0, c.table());
    assertEquals(List.of(), c.problems());
  }

  @Test
  void aSettingsMixReservesNothingWithHintsOrTheSettingsPool() throws SQLException {
    SettingsMix.Result d = LoadHarness.runSettingsMix(smoke("d"), mysql);
    List<Side> ways = d.sides();
    ways.forEach(LoadHarnessIT::assertRanStatements);
    assertEquals("0", ways.get(1).result().get("reservedSessions"), "SET_VAR: " + d.table());
    // Every session's sql_mode rides as a hint: none of them takes the settings pool.
    assertEquals("0", ways.get(1).result().get("settingsMisses"), "SET_VAR: " + d.table());
    assertTrue(ways.get(1).number("hinted") >= ways.get(1).number("ops"), d.table());
    assertEquals("0", ways.get(0).result().get("hinted"), "no SETs: " + d.table());
    assertEquals("0", ways.get(2).result().get("reservedSessions"), "pool: " + d.table());
    assertTrue(ways.get(2).mysqlPeak() <= 16, "within the pool size: " + d.table());
    assertEquals("64", ways.get(3).result().get("reservedSessions"), "pool off: " + d.table());
    assertEquals(List.of(), d.problems());
  }

  @Test
  void transactionalScenariosCountMysqlsCommandsOnBothSides() throws SQLException {
    List<Transactional.Result> results =
        LoadHarness.runTransactional(
            smoke(
                "e,f",
                "--tx-threads=4",
                "--tx-isolation=SERIALIZABLE",
                "--conn-pools=" + SMALL_POOL,
                "--conn-threads=8"),
            mysql);

    Transactional.Result e = results.get(0);
    assertEquals(3, e.pairs().size(), "plain, server prepares, server prepares + cache");
    for (Transactional.Pair pair : e.pairs()) {
      for (CountedSide side : List.of(pair.direct(), pair.agent())) {
        assertRanTransactions(side, e.table());
        assertEquals(
            side.side().number("payments"), side.side().number("generatedKeys"), e.table());
        assertTrue(
            count(side, "Com_commit") >= side.side().number("ops") - side.side().number("rolledBack"),
            "every completed transaction but the rolled-back new-orders committed: " + e.table());
      }
      // Direct, MySQL ran exactly one COMMIT or ROLLBACK per transaction and per retry.
      CountedSide direct = pair.direct();
      assertEquals(
          direct.side().number("ops")
              + direct.side().number("deadlocks")
              + direct.side().number("lockWaitTimeouts"),
          count(direct, "Com_commit") + count(direct, "Com_rollback"),
          e.table());
      assertEquals(4, direct.side().mysqlPeak(), "direct: the app's pool: " + e.table());
    }
    double uncached = Transactional.Pair.preparesPerExecution(e.pairs().get(1).direct());
    double cached = Transactional.Pair.preparesPerExecution(e.pairs().get(2).direct());
    assertTrue(uncached > 0.3 && cached < uncached, "the URL options reach the app: " + e.table());
    assertEquals(0, Transactional.Pair.preparesPerExecution(e.pairs().get(0).direct()), e.table());
    assertEquals(List.of(), e.problems());

    Transactional.Result f = results.get(1);
    Transactional.Pair pool = f.pairs().get(0);
    assertRanTransactions(pool.direct(), f.table());
    assertRanTransactions(pool.agent(), f.table());
    assertEquals(SMALL_POOL, pool.direct().side().mysqlPeak(), "HikariCP fills its pool: " + f.table());
    assertTrue(pool.agent().side().mysqlPeak() >= 1, f.table());
    assertEquals(List.of(), f.problems());
  }

  private static void assertRanTransactions(CountedSide side, String table) {
    assertTrue(side.side().number("ops") > 0, table);
    assertTrue(side.side().number("p99Ms") >= side.side().number("p50Ms"), table);
    assertEquals(0, side.side().result().getLong("errors"), table);
    assertTrue(Transactional.Pair.statementsPerTransaction(side) >= 1, table);
  }

  private static double count(CountedSide side, String counter) {
    return side.commands().getOrDefault(counter, 0L);
  }

  private static void assertRanStatements(Side side) {
    assertTrue(side.number("ops") > 0, side.result().toString());
    assertTrue(side.number("p99Us") >= side.number("p50Us"), side.result().toString());
    assertEquals(0, side.result().getLong("errors"), side.result().toString());
  }

  private static HarnessOptions smoke(String scenarios, String... more) {
    String javaHome = System.getProperty("sluice.it.java.home", "");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--java-home=" + (javaHome.isBlank() ? System.getProperty("java.home") : javaHome),
                "--duration=2",
                "--warmup=1",
                "--scenarios=" + scenarios,
                "--sessions=" + SESSIONS,
                "--java25-home="
                    + System.getProperty(
                        "sluice.it.java25.home", "/usr/lib/jvm/temurin-25-jdk-amd64")));
    args.addAll(List.of(more));
    return HarnessOptions.parse(args.toArray(String[]::new));
  }
}
