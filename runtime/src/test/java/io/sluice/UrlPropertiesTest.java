package io.sluice;

import static io.sluice.testkit.Queries.rootLong;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * URL properties that change what Connector/J does behind JDBC, on a real MySQL 8.0.31: the same
 * code runs on direct connections and on Sluice sessions over a pool of one physical connection
 * (so that the next session gets the connection the first one used), and everything it observes,
 * the next session's view included, must be the same.
 */
class UrlPropertiesTest {
  private static final String USER = "urlprops_app";
  private static final String PASSWORD = "urlprops-secret";
  private static final String DB = "urlprops";
  private static final String OTHER_DB = "urlprops_other";
  private static EmbeddedMysql mysql;

  private final Driver driver = Drivers.connectorJ();
  /** Started by the first session of a {@link #run} via Sluice, closed at its end. */
  @RegisterExtension
  final SluiceUnderTest sluice =
      SluiceUnderTest.eachTest(
          "queryserver_config_pool_size=1,queryserver_config_transaction_cap=1");

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    mysql.createUser(USER, PASSWORD);
    mysql.jdbcUrl(DB);
    mysql.jdbcUrl(OTHER_DB);
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS urlprops.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
      s.execute("CREATE TABLE IF NOT EXISTS urlprops.rows250 (id INT PRIMARY KEY)");
      s.execute("CREATE TABLE IF NOT EXISTS urlprops_other.t (id INT PRIMARY KEY, v INT)");
      s.execute("TRUNCATE urlprops.rows250");
      s.execute(
          "INSERT INTO urlprops.rows250 WITH RECURSIVE n(i) AS"
              + " (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) SELECT i FROM n");
    }
  }

  /** What one connection does; it returns what it observed, one line per observation. */
  @FunctionalInterface
  interface Work {
    void run(Connection c, List<String> seen) throws SQLException;
  }

  /**
   * Runs {@code first} on one connection and closes it, then {@code next} on a new one, and
   * returns what both observed, with what MySQL then holds: the committed rows of {@code t}.
   */
  private List<String> run(String properties, boolean viaSluice, Work first, Work next)
      throws SQLException {
    truncate();
    String url = mysql.jdbcUrl(DB) + "&" + properties;
    Properties info = new Properties();
    info.setProperty("user", USER);
    info.setProperty("password", PASSWORD);
    List<String> seen = new ArrayList<>();
    try {
      for (Work work : List.of(first, next)) {
        try (Connection c = viaSluice ? sluice.connect(driver, url, info) : driver.connect(url, info)) {
          work.run(c, seen);
        }
      }
      seen.add(committedRows());
    } finally {
      sluice.close();
    }
    return seen;
  }

  private void assertSameAsDirect(String properties, Work first, Work next) throws SQLException {
    List<String> direct = run(properties, false, first, next);
    List<String> multiplexed = run(properties, true, first, next);
    assertEquals(String.join("\n", direct), String.join("\n", multiplexed), properties);
  }

  /** {@link #assertSameAsDirect} while another transaction holds an uncommitted row of rows250. */
  private void assertSameAsDirectBesideUncommittedRow(String properties, Work first, Work next)
      throws SQLException {
    try (Connection root = mysql.rootConnection();
        Statement uncommitted = root.createStatement()) {
      root.setAutoCommit(false);
      uncommitted.execute("INSERT INTO urlprops.rows250 VALUES (1000)");
      try {
        assertSameAsDirect(properties, first, next);
      } finally {
        root.rollback();
      }
    }
  }

  private static void truncate() throws SQLException {
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("TRUNCATE urlprops.t");
      s.execute("TRUNCATE urlprops_other.t");
    }
  }

  private static String committedRows() throws SQLException {
    return "committed rows: "
        + rootLong(mysql, "SELECT COUNT(*) FROM urlprops.t")
        + ", in "
        + OTHER_DB
        + ": "
        + rootLong(mysql, "SELECT COUNT(*) FROM urlprops_other.t");
  }

  /** Runs a statement and notes its outcome: rows, an update count, or MySQL's error code. */
  private static void note(Connection c, String sql, List<String> seen) {
    try (Statement s = c.createStatement()) {
      if (s.execute(sql)) {
        seen.add(sql + " -> " + rows(s.getResultSet()));
      } else {
        seen.add(sql + " -> " + s.getUpdateCount());
      }
    } catch (SQLException e) {
      seen.add(sql + " -> error " + e.getErrorCode());
    }
  }

  private static String rows(ResultSet rs) throws SQLException {
    StringBuilder out = new StringBuilder();
    int count = 0;
    while (rs.next()) {
      if (count++ < 3) {
        out.append(rs.getString(1)).append(' ');
      }
    }
    rs.close();
    return out + "(" + count + " rows)";
  }

  /** What the connection says of its JDBC state. */
  private static void getters(Connection c, List<String> seen) throws SQLException {
    seen.add(
        "autocommit "
            + c.getAutoCommit()
            + ", isolation "
            + c.getTransactionIsolation()
            + ", read-only "
            + c.isReadOnly());
  }

  private static void inserts(Connection c, List<String> seen) {
    for (int i = 0; i < 3; i++) {
      note(c, "INSERT INTO t (v) VALUES (" + i + ")", seen);
    }
  }

  // ------------------------------------------------------------------ item 1: local session state

  /**
   * A session sets autocommit or a transaction characteristic with SQL and closes; the next one
   * writes and reads (a row another transaction has not committed must stay invisible).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "useLocalSessionState=true | SET autocommit = 0 | autocommit",
        "useLocalSessionState=true&elideSetAutoCommits=true&cacheServerConfiguration=true"
            + " | SET autocommit = 0 | autocommit",
        "useLocalSessionState=true&useLocalTransactionState=true | SET autocommit = 0 | autocommit",
        "useLocalSessionState=true | SET SESSION transaction_read_only = 1 | transaction_read_only",
        "readOnlyPropagatesToServer=false | SET SESSION transaction_read_only = 1"
            + " | transaction_read_only",
        "useLocalSessionState=true&useLocalTransactionState=true&readOnlyPropagatesToServer=false"
            + " | SET SESSION transaction_read_only = 1 | transaction_read_only",
        "useLocalSessionState=true | SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED"
            + " | transaction_isolation",
        "useLocalSessionState=true&cacheServerConfiguration=true"
            + " | SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED | transaction_isolation"
      })
  void jdbcStateSetBySqlDoesNotReachTheNextSession(String properties, String set, String variable)
      throws SQLException {
    assertSameAsDirectBesideUncommittedRow(
        properties,
        (c, seen) -> note(c, set, seen),
        (c, seen) -> {
          inserts(c, seen);
          note(c, "SELECT COUNT(*) FROM rows250", seen);
          getters(c, seen);
          note(c, "SELECT @@" + variable, seen);
        });
  }

  /**
   * Under these properties the driver keeps its own view of the transaction characteristics,
   * which a SET in SQL leaves behind: its getters report the old value and its setters skip a
   * change back to it. The session must answer, read and write as the driver does.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "useLocalSessionState=true | SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED",
        "useLocalSessionState=true | SET SESSION transaction_read_only = 1",
        "readOnlyPropagatesToServer=no | SET SESSION transaction_read_only = 1"
      })
  void transactionCharacteristicsSetBySqlAreSeenAsTheDriverSeesThem(String properties, String set)
      throws SQLException {
    Work readAndWrite =
        (c, seen) -> {
          getters(c, seen);
          inserts(c, seen);
          note(c, "SELECT COUNT(*) FROM rows250", seen);
          note(c, "SELECT CONCAT(@@transaction_isolation, ' ', @@transaction_read_only)", seen);
        };
    assertSameAsDirectBesideUncommittedRow(
        properties,
        (c, seen) -> {
          note(c, set, seen);
          readAndWrite.run(c, seen);
          c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          c.setReadOnly(false);
          readAndWrite.run(c, seen);
        },
        readAndWrite);
  }

  @ParameterizedTest
  @ValueSource(strings = {"useLocalSessionState=true", "readOnlyPropagatesToServer=false"})
  void readOnlySetBySqlInATransactionDoesNotReachTheNextTransaction(String properties)
      throws SQLException {
    assertSameAsDirect(
        properties,
        (c, seen) -> {
          c.setAutoCommit(false);
          note(c, "SELECT COUNT(*) FROM t", seen);
          note(c, "SET SESSION transaction_read_only = 1", seen);
          c.commit();
        },
        (c, seen) -> {
          c.setAutoCommit(false);
          inserts(c, seen);
          c.commit();
          note(c, "SELECT @@transaction_read_only", seen);
        });
  }

  /** A JDBC call that may fail, for {@link #call}. */
  @FunctionalInterface
  interface Call {
    void run() throws SQLException;
  }

  /** Makes a JDBC call and notes its outcome: done, or the exception the driver threw. */
  private static void call(String name, Call call, List<String> seen) {
    try {
      call.run();
      seen.add(name + " done");
    } catch (SQLException e) {
      seen.add(
          name + " -> " + e.getClass().getName() + " " + e.getSQLState() + " " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ what the driver never learns

  /**
   * Connector/J never learns autocommit from SQL: its getAutoCommit, setAutoCommit, commit and
   * rollback go on from its own view (with useLocalSessionState, setAutoCommit sends nothing for
   * the value it believes current), while the server runs the statements under the SET. A
   * session must answer and act as the driver, and its uncommitted rows must die with it.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "useLocalSessionState=false | true | SET autocommit = 0",
        "useLocalSessionState=true | true | SET autocommit = 0",
        "useLocalSessionState=true | true | SET SESSION autocommit = OFF",
        "useLocalSessionState=false | true | SET @@autocommit = 0",
        "useLocalSessionState=true&elideSetAutoCommits=true | true | SET @@SESSION.autocommit = 0",
        "useLocalSessionState=false | false | SET autocommit = 1",
        "useLocalSessionState=true | false | SET autocommit = DEFAULT",
        "useLocalSessionState=true | false | SET autocommit = ON"
      })
  void autocommitSetBySqlIsSeenAsTheDriverSeesIt(String properties, boolean autoCommit, String set)
      throws SQLException {
    assertSameAsDirect(
        properties,
        (c, seen) -> {
          c.setAutoCommit(autoCommit);
          note(c, set, seen);
          getters(c, seen);
          inserts(c, seen);
          seen.add(committedRows());
          call("commit", c::commit, seen);
          call("rollback", c::rollback, seen);
          seen.add(committedRows());
          call("setAutoCommit(" + autoCommit + ")", () -> c.setAutoCommit(autoCommit), seen);
          call("setAutoCommit(" + !autoCommit + ")", () -> c.setAutoCommit(!autoCommit), seen);
          getters(c, seen);
          note(c, "SELECT @@autocommit", seen);
          inserts(c, seen);
          seen.add(committedRows());
          note(c, set, seen);
          inserts(c, seen);
          call("rollback", c::rollback, seen);
          getters(c, seen);
          note(c, "SELECT @@autocommit", seen);
          inserts(c, seen);
        },
        (c, seen) -> {
          getters(c, seen);
          note(c, "SELECT @@autocommit", seen);
          inserts(c, seen);
          call("rollback", c::rollback, seen);
        });
  }

  /**
   * Connector/J does not track USE: getCatalog() and the metadata calls that default to the
   * database go on with the URL's or the last setCatalog's, and with useLocalSessionState a
   * setCatalog of that database sends nothing, while statements run in the database USE chose.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "useLocalSessionState=false",
        "useLocalSessionState=true",
        "useLocalSessionState=true&nullDatabaseMeansCurrent=true",
        "useLocalSessionState=false&nullDatabaseMeansCurrent=true"
      })
  void useInSqlIsSeenAsTheDriverSeesIt(String properties) throws SQLException {
    Work where =
        (c, seen) -> {
          seen.add("catalog " + c.getCatalog() + ", schema " + c.getSchema());
          note(c, "SELECT DATABASE()", seen);
          note(c, "INSERT INTO t (id, v) VALUES (" + seen.size() + ", 1)", seen);
          try (ResultSet tables = c.getMetaData().getTables(null, null, "t", null)) {
            seen.add("tables " + rows(tables));
          } catch (SQLException e) {
            seen.add("tables -> " + e.getErrorCode() + " " + e.getMessage());
          }
        };
    assertSameAsDirect(
        properties,
        (c, seen) -> {
          note(c, "USE " + OTHER_DB, seen);
          where.run(c, seen);
          c.setCatalog(DB);
          where.run(c, seen);
          c.setCatalog(OTHER_DB);
          note(c, "USE " + DB, seen);
          where.run(c, seen);
          c.setCatalog(OTHER_DB);
          where.run(c, seen);
          c.setAutoCommit(false);
          note(c, "USE " + DB, seen);
          where.run(c, seen);
          c.setCatalog(OTHER_DB);
          where.run(c, seen);
          c.commit();
        },
        where);
  }

  // ------------------------------------------------------------------ item 4: statement defaults

  /** A session's statements and Sluice's own queries under the URL's statement defaults. */
  private static void queriesUnderUrlDefaults(Connection c, List<String> seen)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      seen.add("fetch size " + s.getFetchSize() + ", max rows " + s.getMaxRows());
      seen.add("rows " + rows(s.executeQuery("SELECT id FROM rows250 ORDER BY id")));
    }
    try (Statement s = c.createStatement()) {
      s.setFetchSize(0);
      s.setMaxRows(0);
      seen.add("fetch size 0, max rows 0: rows " + rows(s.executeQuery("SELECT id FROM rows250")));
    }
    try (PreparedStatement p = c.prepareStatement("SELECT id FROM rows250 WHERE id > ? ORDER BY id")) {
      p.setInt(1, 10);
      seen.add("prepared fetch size " + p.getFetchSize() + ", max rows " + p.getMaxRows());
      seen.add("prepared rows " + rows(p.executeQuery()));
    }
    note(c, "SET sql_mode = 'STRICT_ALL_TABLES'", seen);
    note(c, "SELECT @@sql_mode", seen);
    note(c, "SET @a = 42", seen);
    note(c, "SELECT @a", seen);
    inserts(c, seen);
    note(c, "SELECT LAST_INSERT_ID()", seen);
    note(c, "SELECT CAST('x' AS SIGNED)", seen);
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT CAST('y' AS SIGNED)").close();
      seen.add("warning " + (s.getWarnings() == null ? null : s.getWarnings().getErrorCode()));
    }
    // What the server knows only once every row is sent.
    note(c, "SELECT id FROM rows250 WHERE id < 100", seen);
    note(c, "SELECT FOUND_ROWS(), ROW_COUNT()", seen);
    note(c, "SELECT SQL_CALC_FOUND_ROWS id FROM rows250 LIMIT 2", seen);
    note(c, "SELECT FOUND_ROWS()", seen);
    note(c, "SELECT id FROM rows250 WHERE id = LAST_INSERT_ID(7)", seen);
    note(c, "SELECT LAST_INSERT_ID()", seen);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "defaultFetchSize=-2147483648",
        "useCursorFetch=true&defaultFetchSize=100",
        "useCursorFetch=true&defaultFetchSize=100&useServerPrepStmts=false",
        "maxRows=5"
      })
  void theUrlsStatementDefaultsAreEveryStatementsDefaults(String properties) throws SQLException {
    assertSameAsDirect(
        properties,
        UrlPropertiesTest::queriesUnderUrlDefaults,
        (c, seen) -> {
          note(c, "SELECT @@sql_mode", seen);
          note(c, "SELECT COUNT(*) FROM rows250", seen);
        });
  }

  /**
   * FOUND_ROWS() on a new connection is what Connector/J's own queries at connect left: 1 after
   * its SELECT of server variables, 0 where cacheServerConfiguration spares every connection of
   * the URL but the first that query. (prepStmtCacheSize only makes the URL this test's own: the
   * driver caches the configuration per URL.)
   */
  @ParameterizedTest
  @ValueSource(
      strings = {"prepStmtCacheSize=17", "cacheServerConfiguration=true&prepStmtCacheSize=17"})
  void foundRowsOnANewConnectionIsWhatTheDriversConnectLeft(String properties)
      throws SQLException {
    Work read =
        (c, seen) -> {
          note(c, "SELECT FOUND_ROWS()", seen);
          try (Statement s = c.createStatement()) {
            seen.add("after an insert: " + s.executeUpdate("INSERT INTO t (v) VALUES (1)"));
          }
          note(c, "SELECT FOUND_ROWS()", seen);
        };
    assertSameAsDirect(properties, read, read);
  }
}
