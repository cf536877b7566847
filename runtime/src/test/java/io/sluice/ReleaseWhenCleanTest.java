package io.sluice;

import static io.sluice.testkit.Queries.run;
import static io.sluice.testkit.Queries.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.log.StderrCapture;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code release_reserved_when_clean=true}: a session gives its reserved connection back once
 * MySQL shows nothing of it remains there (locks released, temporary tables dropped, user
 * variables read back), and keeps it while anything might. Off by default.
 */
class ReleaseWhenCleanTest {
  private static final String USER = "release_app";
  private static final String PASSWORD = "release-secret";
  private static EmbeddedMysql mysql;

  // Ordered so that the runtime closes while its output is still captured.
  @RegisterExtension
  @Order(1)
  final StderrCapture stderr = new StderrCapture();

  @RegisterExtension
  @Order(2)
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest();

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    mysql.createUser(USER, PASSWORD);
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("CREATE DATABASE IF NOT EXISTS release_db");
      s.execute("CREATE TABLE IF NOT EXISTS release_db.base (id INT)");
    }
  }

  private Connection session(String args) throws SQLException {
    sluice.start(args);
    Properties info = new Properties();
    info.setProperty("user", USER);
    info.setProperty("password", PASSWORD);
    return sluice.connect(Drivers.connectorJ(), mysql.jdbcUrl("release_db"), info);
  }

  private Connection session() throws SQLException {
    return session("release_reserved_when_clean=true");
  }

  private long reserved() {
    return sluice.runtime().metrics().reservedSessions();
  }

  @Test
  void aReleasedLockGivesTheConnectionBack() throws SQLException {
    try (Connection a = session()) {
      assertEquals(1L, value(a, "SELECT GET_LOCK('r1', 0)"));
      assertEquals(1L, value(a, "SELECT GET_LOCK('r2', 0)"));
      assertEquals(1L, value(a, "SELECT RELEASE_LOCK('r1')"));
      assertEquals(1, reserved(), "one lock is still held");
      assertEquals(1L, value(a, "SELECT RELEASE_LOCK('r2')"));
      assertEquals(0, reserved(), "no lock left: given back");
    }
  }

  @Test
  void droppedTemporaryTablesGiveTheConnectionBack() throws SQLException {
    try (Connection a = session()) {
      run(a, "CREATE TEMPORARY TABLE scratch (id INT)");
      run(a, "CREATE TEMPORARY TABLE IF NOT EXISTS release_db.scratch2 (id INT)");
      run(a, "DROP TEMPORARY TABLE scratch");
      assertEquals(1, reserved());
      run(a, "DROP TEMPORARY TABLE release_db.scratch2");
      assertEquals(0, reserved());
    }
  }

  @Test
  void aTemporaryTableShadowingABaseTableKeepsTheReservation() throws SQLException {
    try (Connection a = session()) {
      run(a, "CREATE TEMPORARY TABLE base (id INT)");
      run(a, "DROP TEMPORARY TABLE base");
      assertEquals(1, reserved(), "the base table's name still answers: not provably gone");
    }
  }

  @Test
  void variablesAssignedOnTheConnectionComeBackToTheSession() throws SQLException {
    try (Connection a = session();
        Connection b = session()) {
      run(a, "SET @kept = 'k'");
      run(a, "SELECT 5, 'x' INTO @five, @x");
      assertEquals(0, reserved(), "read back at once");
      assertEquals(5L, value(a, "SELECT @five"));
      assertEquals("x", value(a, "SELECT @x"));
      assertEquals("k", value(a, "SELECT @kept"));
      assertEquals(null, value(b, "SELECT @five"));
    }
  }

  @Test
  void anOpenTransactionOrUntrackedStateKeepsTheReservation() throws SQLException {
    try (Connection a = session()) {
      run(a, "BEGIN");
      assertEquals(1L, value(a, "SELECT GET_LOCK('t', 0)"));
      assertEquals(1L, value(a, "SELECT RELEASE_LOCK('t')"));
      assertEquals(1, reserved(), "inside a transaction");
      run(a, "COMMIT");
      assertEquals(0, reserved());
      run(a, "PREPARE ps FROM 'SELECT 1'");
      assertEquals(1L, ((Number) value(a, "SELECT RELEASE_ALL_LOCKS() + 1")).longValue());
      assertEquals(1, reserved(), "a prepared statement is state Sluice cannot prove gone");
    }
  }

  @Test
  void withoutPerformanceSchemaSelectItSaysSoOnceAndStopsAsking() throws SQLException {
    String user = "release_no_ps";
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("CREATE USER IF NOT EXISTS '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
      s.execute("GRANT ALL PRIVILEGES ON release_db.* TO '" + user + "'@'%'");
    }
    long deniedBefore = accessDenied(user);
    sluice.start("release_reserved_when_clean=true");
    Properties info = new Properties();
    info.setProperty("user", user);
    info.setProperty("password", PASSWORD);
    try (Connection a = sluice.connect(Drivers.connectorJ(), mysql.jdbcUrl("release_db"), info)) {
      for (int i = 0; i < 3; i++) {
        assertEquals(1L, value(a, "SELECT GET_LOCK('np', 0)"));
        assertEquals(1L, value(a, "SELECT RELEASE_LOCK('np')"));
      }
      assertEquals(1, reserved(), "nothing proves it clean: kept");
    }
    assertEquals(1, accessDenied(user) - deniedBefore, "asked once, then no more");
    List<String> warnings =
        stderr.text().lines().filter(l -> l.startsWith("[sluice] WARN")).toList();
    assertEquals(1, warnings.size(), stderr.text());
    assertTrue(warnings.get(0).contains("release_reserved_when_clean"), warnings.get(0));
    assertTrue(warnings.get(0).contains("SELECT on performance_schema.metadata_locks"), warnings.get(0));
  }

  /** How many times MySQL refused {@code user} a table (1142) so far. */
  private static long accessDenied(String user) throws SQLException {
    try (Connection root = mysql.rootConnection()) {
      return (Long) value(
          root,
          "SELECT CAST(COALESCE(SUM(SUM_ERROR_RAISED), 0) AS SIGNED)"
              + " FROM performance_schema.events_errors_summary_by_user_by_error"
              + " WHERE USER = '" + user + "' AND ERROR_NUMBER = 1142");
    }
  }

  @Test
  void offByDefaultTheReservationLastsUntilTheSessionEnds() throws SQLException {
    try (Connection a = session("")) {
      assertEquals(1L, value(a, "SELECT GET_LOCK('d', 0)"));
      assertEquals(1L, value(a, "SELECT RELEASE_LOCK('d')"));
      assertEquals(1, reserved());
    }
    assertEquals(0, reserved());
  }
}
