package io.sluice;

import static io.sluice.testkit.Queries.rootRun;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.testkit.AppUser;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SHOW WARNINGS, SHOW ERRORS, SHOW COUNT(*) WARNINGS/ERRORS, {@code @@warning_count} and {@code
 * @@error_count} describe the session's own previous statement, as on the application's own
 * connection: each script runs direct and on a Sluice session whose single pooled connection a
 * second session shares, running a statement that warns between every two of the first's. Values,
 * column labels, type names, Java classes and precisions must be the same.
 */
class DiagnosticsTest {
  private static EmbeddedMysql mysql;
  private static AppUser app;

  @RegisterExtension
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest("queryserver_config_pool_size=1");

  private Connection noise;

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "diagnostics", "diagnostics_app", "diagnostics-secret");
  }

  @BeforeEach
  void newRuntime() throws SQLException {
    rootRun(
        mysql,
        "DROP TABLE IF EXISTS diagnostics.t",
        "CREATE TABLE diagnostics.t (id INT PRIMARY KEY)",
        "INSERT INTO diagnostics.t VALUES (1)");
    noise = app.session(sluice::connect);
  }

  @AfterEach
  void closeRuntime() throws SQLException {
    noise.close();
  }

  private void same(String... script) throws SQLException {
    sameAt(app, script);
  }

  private void sameAt(AppUser at, String... script) throws SQLException {
    List<String> direct = new ArrayList<>();
    List<String> multiplexed = new ArrayList<>();
    try (Connection d = at.direct()) {
      for (String sql : script) {
        direct.add(sql + " -> " + VitessScenariosTest.run(d, sql, true));
      }
    }
    try (Connection s = at.session(sluice::connect)) {
      for (String sql : script) {
        multiplexed.add(sql + " -> " + VitessScenariosTest.run(s, sql, true));
        VitessScenariosTest.run(
            noise, "SELECT CAST('noise' AS SIGNED), CAST('more noise' AS SIGNED)", true);
      }
    }
    assertEquals(String.join("\n", direct), String.join("\n", multiplexed));
  }

  @Test
  void warningsOfAnInsertIgnoreStayUntilTheNextStatement() throws SQLException {
    same(
        "INSERT IGNORE INTO t VALUES (1)",
        "SHOW WARNINGS",
        "SHOW WARNINGS",
        "SHOW COUNT(*) WARNINGS",
        "SHOW COUNT(*) ERRORS",
        "SHOW ERRORS",
        "SELECT @@warning_count, @@session.error_count, @@LOCAL.warning_count",
        "SHOW WARNINGS",
        "SELECT @@warning_count",
        // On a held connection too.
        "BEGIN",
        "INSERT IGNORE INTO t VALUES (1)",
        "SHOW WARNINGS",
        "SELECT @@warning_count",
        "SHOW WARNINGS",
        "COMMIT");
  }

  @Test
  void aCleanStatementClearsTheWarningsOfASet() throws SQLException {
    same(
        "SET sql_mode = 'NO_ZERO_DATE'",
        "SELECT @@warning_count",
        "SET sql_mode = 'NO_ZERO_DATE'",
        "SHOW WARNINGS",
        "SELECT 1",
        "SELECT @@warning_count",
        "SHOW WARNINGS",
        "SET sql_mode = DEFAULT");
  }

  /**
   * Read through a server cursor, the counts are those Connector/J's refused attempt to prepare
   * the read (1295) left, which replaced the previous statement's: 1 after a clean statement.
   */
  @Test
  void countsReadByCursorAreThoseOfTheDriversRefusedPrepare() throws SQLException {
    sameAt(
        app.withUrlProperties("&useCursorFetch=true&defaultFetchSize=100"),
        "SET sql_mode = 'NO_ZERO_DATE'",
        "SELECT 1",
        "SELECT @@warning_count",
        "SELECT @@error_count, @@warning_count",
        "SHOW WARNINGS",
        "INSERT IGNORE INTO t VALUES (1)",
        "SELECT @@warning_count",
        "SHOW ERRORS",
        "SET sql_mode = DEFAULT");
  }

  @Test
  void limitsPickRowsOfSeveralWarnings() throws SQLException {
    same(
        "SELECT CAST('a' AS SIGNED), CAST('b\"\\\\' AS SIGNED), CAST('c' AS SIGNED) FROM t",
        "SHOW WARNINGS LIMIT 1, 1",
        "SHOW WARNINGS LIMIT 2",
        "SHOW WARNINGS LIMIT 5, 1",
        "SHOW ERRORS LIMIT 1",
        "SHOW COUNT(*) WARNINGS",
        "SELECT @@warning_count + 0 AS n FROM t");
  }

  @Test
  void errorsOfAFailedStatement() throws SQLException {
    same(
        "SELECT nosuch FROM t",
        "SHOW ERRORS",
        "SHOW WARNINGS",
        "SHOW COUNT(*) ERRORS",
        "SELECT @@error_count, @@warning_count",
        "SHOW ERRORS",
        "SELECT @@global.warning_count",
        "SHOW ERRORS");
  }

  /** SHOW WARNINGS as a prepared statement, after an insert that warned. */
  private String preparedShowWarnings(Connection c) throws SQLException {
    c.createStatement().execute("INSERT IGNORE INTO t VALUES (1)");
    VitessScenariosTest.run(noise, "SELECT CAST('noise' AS SIGNED)", true);
    StringBuilder out = new StringBuilder();
    try (java.sql.PreparedStatement ps = c.prepareStatement("SHOW WARNINGS LIMIT 1");
        java.sql.ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.append(rs.getString("Level")).append(rs.getLong("Code")).append(rs.getString(3));
      }
    }
    return out.toString();
  }

  @Test
  void preparedStatementsAskTheSame() throws SQLException {
    try (Connection d = app.direct();
        Connection s = app.session(sluice::connect)) {
      assertEquals(preparedShowWarnings(d), preparedShowWarnings(s));
    }
  }

  /** The warning count after each JDBC call that Connector/J turns into a statement. */
  private String countsAfterJdbcCalls(Connection c) throws SQLException {
    StringBuilder out = new StringBuilder();
    String warn = "INSERT IGNORE INTO t VALUES (1)";
    String count = "SHOW COUNT(*) WARNINGS";
    c.createStatement().execute(warn);
    out.append(VitessScenariosTest.run(c, count, true));
    c.createStatement().execute(warn);
    c.setAutoCommit(false);
    out.append(VitessScenariosTest.run(c, count, true));
    c.createStatement().execute(warn);
    c.commit();
    out.append(VitessScenariosTest.run(c, count, true));
    c.createStatement().execute(warn);
    c.rollback();
    out.append(VitessScenariosTest.run(c, count, true));
    c.createStatement().execute(warn);
    c.setAutoCommit(true);
    return out.append(VitessScenariosTest.run(c, count, true)).toString();
  }

  @Test
  void jdbcCallsThatRunStatementsClearThem() throws SQLException {
    try (Connection d = app.direct();
        Connection s = app.session(sluice::connect)) {
      assertEquals(countsAfterJdbcCalls(d), countsAfterJdbcCalls(s));
    }
  }
}
