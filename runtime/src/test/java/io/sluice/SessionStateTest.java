package io.sluice;

import static io.sluice.testkit.Queries.rootRun;
import static io.sluice.testkit.Queries.rootValue;
import static io.sluice.testkit.Queries.run;
import static io.sluice.testkit.Queries.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.AppUser;
import io.sluice.testkit.EmbeddedMysql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session state kept by the session, on a real MySQL 8.0.31: system variables (as SET_VAR hints or
 * on the connection), user variables, and the SQL forms of the JDBC state. One pooled connection
 * serves every session here, so any state left on it would show in the next session.
 */
class SessionStateTest {
  private static EmbeddedMysql mysql;
  private static AppUser app;

  @RegisterExtension
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest();

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "state", "state_app", "state-secret");
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS state.t (id INT PRIMARY KEY, v VARCHAR(3))");
      s.execute("CREATE TABLE IF NOT EXISTS state.audited (id INT PRIMARY KEY)");
      s.execute(
          "CREATE TRIGGER IF NOT EXISTS state.audit BEFORE INSERT ON state.audited"
              + " FOR EACH ROW SET @audited = NEW.id");
      s.execute(
          "UPDATE performance_schema.setup_consumers SET ENABLED = 'YES'"
              + " WHERE NAME = 'events_statements_history_long'");
    }
  }

  @AfterEach
  void closeRuntime() throws SQLException {
    sluice.close();
    rootRun(mysql, "DELETE FROM state.t");
    rootRun(mysql, "DELETE FROM state.audited");
  }

  private Connection connect(String args) throws SQLException {
    sluice.start(args);
    return sluice.session(app);
  }

  private Connection connect() throws SQLException {
    return connect("queryserver_config_pool_size=1");
  }

  private Connection direct() throws SQLException {
    return app.direct();
  }

  private long reserved() {
    return sluice.runtime().metrics().reservedSessions();
  }

  @Test
  void hintEligibleSettingsRideAsSetVarWithoutPinning() throws SQLException {
    try (Connection a = connect();
        Connection b = connect()) {
      String baseline = (String) value(b, "SELECT @@sql_mode");
      run(a, "SET sql_mode = 'TRADITIONAL'");
      run(a, "SET time_zone = '+05:30'");
      String traditional = (String) value(a, "SELECT @@sql_mode");
      assertTrue(traditional.startsWith("STRICT_TRANS_TABLES,STRICT_ALL_TABLES"), traditional);
      assertEquals("+05:30", value(a, "SELECT /* app */ @@session.time_zone"));
      assertEquals(baseline, value(b, "SELECT @@sql_mode"), "the other session keeps its own");
      assertEquals("SYSTEM", value(b, "SELECT @@time_zone"));
      assertEquals(330L, value(a, "SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())"));
      // Strict mode really applies to a statement of the session, and not to the other's.
      SQLException tooLong =
          assertThrows(SQLException.class, () -> run(a, "INSERT INTO state.t VALUES (1, 'abcd')"));
      assertEquals(1406, tooLong.getErrorCode());
      run(b, "SET sql_mode = ''");
      run(b, "INSERT INTO state.t VALUES (2, 'abcd')");
      assertEquals(0, reserved(), "settings carried as hints reserve nothing");
      assertTrue(sluice.runtime().metrics().setVarRewrites() > 0);
      Object seen =
          rootValue(
              mysql,
              "SELECT COUNT(*) FROM performance_schema.events_statements_history_long"
                  + " WHERE SQL_TEXT LIKE 'SELECT /*+ SET_VAR(sql_mode = ''STRICT_TRANS_TABLES,%'')"
                  + " SET_VAR(time_zone = ''+05:30'') */ /* app */ @@session.time_zone'");
      assertEquals(
          1L,
          ((Number) seen).longValue(),
          () -> {
            try {
              return "MySQL saw the hint: "
                  + rootValue(
                      mysql,
                      "SELECT GROUP_CONCAT(SQL_TEXT SEPARATOR ' | ') FROM"
                          + " performance_schema.events_statements_history_long"
                          + " WHERE SQL_TEXT LIKE '%SET_VAR%'");
            } catch (SQLException e) {
              return e.toString();
            }
          });
    }
  }

  @Test
  void aValueThatWarnsStaysOnTheConnectionSoThatLaterStatementsDoNotWarn() throws SQLException {
    try (Connection a = connect()) {
      try (Statement s = a.createStatement()) {
        s.execute("SET sql_mode = 'STRICT_ALL_TABLES'");
        assertEquals(3135, s.getWarnings().getErrorCode(), "the SET's own warning");
      }
      try (Statement s = a.createStatement();
          ResultSet rs = s.executeQuery("SELECT @@sql_mode")) {
        rs.next();
        assertEquals("STRICT_ALL_TABLES", rs.getString(1));
        assertNull(s.getWarnings(), "a hint would warn on every statement");
      }
      assertEquals(0, reserved());
    }
  }

  @Test
  void emptySqlModeIsWrittenAsASpaceInTheHint() throws SQLException {
    try (Connection a = connect()) {
      run(a, "SET sql_mode = ''");
      assertEquals("", value(a, "SELECT @@sql_mode"));
      assertEquals(0, reserved());
    }
  }

  @Test
  void otherSettingsRideOnTheConnectionAndAreResetAfter() throws SQLException {
    try (Connection a = connect();
        Connection b = connect()) {
      run(a, "SET default_week_format = 3");
      run(a, "SET NAMES latin1");
      assertEquals(3L, ((Number) value(a, "SELECT @@default_week_format")).longValue());
      assertEquals("latin1", value(a, "SELECT @@character_set_client"));
      assertEquals("latin1", value(a, "SELECT @@character_set_connection"));
      assertEquals("latin1", value(a, "SELECT @@character_set_results"));
      assertEquals(0L, ((Number) value(b, "SELECT @@default_week_format")).longValue());
      assertEquals("utf8mb4", value(b, "SELECT @@character_set_client"));
      assertEquals(0, reserved(), "the settings path reserves nothing");
    }
  }

  @Test
  void aSetToTheBaselineIsIgnoredAndASetBackLeavesTheSettings() throws SQLException {
    try (Connection a = connect()) {
      String baseline = (String) value(a, "SELECT @@sql_mode");
      run(a, "SET sql_mode = '" + baseline + "'");
      assertEquals(1, sluice.runtime().metrics().setsIgnored());
      long rewrites = sluice.runtime().metrics().setVarRewrites();
      value(a, "SELECT 1");
      assertEquals(rewrites, sluice.runtime().metrics().setVarRewrites(), "no hint for a baseline value");
      run(a, "SET sql_mode = 'ANSI'");
      run(a, "SET sql_mode = DEFAULT");
      assertEquals(baseline, value(a, "SELECT @@sql_mode"));
      value(a, "SELECT 2");
      assertEquals(rewrites, sluice.runtime().metrics().setVarRewrites());
    }
  }

  @Test
  void aBadValueFailsAtTheSetWithMysqlsErrorAndChangesNothing() throws SQLException {
    SQLException expected;
    try (Connection d = direct()) {
      expected = assertThrows(SQLException.class, () -> run(d, "SET sql_mode = 'BOGUS'"));
    }
    try (Connection a = connect()) {
      String before = (String) value(a, "SELECT @@sql_mode");
      SQLException e = assertThrows(SQLException.class, () -> run(a, "SET sql_mode = 'BOGUS'"));
      assertEquals(expected.getErrorCode(), e.getErrorCode());
      assertEquals(expected.getMessage(), e.getMessage());
      assertEquals(before, value(a, "SELECT @@sql_mode"));
      assertThrows(SQLException.class, () -> run(a, "SET @x = 1, sql_mode = 'BOGUS'"));
      assertNull(value(a, "SELECT @x"), "a failed SET assigns nothing");
    }
  }

  @Test
  void parseAffectingModesUseTheConnectionAndTheSessionsLexer() throws SQLException {
    try (Connection a = connect();
        Connection b = connect()) {
      run(a, "SET sql_mode = 'ANSI_QUOTES,PIPES_AS_CONCAT'");
      assertEquals("ab", value(a, "SELECT 'a' || 'b'"));
      try (Statement s = a.createStatement();
          ResultSet rs = s.executeQuery("SELECT 'x' AS \"quoted label\"")) {
        assertEquals("quoted label", rs.getMetaData().getColumnLabel(1));
      }
      assertEquals(0L, ((Number) value(b, "SELECT 'a' || 'b'")).longValue(), "a logical OR there");
      assertEquals(0, reserved());
    }
  }

  @Test
  void userVariablesLiveInTheSessionWithTheirTypes() throws SQLException {
    try (Connection a = connect();
        Connection b = connect()) {
      run(
          a,
          "SET @i = 42, @u = 18446744073709551615, @d = 30.5, @f = 1.5e0, @s = 'it''s \\\\ ü',"
              + " @x = X'00FF', @n = NULL, @dt = DATE('2020-10-20')");
      try (Statement s = a.createStatement();
          ResultSet rs = s.executeQuery("SELECT @i, @u, @d, @f, @s, @x, @n, @dt, @unset")) {
        rs.next();
        assertEquals(42L, rs.getObject(1));
        assertEquals(new java.math.BigInteger("18446744073709551615"), rs.getObject(2));
        assertEquals(new BigDecimal("30.5"), rs.getObject(3));
        assertEquals(1.5d, rs.getObject(4));
        assertEquals("it's \\ ü", rs.getObject(5));
        assertEquals("[0, -1]", java.util.Arrays.toString((byte[]) rs.getObject(6)));
        assertNull(rs.getObject(7));
        assertEquals("2020-10-20", rs.getObject(8));
        assertNull(rs.getObject(9));
        assertEquals("@i", rs.getMetaData().getColumnLabel(1));
        assertEquals("@s", rs.getMetaData().getColumnLabel(5));
      }
      assertNull(value(b, "SELECT @i"), "another session has none");
      Object names =
          rootValue(
              mysql,
              "SELECT COUNT(*) FROM performance_schema.user_variables_by_thread u"
                  + " JOIN performance_schema.threads t ON t.THREAD_ID = u.THREAD_ID"
                  + " WHERE t.PROCESSLIST_USER = '"
                  + app.user()
                  + "' AND u.VARIABLE_NAME IN ('i', 's')");
      assertEquals(0L, ((Number) names).longValue(), "no physical connection holds them");
      assertEquals(0, reserved());
    }
  }

  @Test
  void userVariablesAreReadInStatementsAsMysqlReadsThem() throws SQLException {
    try (Connection a = connect();
        Connection d = direct()) {
      for (Connection c : List.of(a, d)) {
        run(c, "SET @b = 5");
        run(c, "SET @a = 1, @b = @a");
      }
      assertEquals(value(d, "SELECT @b"), value(a, "SELECT @b"), "right sides see the old values");
      run(a, "SET @id = 7, @v = 'abc'");
      run(a, "INSERT INTO state.t VALUES (@id, @v)");
      assertEquals("abc", value(a, "SELECT v FROM state.t WHERE id = @id"));
      run(a, "SET @v = CONCAT(@v, 'd')");
      assertEquals("abcd", value(a, "SELECT @v"));
      try (PreparedStatement p = a.prepareStatement("SELECT id FROM state.t WHERE v = LEFT(@v, ?)")) {
        p.setInt(1, 3);
        try (ResultSet rs = p.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(7, rs.getInt(1));
        }
      }
      assertEquals(0, reserved());
    }
  }

  @Test
  void assignmentsInsideStatementsReserveWithVariablesReplayed() throws SQLException {
    try (Connection a = connect()) {
      run(a, "SET @kept = 'here'");
      run(a, "SELECT 5 INTO @into");
      assertEquals(1, reserved());
      assertEquals(5L, value(a, "SELECT @into"));
      assertEquals("here", value(a, "SELECT @kept"));
      run(a, "SET @kept = 'changed'");
      assertEquals("changed", value(a, "SELECT @kept"));
    }
  }

  /**
   * What a connection reports and does after autocommit and the transaction characteristics are
   * set with SQL. Connector/J never learns autocommit from SQL: getAutoCommit() stays true,
   * commit() fails, and the rows written under the SET are never committed.
   */
  private static List<String> jdbcStateSetWithSql(Connection a, Connection b) throws SQLException {
    List<String> seen = new ArrayList<>();
    run(a, "SET autocommit = 0");
    seen.add("autocommit " + a.getAutoCommit() + ", server " + value(a, "SELECT @@autocommit"));
    seen.add("other session's server autocommit " + value(b, "SELECT @@autocommit"));
    run(a, "INSERT INTO state.t VALUES (1, 'a')");
    try {
      a.commit();
      seen.add("commit done");
    } catch (SQLException e) {
      seen.add(
          "commit -> " + e.getClass().getName() + " " + e.getSQLState() + " " + e.getMessage());
    }
    run(a, "INSERT INTO state.t VALUES (2, 'b')");
    seen.add("visible to another session " + value(b, "SELECT COUNT(*) FROM state.t"));
    run(a, "ROLLBACK");
    run(a, "SET autocommit = 1");
    seen.add("autocommit " + a.getAutoCommit());
    run(a, "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    Object level = value(a, "SELECT @@transaction_isolation");
    seen.add("isolation " + a.getTransactionIsolation() + " " + level);
    seen.add("other session's " + value(b, "SELECT @@transaction_isolation"));
    run(a, "SET transaction_read_only = 1");
    seen.add(
        "read-only " + a.isReadOnly() + ", other's " + value(b, "SELECT @@transaction_read_only"));
    run(a, "SET autocommit = 0");
    run(a, "SET transaction_read_only = 0");
    run(a, "INSERT INTO state.t VALUES (3, 'c')");
    a.close();
    seen.add("committed after close " + rootValue(mysql, "SELECT COUNT(*) FROM state.t"));
    return seen;
  }

  @Test
  void autocommitSetWithSqlIsTheDriversAndTheTransactionCharacteristicsTheSessions()
      throws SQLException {
    List<String> direct;
    try (Connection a = direct();
        Connection b = direct()) {
      direct = jdbcStateSetWithSql(a, b);
    }
    rootRun(mysql, "DELETE FROM state.t");
    try (Connection a = connect();
        Connection b = connect()) {
      assertEquals(direct, jdbcStateSetWithSql(a, b));
      assertEquals(1, sluice.runtime().metrics().reservationsForOther(), "autocommit set by SQL");
    }
    try (Connection next = connect()) {
      assertTrue(next.getAutoCommit());
      assertEquals(1L, ((Number) value(next, "SELECT @@autocommit")).longValue());
      assertEquals(0L, ((Number) value(next, "SELECT COUNT(*) FROM state.t")).longValue());
    }
  }

  @Test
  void aTransactionOfASessionWithSettingsCarriesThem() throws SQLException {
    try (Connection a = connect();
        Connection b = connect()) {
      run(a, "SET time_zone = '+01:00', default_week_format = 2");
      run(a, "BEGIN");
      assertEquals("+01:00", value(a, "SELECT @@time_zone"));
      assertEquals(2L, ((Number) value(a, "SELECT @@default_week_format")).longValue());
      run(a, "SET sql_mode = ''");
      run(a, "INSERT INTO state.t VALUES (3, 'abcd')");
      run(a, "COMMIT");
      assertEquals("abc", value(b, "SELECT v FROM state.t WHERE id = 3"));
      assertEquals("SYSTEM", value(b, "SELECT @@time_zone"));
      assertEquals(0L, ((Number) value(b, "SELECT @@default_week_format")).longValue());
      assertEquals("", value(a, "SELECT @@sql_mode"));
      assertEquals(0, reserved());
    }
  }

  @Test
  void systemSettingsOffIgnoresTheSets() throws SQLException {
    try (Connection a = connect("queryserver_config_pool_size=1,enable_system_settings=false")) {
      String baseline = (String) value(a, "SELECT @@sql_mode");
      run(a, "SET sql_mode = '', @kept = 1");
      assertEquals(baseline, value(a, "SELECT @@sql_mode"));
      assertEquals(1L, value(a, "SELECT @kept"));
      assertEquals(1, sluice.runtime().metrics().setsIgnored());
    }
  }

  @Test
  void settingsPoolOffReservesForSettingsThatCannotRideAsHints() throws SQLException {
    try (Connection a = connect("queryserver_config_pool_size=1,queryserver_enable_settings_pool=false");
        Connection b = connect()) {
      run(a, "SET sql_mode = ''");
      value(a, "SELECT @@sql_mode");
      assertEquals(0, reserved(), "hints need no reservation");
      run(b, "SET default_week_format = 4");
      value(b, "SELECT @@default_week_format");
      assertEquals(1, reserved());
      assertEquals(1, sluice.runtime().metrics().reservationsForSettings());
      assertEquals(4L, ((Number) value(b, "SELECT @@default_week_format")).longValue());
      List<Long> ids = new ArrayList<>();
      ids.add(io.sluice.testkit.Queries.connectionId(b));
      ids.add(io.sluice.testkit.Queries.connectionId(b));
      assertEquals(ids.get(0), ids.get(1), "reserved until the session ends");
    }
  }

  @Test
  void stateAStatementChangesUnseenPinsTheSessionToThatConnection() throws SQLException {
    // The pooled connection the trigger ran on becomes the session's, and the pool grows by one
    // meanwhile: the other session still gets a pooled connection.
    try (Connection a = connect();
        Connection b = connect()) {
      run(a, "INSERT INTO state.audited VALUES (9)");
      assertEquals(1, reserved(), "the server's tracker reported the trigger's variable");
      assertEquals(9L, value(a, "SELECT @audited"), "as on the application's own connection");
      assertNull(value(b, "SELECT @audited"));
    }
  }

  @Test
  void theCurrentSchemaIsTheSessions() throws SQLException {
    try (Connection a = connect();
        Connection b = connect()) {
      run(a, "USE mysql");
      assertEquals("mysql", value(a, "SELECT DATABASE()"));
      assertEquals("mysql", value(a, "SELECT SCHEMA()"));
      assertEquals("state", value(b, "SELECT DATABASE()"));
      assertEquals(0, reserved());
    }
  }

  /**
   * Vitess' TestMysqlDumpInitialLog: the header and footer mysqldump writes, one by one. The
   * footer reads variables that hold system variables' values, in utf8mb3, which no literal can
   * stand for without a warning, so the session ends on a reserved connection.
   */
  @Test
  void aMysqldumpHeaderAndFooterRestoreEverything() throws SQLException {
    String[] dump = {
      "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */",
      "/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */",
      "/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */",
      "/*!50503 SET NAMES utf8mb4 */",
      "/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */",
      "/*!40103 SET TIME_ZONE='+00:00' */",
      "/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */",
      "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */",
      "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */",
      "/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */",
      "INSERT INTO state.t VALUES (0, 'z')",
      "/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */",
      "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */",
      "/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */",
      "/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */",
      "/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */",
      "/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */",
      "/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */",
      "/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */"
    };
    try (Connection a = connect();
        Connection d = direct()) {
      String before = (String) value(d, "SELECT CONCAT_WS('|', @@sql_mode, @@time_zone,"
          + " @@unique_checks, @@foreign_key_checks, @@character_set_client, @@sql_notes)");
      for (String statement : dump) {
        run(a, statement);
      }
      assertEquals(1L, ((Number) value(a, "SELECT COUNT(*) FROM state.t WHERE id = 0")).longValue());
      assertEquals(before, value(a, "SELECT CONCAT_WS('|', @@sql_mode, @@time_zone,"
          + " @@unique_checks, @@foreign_key_checks, @@character_set_client, @@sql_notes)"),
          "the footer put everything back");
      assertEquals(1, sluice.runtime().metrics().reservationsForOther(), "for the utf8mb3 variables");
    }
  }
}
