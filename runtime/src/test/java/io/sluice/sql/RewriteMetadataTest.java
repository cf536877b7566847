package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On MySQL 8.0.31 through Connector/J, as a Statement and as a (client-side) PreparedStatement: a
 * rewritten statement gives the app exactly what the original gives on its own connection (values,
 * column labels and names, type names, classes, precision, nullability, signedness), the session's
 * values standing in for the connection's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RewriteMetadataTest {
  private Connection connection;

  @BeforeAll
  void connect() throws SQLException {
    EmbeddedMysql server = EmbeddedMysql.shared();
    connection = DriverManager.getConnection(server.jdbcUrl("sluice_sql_rewrite"), "root", "");
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS ai");
      statement.execute("CREATE TABLE ai (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, v INT)");
      statement.execute("INSERT INTO ai (v) VALUES (1), (2), (3)");
    }
  }

  @AfterAll
  void close() throws SQLException {
    connection.close();
  }

  static Stream<String> statements() {
    return Stream.of(
        "SELECT LAST_INSERT_ID()",
        "select last_insert_id( )",
        "SELECT LAST_INSERT_ID() AS id, ROW_COUNT() rc, FOUND_ROWS() 'fr'",
        "SELECT ROW_COUNT(), FOUND_ROWS()",
        "SELECT @@identity, @@last_insert_id, @@session.identity, @@IDENTITY",
        "SELECT LAST_INSERT_ID()/*c*/ +  1",
        "SELECT\n  LAST_INSERT_ID()\r\n  + ROW_COUNT()",
        "SELECT (SELECT LAST_INSERT_ID())",
        "SELECT * FROM (SELECT LAST_INSERT_ID(), FOUND_ROWS()) t",
        "SELECT LAST_INSERT_ID() IS NULL, ROW_COUNT() >= 0",
        "SELECT NOW() + INTERVAL LAST_INSERT_ID() DAY > NOW()",
        "SELECT CASE WHEN LAST_INSERT_ID() > 0 THEN 1 ELSE 0 END",
        "SELECT CASE WHEN LAST_INSERT_ID() > 0 THEN 1 ELSE 0 END end",
        "SELECT LAST_INSERT_ID() end, LAST_INSERT_ID() day, LAST_INSERT_ID() date",
        "SELECT CONCAT('é', LAST_INSERT_ID(), '😀')",
        "SELECT CONCAT('a`b', LAST_INSERT_ID())",
        "SELECT /*!80000 LAST_INSERT_ID() */",
        "SELECT LAST_INSERT_ID() /*!80000 + 1 */",
        "SELECT DISTINCT SQL_NO_CACHE LAST_INSERT_ID() , 1",
        "SELECT v, LAST_INSERT_ID() FROM ai WHERE id = LAST_INSERT_ID()",
        "SELECT LAST_INSERT_ID() UNION SELECT 5",
        "SELECT `LAST_INSERT_ID`()",
        "SELECT CAST(LAST_INSERT_ID() AS CHAR), LAST_INSERT_ID() COLLATE utf8mb4_bin",
        "WITH c AS (SELECT LAST_INSERT_ID() AS x) SELECT x, LAST_INSERT_ID(), FOUND_ROWS() FROM c",
        "SELECT IFNULL(@@identity, 0)",
        "SELECT LAST_INSERT_ID() FROM ai GROUP BY 1 HAVING `LAST_INSERT_ID()` > 0",
        "SELECT 'a' 'b', LAST_INSERT_ID()",
        "SELECT _utf8mb4'a' x, DATE '2024-01-01' + LAST_INSERT_ID()",
        "SELECT MAX(id) >= LAST_INSERT_ID() FROM ai",
        "SELECT JSON_OBJECT('id', LAST_INSERT_ID(), 'n', ROW_COUNT())",
        "SELECT /*+ MAX_EXECUTION_TIME(1000) */ LAST_INSERT_ID() FOR SHARE",
        // Longer than the 255 bytes MySQL keeps of a column name.
        "SELECT LAST_INSERT_ID()" + " + 1".repeat(70),
        "SELECT CONCAT(LAST_INSERT_ID(), '" + "é".repeat(300) + "')");
  }

  @ParameterizedTest
  @MethodSource("statements")
  void theAppSeesWhatItsOwnConnectionShows(String sql) throws SQLException {
    StatementPlan plan = SqlClassifier.classify(sql);
    assertTrue(plan.needsRewrite(), sql);
    for (boolean prepared : new boolean[] {false, true}) {
      String original = run(sql, null, prepared);
      String rewritten = run(sql, plan, prepared);
      assertEquals(original, rewritten, plan.rewrite(RewriteTest.values(1000, -1, 3)));
    }
  }

  /**
   * Sets the connection's LAST_INSERT_ID() to 1000, ROW_COUNT() to -1 and FOUND_ROWS() to 3, then
   * runs the statement (rewritten with those values when a plan is given) and describes its result.
   * (An UPDATE sets FOUND_ROWS() to the rows it matched, so it goes first.)
   */
  private String run(String sql, StatementPlan plan, boolean prepared) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("UPDATE ai SET v = LAST_INSERT_ID(1000) WHERE id = 1");
      statement.executeQuery("SELECT id FROM ai LIMIT 3").close();
      String text = plan == null ? sql : plan.rewrite(RewriteTest.values(1000, -1, 3));
      if (!prepared) {
        try (ResultSet rows = statement.executeQuery(text)) {
          return describe(rows);
        }
      }
      // Connector/J's client-side prepared statement parses the text itself: quoted aliases
      // holding comment or quote characters must not confuse it.
      try (PreparedStatement statementWithParameters = connection.prepareStatement(text);
          ResultSet rows = statementWithParameters.executeQuery()) {
        return describe(rows);
      }
    }
  }

  private static String describe(ResultSet rows) throws SQLException {
    ResultSetMetaData meta = rows.getMetaData();
    boolean row = rows.next();
    StringBuilder out = new StringBuilder(row ? "" : "no rows\n");
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      Object value = row ? rows.getObject(i) : null;
      out.append(
          String.join(
              " | ",
              meta.getColumnLabel(i),
              meta.getColumnName(i),
              meta.getColumnTypeName(i),
              meta.getColumnClassName(i),
              "precision " + meta.getPrecision(i),
              "scale " + meta.getScale(i),
              "size " + meta.getColumnDisplaySize(i),
              "nullable " + meta.isNullable(i),
              "signed " + meta.isSigned(i),
              value == null ? "null" : value.getClass().getSimpleName(),
              String.valueOf(value)));
      out.append('\n');
    }
    return out.toString();
  }
}
