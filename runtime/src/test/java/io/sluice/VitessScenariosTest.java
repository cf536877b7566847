package io.sluice;

import static io.sluice.testkit.Queries.rootRun;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.testkit.AppUser;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Vitess' end-to-end scenarios about session state (vitess.md §9.1, §9.3, §9.5), as differential
 * tests: each script runs on a direct Connector/J connection and on a Sluice session, statement by
 * statement, and every outcome (rows with their column types, update counts, warnings, errors)
 * must be the same. Where Vitess and MySQL differ, the direct connection is MySQL's answer. A
 * second Sluice session with state of its own runs between every two statements on the same
 * single pooled connection, so that state left on a connection would show.
 */
class VitessScenariosTest {
  private static EmbeddedMysql mysql;
  private static AppUser app;

  @RegisterExtension
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest("queryserver_config_pool_size=1");

  private Connection noise;

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "vitess", "vitess_app", "vitess-secret");
  }

  @BeforeEach
  void newRuntime() throws SQLException {
    rootRun(
        mysql,
        "DROP TABLE IF EXISTS vitess.test",
        "CREATE TABLE vitess.test (id BIGINT PRIMARY KEY, val1 VARCHAR(16), val2 INT, val3 FLOAT)",
        "DROP TABLE IF EXISTS vitess.auto",
        "CREATE TABLE vitess.auto (id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT)");
    noise = session();
    run(noise, "SET sql_mode = '', time_zone = '+09:00', @foo = 'noise', sql_safe_updates = 1");
  }

  @AfterEach
  void closeRuntime() throws SQLException {
    noise.close();
  }

  private Connection session() throws SQLException {
    return app.session(sluice::connect);
  }

  /** Runs the script on both, and compares every outcome. */
  private void same(String... script) throws SQLException {
    List<String> direct = new ArrayList<>();
    List<String> multiplexed = new ArrayList<>();
    try (Connection d = app.direct()) {
      for (String sql : script) {
        direct.add(sql + " -> " + run(d, sql));
      }
    }
    try (Statement clean = mysql.rootConnection().createStatement()) {
      clean.execute("DELETE FROM vitess.test");
      clean.execute("TRUNCATE vitess.auto");
    }
    try (Connection s = session()) {
      for (String sql : script) {
        multiplexed.add(sql + " -> " + run(s, sql));
        run(noise, "SELECT @foo, @@time_zone");
      }
    }
    assertEquals(String.join("\n", direct), String.join("\n", multiplexed));
  }

  /** One statement's outcome as text: rows with column types, update count, warnings, error. */
  private static String run(Connection c, String sql) {
    return run(c, sql, false);
  }

  /**
   * {@link #run(Connection, String)}; {@code exact} adds each column's Java class and precision,
   * and each warning's message.
   */
  static String run(Connection c, String sql, boolean exact) {
    StringBuilder out = new StringBuilder();
    try (Statement s = c.createStatement()) {
      boolean rows = s.execute(sql);
      if (rows) {
        try (ResultSet rs = s.getResultSet()) {
          ResultSetMetaData meta = rs.getMetaData();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            out.append(meta.getColumnLabel(i)).append(':').append(meta.getColumnTypeName(i));
            if (exact) {
              out.append('/').append(meta.getColumnClassName(i)).append('/');
              out.append(meta.getPrecision(i));
            }
            out.append(' ');
          }
          while (rs.next()) {
            out.append('[');
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              Object value = rs.getObject(i);
              out.append(i == 1 ? "" : ", ").append(value);
              out.append(value == null ? "" : "/" + value.getClass().getSimpleName());
            }
            out.append(']');
          }
        }
      } else {
        out.append("count ").append(s.getLargeUpdateCount());
      }
      for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
        out.append(" warning ").append(w.getErrorCode());
        out.append(exact ? " " + w.getMessage() : "");
      }
    } catch (SQLException e) {
      out.append("error ").append(e.getErrorCode()).append(' ').append(e.getMessage());
    }
    return out.toString();
  }

  @Test
  void setSysVarSingle() throws SQLException { // 1
    same(
        "SET default_storage_engine = INNODB",
        "SELECT @@default_storage_engine",
        "SET @charvar = 'utf8mb4'",
        "SET character_set_client = @charvar",
        "SELECT @@character_set_client",
        "SET sql_mode = ''",
        "SELECT @@sql_mode",
        "SET sql_mode = concat(@@sql_mode, 'NO_ZERO_DATE')",
        "SELECT @@sql_mode",
        "SET sql_mode = @@sql_mode",
        "SELECT @@sql_mode",
        "SET SQL_SAFE_UPDATES = 1",
        "SELECT @@sql_safe_updates",
        "SET sql_auto_is_null = on",
        "SELECT @@sql_auto_is_null",
        "SET sql_notes = off",
        "SELECT @@sql_notes");
  }

  @Test
  void setSystemVariable() throws SQLException { // 2
    same(
        "SET SESSION sql_mode = 'NO_ZERO_DATE', SESSION default_week_format = 1",
        "SELECT @@sql_mode, @@default_week_format",
        "SET @@SESSION.sql_mode = CONCAT(CONCAT(@@sql_mode, ',STRICT_ALL_TABLES'),"
            + " ',NO_AUTO_VALUE_ON_ZERO'), @@SESSION.sql_auto_is_null = 0,"
            + " @@SESSION.wait_timeout = 2147483",
        "SELECT @@sql_mode, @@sql_auto_is_null, @@wait_timeout");
  }

  @Test
  void autocommitKeepsItsTypeAndSocketIsReadOnly() throws SQLException { // 11, 12
    same(
        "SET autocommit = false",
        "SELECT @@autocommit",
        "SELECT @@autocommit FROM vitess.test",
        "SET autocommit = true",
        "SELECT @@autocommit",
        "SET socket = '/any/path'",
        "SELECT @@socket IS NOT NULL");
  }

  @Test
  void transactionIsolationInEveryForm() throws SQLException { // 15
    same(
        "SELECT @@transaction_isolation",
        "SET @@transaction_isolation = 'read-committed'",
        "SELECT @@transaction_isolation",
        "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED",
        "SELECT @@transaction_isolation",
        "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        "SELECT @@transaction_isolation",
        "SELECT @@transaction_isolation");
  }

  @Test
  void innodbLockWaitTimeoutIsTheSessionsNotTheServers() throws SQLException { // 16
    same(
        "SELECT @@innodb_lock_wait_timeout, @@global.innodb_lock_wait_timeout",
        "SET @@innodb_lock_wait_timeout = 120",
        "SELECT @@innodb_lock_wait_timeout, @@global.innodb_lock_wait_timeout",
        "SET @@innodb_lock_wait_timeout = 240",
        "SELECT @@innodb_lock_wait_timeout");
  }

  @Test
  void userDefinedVariables() throws SQLException { // 30, 32
    same(
        "SELECT @foo",
        "SET @foo = 'abc', @bar = 42, @baz = 30.5, @tablet = concat('foo', 'bar')",
        "/*!40101 SET @OLD_SQL_MODE = @@SQL_MODE */",
        "SELECT @foo, @bar, @baz, @tablet",
        "SELECT @OLD_SQL_MODE = @@SQL_MODE",
        "INSERT INTO vitess.test (id, val1, val2) VALUES (@bar, @foo, @bar), (@bar + 1, @tablet, 7)",
        "SELECT id, val1, val2 FROM vitess.test WHERE val1 = @foo",
        "UPDATE vitess.test SET val2 = @bar + 1 WHERE val1 = @tablet",
        "DELETE FROM vitess.test WHERE id = @bar",
        "SET @foo = now(), @bar = now(), @dd = date('2020-10-20'), @tt = time('10:15')",
        "SELECT @foo = @bar, @dd, @tt",
        "SET @x = CONCAT('Any', 'Expression', 'Is', 'Valid')",
        "SELECT @x");
  }

  @Test
  void sqlSelectLimit() throws SQLException { // 44
    same(
        "INSERT INTO vitess.test (id) VALUES (1), (2), (3), (4), (5)",
        "SET sql_select_limit = 2",
        "SELECT id FROM vitess.test ORDER BY id",
        "SELECT id FROM vitess.test ORDER BY id LIMIT 3",
        "SELECT id FROM vitess.test WHERE id IN (SELECT id FROM vitess.test) ORDER BY id",
        "(SELECT id FROM vitess.test) UNION (SELECT 10) ORDER BY id",
        "SET sql_select_limit = DEFAULT",
        "SELECT COUNT(*) FROM (SELECT id FROM vitess.test) t");
  }

  @Test
  void foundRows() throws SQLException { // 45, 54
    same(
        "SELECT 42",
        "SELECT found_rows()",
        "INSERT INTO vitess.test (id, val2) VALUES (1, 1), (2, 1), (3, 2), (4, 2), (5, 3)",
        "SELECT id FROM vitess.test",
        "SELECT found_rows()",
        "SELECT id FROM vitess.test LIMIT 2",
        "SELECT found_rows()",
        "SELECT SQL_CALC_FOUND_ROWS id FROM vitess.test LIMIT 2",
        "SELECT found_rows()",
        "SELECT SQL_CALC_FOUND_ROWS id FROM vitess.test WHERE val2 > 1 LIMIT 1",
        "SELECT found_rows()",
        "SELECT SQL_CALC_FOUND_ROWS val2 FROM vitess.test GROUP BY val2 LIMIT 1",
        "SELECT found_rows()");
  }

  @Test
  void lastInsertIdInEveryPosition() throws SQLException { // 51
    same(
        "SELECT last_insert_id()",
        "INSERT INTO vitess.auto (v) VALUES (1)",
        "SELECT last_insert_id()",
        "SELECT last_insert_id(18)",
        "SELECT last_insert_id()",
        "UPDATE vitess.auto SET v = last_insert_id(v + 10)",
        "SELECT last_insert_id()",
        "SET @x = last_insert_id(21)",
        "SELECT @x, last_insert_id()",
        "INSERT INTO vitess.auto (v) VALUES (last_insert_id(0))",
        "SELECT last_insert_id()",
        "INSERT INTO vitess.auto (id, v) VALUES (1000, 1)",
        "SELECT last_insert_id()",
        "INSERT INTO vitess.auto (id, v) VALUES (2000, 1), (NULL, 2)",
        "SELECT last_insert_id()",
        "BEGIN",
        "INSERT INTO vitess.auto (v) VALUES (5)",
        "SELECT last_insert_id()",
        "COMMIT",
        "SELECT last_insert_id()");
  }

  @Test
  void timeZones() throws SQLException { // 53
    same(
        "SET time_zone = '+00:00'",
        "SELECT @@time_zone, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())",
        "SET time_zone = '+08:00'",
        "SELECT @@time_zone, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())",
        "SET time_zone = '-05:30'",
        "SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW()), CONVERT_TZ('2020-01-01 00:00',"
            + " @@time_zone, '+00:00')");
  }
}
