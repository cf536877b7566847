package io.sluice;

import static io.sluice.testkit.Queries.rootRun;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mysql.cj.jdbc.JdbcPreparedStatement;
import com.mysql.cj.jdbc.JdbcStatement;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same application code on a direct Connector/J connection and on a Sluice session, with
 * {@code allowMultiQueries} and {@code allowLoadLocalInfile} on: everything the code observes
 * (values, column labels and types, exceptions' class, SQLState, code and message) is the same.
 */
class DirectParityTest {
  private static final String USER = "parity_app";
  private static final String PASSWORD = "parity-secret";
  private static final String PROPERTIES = "&allowMultiQueries=true&allowLoadLocalInfile=true";
  private static EmbeddedMysql mysql;
  private static String url;
  @RegisterExtension
  static final SluiceUnderTest sluice =
      SluiceUnderTest.wholeClass("queryserver_config_pool_size=2");

  @BeforeAll
  static void start() throws SQLException {
    mysql = EmbeddedMysql.shared();
    url = mysql.jdbcUrl("parity") + PROPERTIES;
    mysql.createUser(USER, PASSWORD);
    rootRun(
        mysql,
        "SET GLOBAL local_infile = ON",
        "CREATE TABLE IF NOT EXISTS parity.t (id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT)",
        "DROP PROCEDURE IF EXISTS parity.no_result",
        "CREATE PROCEDURE parity.no_result() BEGIN DO 1; END",
        "DROP PROCEDURE IF EXISTS parity.reads_all",
        "CREATE PROCEDURE parity.reads_all() BEGIN " + READ_ALL + "; END",
        "DROP PROCEDURE IF EXISTS parity.one_result",
        "CREATE PROCEDURE parity.one_result() BEGIN SELECT 1 AS one; END");
  }

  /** Application code that describes what it saw. */
  @FunctionalInterface
  interface App {
    void run(Connection c, StringBuilder seen) throws Exception;
  }

  private static void sameAsDirect(App app) throws Exception {
    sameAsDirect("", app);
  }

  private static void sameAsDirect(String properties, App app) throws Exception {
    sameAsDirectAt(url + properties, app);
  }

  private static void sameAsDirectAt(String at, App app) throws Exception {
    String direct = transcript(DriverManager.getConnection(at, USER, PASSWORD), app);
    Properties info = new Properties();
    info.setProperty("user", USER);
    info.setProperty("password", PASSWORD);
    String viaSluice = transcript(sluice.connect(Drivers.connectorJ(), at, info), app);
    assertEquals(direct, viaSluice);
  }

  private static String transcript(Connection connection, App app) throws Exception {
    StringBuilder seen = new StringBuilder();
    try (Connection c = connection;
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE t");
      app.run(c, seen);
    }
    return seen.toString();
  }

  /** Every outcome of an execution: result sets (labels, types, rows) and update counts. */
  private static void outcomes(Statement s, boolean first, StringBuilder seen) throws SQLException {
    boolean isResult = first;
    while (true) {
      if (isResult) {
        try (ResultSet rows = s.getResultSet()) {
          rows(rows, seen);
        }
      } else {
        long count = s.getLargeUpdateCount();
        if (count == -1) {
          return;
        }
        seen.append("count ").append(count).append('\n');
      }
      isResult = s.getMoreResults();
    }
  }

  private static void rows(ResultSet rows, StringBuilder seen) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      seen.append(meta.getColumnLabel(i)).append(" / ").append(meta.getColumnName(i))
          .append(" / ").append(meta.getColumnTypeName(i)).append(" | ");
    }
    seen.append('\n');
    while (rows.next()) {
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        seen.append(rows.getObject(i)).append(" | ");
      }
      seen.append('\n');
    }
  }

  private static void run(Statement s, String sql, StringBuilder seen) throws SQLException {
    seen.append("> ").append(sql).append('\n');
    outcomes(s, s.execute(sql), seen);
  }

  private static void failure(Exec exec, StringBuilder seen) {
    try {
      exec.run();
      seen.append("no exception\n");
    } catch (Exception e) {
      seen.append(e.getClass().getName());
      if (e instanceof SQLException sql) {
        seen.append(' ').append(sql.getSQLState()).append(' ').append(sql.getErrorCode());
      }
      seen.append(": ").append(e.getMessage()).append('\n');
    }
  }

  @FunctionalInterface
  interface Exec {
    void run() throws Exception;
  }

  /**
   * History left by single statements before the text: an insert id, found rows, and a count of
   * 0 (a SET leaves FOUND_ROWS() alone).
   */
  private static void history(Statement s, StringBuilder seen) throws SQLException {
    run(s, "INSERT INTO t (v) VALUES (1), (2), (3)", seen);
    run(s, "UPDATE t SET v = v + 1 WHERE v < 3", seen);
    run(s, "SELECT id FROM t", seen);
    run(s, "SET @q = 1", seen);
  }

  private static final String READ_ALL =
      "SELECT LAST_INSERT_ID(), @@identity, @@last_insert_id, ROW_COUNT(), FOUND_ROWS()";

  // ------------------------------------------------------------------ multi-statement texts

  @Test
  void aMultiStatementTextReadsTheValuesItsOwnStatementsLeave() throws Exception {
    sameAsDirect((c, seen) -> {
      try (Statement s = c.createStatement()) {
        history(s, seen);
        run(s, "INSERT INTO t (v) VALUES (7); " + READ_ALL, seen);
        run(s, "SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 1; " + READ_ALL, seen);
        run(s, "UPDATE t SET v = 0; " + READ_ALL + "; " + READ_ALL, seen);
        run(s, READ_ALL, seen);
      }
    });
  }

  @Test
  void aMultiStatementTextStartsFromTheSessionsValues() throws Exception {
    sameAsDirect((c, seen) -> {
      try (Statement s = c.createStatement()) {
        history(s, seen);
        run(s, READ_ALL + "; " + READ_ALL, seen);
        run(s, "DO 1; " + READ_ALL, seen);
        history(s, seen);
        run(s, "UPDATE t SET v = 5 WHERE v > 100; " + READ_ALL, seen);
        // More found rows than a recursive CTE makes by default (1000).
        run(s, "SELECT SQL_CALC_FOUND_ROWS 1 FROM information_schema.collations a,"
            + " information_schema.collations b LIMIT 1", seen);
        run(s, "SET @z = 1; " + READ_ALL, seen);
      }
    });
  }

  @Test
  void afterAMultiStatementTextTheNextStatementSeesWhatItLeft() throws Exception {
    sameAsDirect((c, seen) -> {
      try (Statement s = c.createStatement()) {
        history(s, seen);
        run(s, "DO 1; DO 2", seen);
        run(s, READ_ALL, seen);
        history(s, seen);
        run(s, "INSERT INTO t (v) VALUES (8), (9); UPDATE t SET v = 1 WHERE v = 8", seen);
        run(s, READ_ALL, seen);
        history(s, seen);
        run(s, "SELECT id FROM t LIMIT 2; SELECT 1", seen);
        run(s, READ_ALL, seen);
        run(s, "SELECT LAST_INSERT_ID(77); DO 1", seen);
        run(s, READ_ALL, seen);
      }
    });
  }

  @Test
  void aProcedureStartsFromTheSessionsValuesToo() throws Exception {
    sameAsDirect((c, seen) -> {
      try (Statement s = c.createStatement()) {
        history(s, seen);
        run(s, "CALL no_result()", seen);
        run(s, READ_ALL, seen);
        run(s, "CALL reads_all()", seen);
        run(s, "SELECT id FROM t LIMIT 2", seen);
        run(s, "CALL reads_all()", seen);
      }
    });
  }

  // ------------------------------------------------------------------ server errors' text

  /**
   * Without allowMultiQueries (the driver's default) a text of several statements is one syntax
   * error; a syntax error quotes the application's text, not the one Sluice would send.
   */
  @Test
  void aSyntaxErrorQuotesTheApplicationsText() throws Exception {
    sameAsDirectAt(mysql.jdbcUrl("parity"), (c, seen) -> {
      try (Statement s = c.createStatement()) {
        history(s, seen);
        for (String sql : new String[] {
            "SELECT LAST_INSERT_ID(), ROW_COUNT(); INSERT INTO t (v) VALUES (5); SELECT LAST_INSERT_ID()",
            "SET @m = 1; SELECT @m + 1",
            "UPDATE t SET v = v WHERE v > @q; SELECT ROW_COUNT()",
            "SELECT @q + 1, FOUND_ROWS() FRM t",
            "SELECT LAST_INSERT_ID()\nFROM t WHERE\n x x",
            "UPDATE t SET v = @q WHERE"}) {
          run(s, "SELECT id FROM t", seen);
          failure(() -> run(s, sql, seen), seen);
          run(s, READ_ALL + ", @m", seen);
        }
      }
    });
  }

  // ------------------------------------------------------------------ FOUND_ROWS(), ROW_COUNT()

  /** What each kind of statement leaves for FOUND_ROWS() and ROW_COUNT(), failed ones too. */
  @Test
  void eachKindOfStatementLeavesTheServersFoundRowsAndRowCount() throws Exception {
    sameAsDirect((c, seen) -> {
      try (Statement s = c.createStatement()) {
        for (String sql : new String[] {
            "SELECT id FROM t", "SELECT id FROM t LIMIT 1", "SELECT SQL_CALC_FOUND_ROWS id FROM t LIMIT 1",
            "SELECT id FROM t WHERE FALSE", "SELECT 7 INTO @i", "SELECT 7 FROM t WHERE FALSE INTO @i",
            "INSERT INTO t (v) VALUES (1), (2)", "INSERT INTO t (v) SELECT v FROM t LIMIT 2",
            "INSERT INTO t (v) VALUES ROW(4)", "REPLACE INTO t (id, v) VALUES (1, 3)",
            "UPDATE t SET v = v WHERE v > 1", "UPDATE t SET v = 9 WHERE v > 100",
            "UPDATE t JOIN t u ON u.id = t.id SET t.v = 2", "UPDATE t SET v = 1 WHERE id IN (SELECT 1)",
            "DELETE FROM t WHERE v > 100", "DELETE t FROM t JOIN t u ON u.id = t.id WHERE t.v > 100",
            "DO 1", "SET @z = 2", "USE parity", "SHOW TABLES", "SHOW CREATE TABLE t", "EXPLAIN SELECT 1",
            "DESCRIBE t", "CALL no_result()", "CREATE TABLE IF NOT EXISTS t (id INT)",
            "INSERT INTO t (id, v) VALUES (1, 1)", "UPDATE t SET id = 1 WHERE id = 2",
            "SELECT * FROM missing", "DO (SELECT id FROM t)", "UPDATE missing SET v = 1", "UPDATE (",
            "CREATE TABLE t (id INT)", "SELEC 1"}) {
          history(s, seen);
          failure(() -> run(s, sql, seen), seen);
          run(s, "SELECT ROW_COUNT(), FOUND_ROWS()", seen);
        }
      }
    });
  }

  /**
   * A data change or DDL keeps FOUND_ROWS() on the server; Connector/J's {@code execute} and
   * {@code executeBatch} make it 1 by asking whether the transaction is read-only first, which its
   * {@code executeUpdate} does not, nor any call under {@code useLocalSessionState}; so do its
   * {@code isReadOnly()} and {@code getTransactionIsolation()}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "&useLocalSessionState=true", "&readOnlyPropagatesToServer=false"})
  void foundRowsIsWhatTheDriversOwnQueriesLeave(String properties) throws Exception {
    sameAsDirect(properties, (c, seen) -> {
      try (Statement s = c.createStatement()) {
        history(s, seen);
        seen.append("read-only ").append(c.isReadOnly()).append('\n');
        run(s, "SELECT ROW_COUNT(), FOUND_ROWS()", seen);
        history(s, seen);
        seen.append("isolation ").append(c.getTransactionIsolation()).append('\n');
        run(s, "SELECT ROW_COUNT(), FOUND_ROWS()", seen);
        for (String sql : new String[] {
            "INSERT INTO t (v) VALUES (1)", "DELETE FROM t WHERE v > 100",
            "CREATE TABLE IF NOT EXISTS t (id INT)", "INSERT INTO t (id, v) VALUES (1, 1)"}) {
          history(s, seen);
          failure(() -> seen.append(s.executeUpdate(sql)).append('\n'), seen);
          run(s, "SELECT ROW_COUNT(), FOUND_ROWS()", seen);
          history(s, seen);
          s.addBatch(sql);
          failure(() -> seen.append(java.util.Arrays.toString(s.executeBatch())).append('\n'), seen);
          run(s, "SELECT ROW_COUNT(), FOUND_ROWS()", seen);
          history(s, seen);
          failure(() -> run(s, sql, seen), seen);
          run(s, "SELECT ROW_COUNT(), FOUND_ROWS()", seen);
        }
      }
    });
  }

  /** FOUND_ROWS() after an UPDATE is the rows it matched, also where its count is those changed. */
  @Test
  void anUpdateLeavesTheRowsItMatchedWhateverItsCount() throws Exception {
    sameAsDirect("&useAffectedRows=true", (c, seen) -> {
      try (Statement s = c.createStatement()) {
        history(s, seen);
        run(s, "UPDATE t SET v = 2 WHERE v = 2", seen);
        run(s, "SELECT ROW_COUNT(), FOUND_ROWS()", seen);
      }
    });
  }

  // ------------------------------------------------------------------ the driver's own errors

  @Test
  void executeQueryOfAStatementWithoutResultsFailsAsTheDriverFails() throws Exception {
    sameAsDirect((c, seen) -> {
      try (Statement s = c.createStatement()) {
        for (String sql : new String[] {"SELECT 1 INTO @v", "CALL no_result()", "CALL one_result()",
            "DO 1", "SET @w = 1", "INSERT INTO t (v) VALUES (1); SELECT 2 INTO @x"}) {
          failure(() -> {
            seen.append("executeQuery ").append(sql).append(": ");
            rows(s.executeQuery(sql), seen);
            seen.append(s.getUpdateCount()).append(' ').append(s.getResultSet() == null).append('\n');
          }, seen);
        }
        for (String sql : new String[] {"SELECT 2", "CALL one_result()", "CALL no_result()"}) {
          failure(() -> seen.append("executeUpdate ").append(s.executeUpdate(sql)).append('\n'), seen);
        }
        run(s, "SELECT @v, @w, @x", seen);
      }
      for (String sql : new String[] {"SELECT ? INTO @v", "CALL no_result()", "DO ?"}) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          if (sql.contains("?")) {
            ps.setInt(1, 3);
          }
          failure(() -> rows(ps.executeQuery(), seen), seen);
        }
      }
    });
  }

  // ------------------------------------------------------------------ unwrap, LOAD DATA LOCAL

  @Test
  void aStatementUnwrapsToTheDriversInterfaceAndLoadsALocalStream() throws Exception {
    sameAsDirect((c, seen) -> {
      try (Statement s = c.createStatement()) {
        seen.append(s.isWrapperFor(JdbcStatement.class)).append('\n');
        s.unwrap(JdbcStatement.class)
            .setLocalInfileInputStream(
                new ByteArrayInputStream("10\n20\n30\n".getBytes(StandardCharsets.UTF_8)));
        run(s, "LOAD DATA LOCAL INFILE 'ignored.txt' INTO TABLE t (v)", seen);
        run(s, "SELECT v FROM t ORDER BY v", seen);
        failure(() -> s.unwrap(String.class), seen);
      }
      Statement closed = c.createStatement();
      closed.close();
      failure(() -> seen.append(closed.unwrap(JdbcStatement.class).isClosed()).append('\n'), seen);
      try (PreparedStatement ps = c.prepareStatement("LOAD DATA LOCAL INFILE ? INTO TABLE t (v)")) {
        ps.setString(1, "ignored.txt");
        ps.unwrap(JdbcPreparedStatement.class)
            .setLocalInfileInputStream(
                new ByteArrayInputStream("40\n".getBytes(StandardCharsets.UTF_8)));
        seen.append(ps.executeUpdate()).append('\n');
      }
    });
  }

  // ------------------------------------------------------------------ labels of prepared reads

  /**
   * MySQL labels an unaliased item with the text it receives: a client-side prepared statement
   * (the default) sends parameters inline, a server-side one the {@code ?}.
   */
  @Test
  void aPreparedReadIsLabelledWithTheTextSent() throws Exception {
    preparedLabels("");
    preparedLabels("&useServerPrepStmts=true");
  }

  private static void preparedLabels(String properties) throws Exception {
    sameAsDirect(properties, (c, seen) -> {
      try (Statement s = c.createStatement()) {
        run(s, "SET @a = 3", seen);
        run(s, "INSERT INTO t (v) VALUES (1)", seen);
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT @a * ?, LAST_INSERT_ID() + ?, CONCAT(@a, ?), CONCAT(@a, ?) AS named, ? + @a")) {
        ps.setInt(1, 2);
        ps.setLong(2, 5);
        ps.setString(3, "x'`y\\\"é\n");
        ps.setString(4, "z");
        ps.setNull(5, java.sql.Types.INTEGER);
        try (ResultSet rows = ps.executeQuery()) {
          rows(rows, seen);
        }
      }
    });
  }
}
