package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.testkit.AppUser;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differences the conformance matrix found: the same JDBC code on a direct Connector/J connection
 * and on a Sluice session must observe the same values, types and warnings.
 */
class ResultParityTest {
  private static EmbeddedMysql mysql;
  private static AppUser app;

  private final Driver driver = Drivers.connectorJ();
  @RegisterExtension
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest("queryserver_config_pool_size=2");

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "conformance", "conformance_app", "conformance-secret");
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS conformance.t (id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT)");
    }
  }

  /** JDBC code whose observations are compared, written to {@code out}. */
  @FunctionalInterface
  interface AppCode {
    void run(Connection c, List<String> out) throws SQLException;
  }

  /** Runs {@code code} directly and through Sluice, each on a fresh table, and compares. */
  private void assertSame(String properties, AppCode code) throws SQLException {
    assertSame(driver, properties, code);
  }

  private void assertSame(Driver driver, String properties, AppCode code) throws SQLException {
    Properties info = app.credentials();
    String target = properties.isEmpty() ? app.url() : app.url() + "&" + properties;
    List<String> direct = observe(code, () -> driver.connect(target, info));
    List<String> viaSluice = observe(code, () -> sluice.connect(driver, target, info));
    assertEquals(direct, viaSluice);
  }

  @FunctionalInterface
  private interface Opener {
    Connection open() throws SQLException;
  }

  private static List<String> observe(AppCode code, Opener opener) throws SQLException {
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("TRUNCATE conformance.t");
    }
    List<String> out = new ArrayList<>();
    try (Connection c = opener.open()) {
      code.run(c, out);
    }
    return out;
  }

  /** Every row of a result, with each column's type, precision, scale, value and Java class. */
  private static String describe(ResultSet rs) throws SQLException {
    if (rs == null) {
      return "no result";
    }
    StringBuilder text = new StringBuilder();
    ResultSetMetaData meta = rs.getMetaData();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      text.append(meta.getColumnLabel(i)).append(' ').append(meta.getColumnTypeName(i))
          .append('(').append(meta.getPrecision(i)).append(',').append(meta.getScale(i))
          .append(") ");
    }
    while (rs.next()) {
      text.append("|");
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        Object value = rs.getObject(i);
        text.append(' ').append(value)
            .append(value == null ? "" : ":" + value.getClass().getSimpleName());
      }
    }
    return text.toString();
  }

  private static String keysOf(Statement s) {
    try {
      return describe(s.getGeneratedKeys());
    } catch (SQLException e) {
      return e.getSQLState() + " " + e.getMessage();
    }
  }

  private static String warningsOf(Statement s) throws SQLException {
    StringBuilder text = new StringBuilder();
    for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
      text.append(w.getErrorCode()).append(' ').append(w.getMessage()).append("; ");
    }
    return text.toString();
  }

  /**
   * Batches' generated keys: a plain statement's offered unasked, a prepared statement's where it
   * was prepared for them, each way an application asks.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "rewriteBatchedStatements=true", "useServerPrepStmts=true"})
  void batchesOfferGeneratedKeysAsTheDriver(String properties) throws SQLException {
    String insert = "INSERT INTO t (v) VALUES (?)";
    assertSame(properties, (c, out) -> {
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO t (v) VALUES (1)");
        s.addBatch("INSERT INTO t (v) VALUES (2), (3)");
        out.add(Arrays.toString(s.executeBatch()));
        out.add(keysOf(s));
        s.addBatch("INSERT INTO t (v) VALUES (4)");
        out.add(Arrays.toString(s.executeLargeBatch()));
        out.add(keysOf(s));
      }
      for (PreparedStatement ps : List.of(
          c.prepareStatement(insert, Statement.RETURN_GENERATED_KEYS),
          c.prepareStatement(insert, new int[] {1}),
          c.prepareStatement(insert, new String[] {"id"}),
          c.prepareStatement(insert),
          c.prepareStatement(insert, Statement.NO_GENERATED_KEYS))) {
        try (ps) {
          for (int i = 0; i < 3; i++) {
            ps.setInt(1, i);
            ps.addBatch();
          }
          out.add(Arrays.toString(ps.executeBatch()));
          out.add(keysOf(ps));
          ps.setInt(1, 9);
          ps.addBatch();
          ps.addBatch();
          out.add(Arrays.toString(ps.executeLargeBatch()));
          out.add(keysOf(ps));
        }
      }
    });
  }

  /**
   * Reads of user variables, as Sluice splices them as literals, type as MySQL types the
   * variables under the text protocol and under server-side prepare.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "useServerPrepStmts=true", "useCursorFetch=true"})
  void userVariableReadsTypeAsTheVariables(String properties) throws SQLException {
    String select =
        "SELECT @x + 1, @x, @d, @e, @e + 1, @d + 1, @d * 2, @neg, @neg - 1, @u, @u + 1, @big, @f, @f + 1,"
            + " @s, CONCAT(@s, 'c'), @n, @unset, @x AS renamed";
    assertSame(properties, (c, out) -> {
      try (Statement s = c.createStatement()) {
        s.execute("SET @x = 5, @d = 1.50, @e = -12345678901234567890123456789012345678.125, @neg = -5, @u = CAST(7 AS UNSIGNED),"
            + " @big = 9223372036854775807, @f = 1.5E0, @s = 'ab', @n = NULL");
        try (ResultSet rs = s.executeQuery(select)) {
          out.add(describe(rs));
        }
      }
      try (PreparedStatement ps = c.prepareStatement(select)) {
        try (ResultSet rs = ps.executeQuery()) {
          out.add(describe(rs));
        }
      }
    });
  }

  /**
   * A statement's warnings as Connector/J keeps them: each execution clears the chain, and
   * getWarnings() fetches what the server still shows; after a streamed result, what the
   * driver's restoring SET left, where it sends one.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "useServerPrepStmts=true",
        "defaultFetchSize=-2147483648",
        "defaultFetchSize=-2147483648&netTimeoutForStreamingResults=0"
      })
  void statementWarningsFollowTheDriver(String properties) throws SQLException {
    assertSame(properties, ResultParityTest::warningSequence);
  }

  /**
   * Connector/J before 8.3.0 (its Bug#112195) kept a plain statement's fetched warnings across
   * executions, appending each execution's warnings when getWarnings() fetched them.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "useServerPrepStmts=true"})
  void statementWarningsAccumulateUnderConnectorJ80(String properties) throws Exception {
    Path jar = Path.of("target", "drivers", "mysql-connector-j-8.0.33.jar");
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Driver older =
          (Driver) Class.forName("com.mysql.cj.jdbc.Driver", true, loader).getConstructor().newInstance();
      assertEquals(8, older.getMajorVersion());
      assertSame(older, properties, (c, out) -> {
        warningSequence(c, out);
        try (Statement s = c.createStatement()) {
          s.executeQuery("SELECT 1 / 0").close();
          s.executeQuery("SELECT 1").close();
          out.add("unread, then no warnings: " + warningsOf(s));
          s.executeQuery("SELECT 1 / 0").close();
          out.add("first read: " + warningsOf(s));
          out.add("second read: " + warningsOf(s));
          s.executeQuery("SELECT FOUND_ROWS()").close();
          s.executeUpdate("UPDATE t SET v = v");
          s.addBatch("UPDATE t SET v = v");
          s.executeBatch();
          out.add("kept over executions: " + warningsOf(s));
        }
      });
    }
  }

  private static void warningSequence(Connection c, List<String> out) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT FOUND_ROWS()").close();
      s.executeUpdate("UPDATE t SET v = v");
      out.add("after update, unread: " + warningsOf(s));
      s.executeQuery("SELECT FOUND_ROWS()").close();
      out.add("after query: " + warningsOf(s));
      s.executeUpdate("UPDATE t SET v = v");
      out.add("after update: " + warningsOf(s));
      s.execute("SELECT 1");
      out.add("after select: " + warningsOf(s));
      s.executeQuery("SELECT 1 / 0").close();
      s.clearWarnings();
      out.add("cleared: " + warningsOf(s));
      s.executeUpdate("INSERT INTO t (v) VALUES (1)");
      out.add("after insert: " + warningsOf(s));
    }
    try (PreparedStatement query = c.prepareStatement("SELECT FOUND_ROWS()");
        PreparedStatement update = c.prepareStatement("UPDATE t SET v = v")) {
      query.executeQuery().close();
      out.add("prepared query: " + warningsOf(query));
      update.executeUpdate();
      out.add("prepared update: " + warningsOf(update) + " / query: " + warningsOf(query));
    }
  }

  /**
   * After a streamed or cursor result, the connection's diagnostics and counts are what the
   * driver left there: Connector/J restores net_write_timeout with a SET after a streamed result,
   * which MySQL counts as the previous statement.
   */
  @ParameterizedTest
  @ValueSource(strings = {"defaultFetchSize=-2147483648", "useCursorFetch=true&defaultFetchSize=100"})
  void diagnosticsAfterStreamedResultsAreTheConnections(String properties) throws SQLException {
    assertSame(properties, (c, out) -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO t (id, v) VALUES (1, 1), (2, 2)");
        try (ResultSet rs = s.executeQuery("SELECT * FROM t")) {
          out.add(describe(rs));
        }
        out.add("after rows: " + queried(s, "SELECT ROW_COUNT(), FOUND_ROWS()"));
        try (ResultSet rs = s.executeQuery("SELECT id / 0 FROM t")) {
          out.add(describe(rs));
        }
        out.add("warnings after rows: " + queried(s, "SHOW WARNINGS"));
        out.add("counted: " + queried(s, "SHOW COUNT(*) WARNINGS"));
        try {
          s.executeQuery("SELECT * FROM missing_table").close();
        } catch (SQLException e) {
          out.add("failed: " + e.getErrorCode());
        }
        out.add("errors after failure: " + queried(s, "SHOW ERRORS"));
        out.add("counted: " + queried(s, "SHOW COUNT(*) ERRORS"));
        s.executeUpdate("INSERT IGNORE INTO t (id, v) VALUES (1, 1)");
        out.add("duplicate: " + queried(s, "SHOW WARNINGS"));
        out.add("still: " + queried(s, "SHOW COUNT(*) WARNINGS"));
        out.add("and: " + queried(s, "SHOW WARNINGS"));
        s.executeUpdate("UPDATE t SET v = v + 1");
        out.add("count read by the next query: " + queried(s, "SELECT ROW_COUNT()"));
      }
      try (Statement s = c.createStatement()) {
        s.setFetchSize(Integer.MIN_VALUE);
        try (ResultSet rs = s.executeQuery("SELECT * FROM t")) {
          out.add(describe(rs));
        }
        out.add("after set fetch size: " + queried(s, "SELECT ROW_COUNT(), FOUND_ROWS()"));
      }
    });
  }

  private static String queried(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return describe(rs) + " / " + warningsOf(s);
    }
  }

  /**
   * A multi-statement text whose last statement reads FOUND_ROWS(): the server answers it there,
   * and its warnings are those the driver shows.
   */
  @ParameterizedTest
  @ValueSource(strings = {"allowMultiQueries=true", "allowMultiQueries=true&useServerPrepStmts=true"})
  void multiStatementFoundRowsWarnsAsTheServer(String properties) throws SQLException {
    assertSame(properties, (c, out) -> {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT 1; SELECT FOUND_ROWS()");
        out.add(warningsOf(s));
        do {
          out.add(describe(s.getResultSet()));
        } while (s.getMoreResults());
        out.add("after: " + warningsOf(s));
        out.add(queried(s, "SHOW WARNINGS"));
      }
    });
  }

  /** Reads of user variables the session never set type as MySQL's undefined variables. */
  @ParameterizedTest
  @ValueSource(strings = {"", "useServerPrepStmts=true", "useCursorFetch=true&defaultFetchSize=100"})
  void undefinedUserVariablesTypeAsTheServer(String properties) throws SQLException {
    String select = "SELECT @x, @s, @x + 1, CONCAT(@s, 'c')";
    assertSame(properties, (c, out) -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(select)) {
        out.add(describe(rs));
      }
      try (PreparedStatement ps = c.prepareStatement(select);
          ResultSet rs = ps.executeQuery()) {
        out.add(describe(rs));
      }
    });
  }
}
