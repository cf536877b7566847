package com.example.conformance;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/** Results as the driver hands them over: values, types, labels, counts, keys, fetch modes. */
final class ResultScenarios {
  private ResultScenarios() {}

  static void register(Map<String, Scenario> scenarios) {
    scenarios.put("types", ResultScenarios::types);
    scenarios.put("fetch-size", ResultScenarios::fetchSize);
    scenarios.put("multi-statements", ResultScenarios::multiStatements);
    scenarios.put("execute-query-no-result", ResultScenarios::executeQueryNoResult);
    scenarios.put("batch", ResultScenarios::batch);
    scenarios.put("prepared", ResultScenarios::prepared);
    scenarios.put("driver-statement", ResultScenarios::driverStatement);
  }

  private static void types(Env env, Transcript t) throws Exception {
    env.tables(
        "DROP TABLE IF EXISTS res_types",
        "CREATE TABLE res_types (id INT AUTO_INCREMENT PRIMARY KEY, u BIGINT UNSIGNED,"
            + " d DECIMAL(10,3), f DOUBLE, s VARCHAR(20), b VARBINARY(8), j JSON, dt DATETIME(3),"
            + " ts TIMESTAMP NULL, e ENUM('x','y'), bit1 BIT(1), ti TINYINT(1), yr YEAR)");
    try (Connection connection = env.open();
        Statement statement = connection.createStatement()) {
      t.run(
          "insert-keys",
          () -> {
            statement.executeUpdate(
                "INSERT INTO res_types (u, d, f, s, b, j, dt, ts, e, bit1, ti, yr) VALUES"
                    + " (18446744073709551615, 1.5, 2.25, 'héllo', x'00ff', '{\"a\": 1}',"
                    + " '2024-02-29 12:34:56.789', '2024-03-01 00:00:01', 'y', b'1', 1, 2024)",
                Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = statement.getGeneratedKeys()) {
              t.rows("insert-keys", keys);
            }
          });
      t.update("insert-null", statement, "INSERT INTO res_types (s) VALUES (NULL)");
      t.query("select", statement, "SELECT * FROM res_types ORDER BY id");
      t.query(
          "expressions",
          statement,
          "SELECT 1 + 1, 'x' AS label, NULL, 2.50 * 2, LAST_INSERT_ID(), ROW_COUNT(),"
              + " FOUND_ROWS(), @@identity, DATABASE()");
      t.update("update", statement, "UPDATE res_types SET s = 'z' WHERE id > 0");
      t.query("row-count", statement, "SELECT ROW_COUNT()");
      t.query("calc-found", statement, "SELECT SQL_CALC_FOUND_ROWS * FROM res_types LIMIT 1");
      t.query("found-rows", statement, "SELECT FOUND_ROWS()");
      t.query("syntax-error", statement, "SELEC 1");
    }
  }

  /** The URL's defaultFetchSize (or useCursorFetch) applies to every statement. */
  private static void fetchSize(Env env, Transcript t) throws Exception {
    StringBuilder rows = new StringBuilder("INSERT INTO res_fetch VALUES (1)");
    for (int i = 2; i <= 300; i++) {
      rows.append(", (").append(i).append(')');
    }
    env.tables(
        "DROP TABLE IF EXISTS res_fetch", "CREATE TABLE res_fetch (v INT)", rows.toString());
    try (Connection connection = env.open();
        Statement statement = connection.createStatement()) {
      t.line("statement-fetch-size", statement.getFetchSize());
      t.run("select", () -> {
        try (ResultSet rs = statement.executeQuery("SELECT v FROM res_fetch ORDER BY v")) {
          long sum = 0;
          int count = 0;
          while (rs.next()) {
            sum += rs.getInt(1);
            count++;
          }
          t.line("select", "count " + count + " sum " + sum + " fetch " + rs.getFetchSize());
        }
      });
      t.run("prepared", () -> {
        try (PreparedStatement ps =
            connection.prepareStatement("SELECT v FROM res_fetch WHERE v > ? ORDER BY v")) {
          t.line("prepared", "fetch " + ps.getFetchSize());
          ps.setInt(1, 100);
          try (ResultSet rs = ps.executeQuery()) {
            int count = 0;
            while (rs.next()) {
              count++;
            }
            t.line("prepared", "count " + count);
          }
        }
      });
      t.query("after", statement, "SELECT COUNT(*) FROM res_fetch");
    }
  }

  /** Several statements in one text (only with allowMultiQueries; a syntax error without). */
  private static void multiStatements(Env env, Transcript t) throws Exception {
    env.tables(
        "DROP TABLE IF EXISTS res_multi",
        "CREATE TABLE res_multi (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10))");
    try (Connection connection = env.open();
        Statement statement = connection.createStatement()) {
      t.update("first", statement, "INSERT INTO res_multi (v) VALUES ('a'), ('b')");
      t.execute(
          "multi",
          statement,
          "SELECT LAST_INSERT_ID(), ROW_COUNT(); INSERT INTO res_multi (v) VALUES ('c');"
              + " SELECT LAST_INSERT_ID(), ROW_COUNT(), @@identity;"
              + " SELECT SQL_CALC_FOUND_ROWS * FROM res_multi LIMIT 1; SELECT FOUND_ROWS()");
      t.query("after", statement, "SELECT LAST_INSERT_ID(), @@identity, FOUND_ROWS()");
      t.execute("multi-set", statement, "SET @m = 1; SELECT @m + 1");
      t.query("after-set", statement, "SELECT @m");
    }
  }

  /** executeQuery of statements that return no result set. */
  private static void executeQueryNoResult(Env env, Transcript t) throws Exception {
    env.tables(
        "DROP PROCEDURE IF EXISTS res_noresult",
        "CREATE PROCEDURE res_noresult() BEGIN DECLARE x INT; SET x = 1; END");
    try (Connection connection = env.open();
        Statement statement = connection.createStatement()) {
      t.query("select-into", statement, "SELECT 1 INTO @res_v");
      t.query("call", statement, "CALL res_noresult()");
      t.query("update", statement, "DO 1");
      t.update("update-select", statement, "SELECT 1");
    }
  }

  private static void batch(Env env, Transcript t) throws Exception {
    env.tables(
        "DROP TABLE IF EXISTS res_batch",
        "CREATE TABLE res_batch (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10) UNIQUE)");
    try (Connection connection = env.open()) {
      t.run("prepared-batch", () -> {
        try (PreparedStatement ps =
            connection.prepareStatement(
                "INSERT INTO res_batch (v) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
          for (String v : new String[] {"a", "b", "c"}) {
            ps.setString(1, v);
            ps.addBatch();
          }
          t.line("prepared-batch", "counts " + java.util.Arrays.toString(ps.executeBatch()));
          try (ResultSet keys = ps.getGeneratedKeys()) {
            t.rows("prepared-batch", keys);
          }
        }
      });
      t.run("statement-batch", () -> {
        try (Statement statement = connection.createStatement()) {
          statement.addBatch("INSERT INTO res_batch (v) VALUES ('d')");
          statement.addBatch("UPDATE res_batch SET v = CONCAT(v, '!') WHERE v IN ('a', 'b')");
          t.line("statement-batch", "counts " + java.util.Arrays.toString(
              statement.executeBatch()));
        }
      });
      t.run("failing-batch", () -> {
        try (Statement statement = connection.createStatement()) {
          statement.addBatch("INSERT INTO res_batch (v) VALUES ('e')");
          statement.addBatch("INSERT INTO res_batch (v) VALUES ('e')");
          statement.addBatch("INSERT INTO res_batch (v) VALUES ('f')");
          t.line("failing-batch", "counts " + java.util.Arrays.toString(
              statement.executeBatch()));
        } catch (java.sql.BatchUpdateException e) {
          t.line("failing-batch", Transcript.error(e) + " counts "
              + java.util.Arrays.toString(e.getUpdateCounts()));
        }
      });
    }
    Scenario.readTable(env, t, "after", "res_batch");
  }

  private static void prepared(Env env, Transcript t) throws Exception {
    env.tables(
        "DROP TABLE IF EXISTS res_prepared",
        "CREATE TABLE res_prepared (id INT PRIMARY KEY, v VARCHAR(10))",
        "INSERT INTO res_prepared VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    try (Connection connection = env.open();
        Statement statement = connection.createStatement()) {
      t.execute("set", statement, "SET @a = 3");
      t.run("labels", () -> {
        try (PreparedStatement ps = connection.prepareStatement("SELECT @a * ?, ? + 1")) {
          ps.setInt(1, 2);
          ps.setInt(2, 5);
          try (ResultSet rs = ps.executeQuery()) {
            t.rows("labels", rs);
          }
        }
      });
      t.run("repeated", () -> {
        try (PreparedStatement ps =
            connection.prepareStatement("SELECT v FROM res_prepared WHERE id = ?")) {
          for (int id = 1; id <= 4; id++) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              t.rows("repeated", rs);
            }
          }
        }
      });
      t.run("metadata-before-execute", () -> {
        try (PreparedStatement ps =
            connection.prepareStatement("SELECT id, v FROM res_prepared WHERE id = ?")) {
          var meta = ps.getMetaData();
          t.line("metadata-before-execute",
              meta == null ? "null" : meta.getColumnCount() + " " + meta.getColumnLabel(2));
          t.line("parameters", ps.getParameterMetaData().getParameterCount());
        }
      });
    }
  }

  /**
   * The driver's own statement interface, as apps reach it for LOAD DATA LOCAL INFILE from a
   * stream.
   */
  private static void driverStatement(Env env, Transcript t) throws Exception {
    env.tables(
        "DROP TABLE IF EXISTS res_load", "CREATE TABLE res_load (id INT, v VARCHAR(10))");
    Class<?> jdbcStatement = Class.forName("com.mysql.cj.jdbc.JdbcStatement");
    try (Connection connection = env.open("allowLoadLocalInfile=true");
        Statement statement = connection.createStatement()) {
      t.run("unwrap", () -> {
        t.line("unwrap", "wrapperFor " + statement.isWrapperFor(jdbcStatement));
        Object driverStatement = statement.unwrap(jdbcStatement);
        InputStream data =
            new ByteArrayInputStream("1\tx\n2\ty\n".getBytes(StandardCharsets.UTF_8));
        jdbcStatement
            .getMethod("setLocalInfileInputStream", InputStream.class)
            .invoke(driverStatement, data);
        t.update("load", statement,
            "LOAD DATA LOCAL INFILE 'stream' INTO TABLE res_load (id, v)");
      });
    }
    Scenario.readTable(env, t, "after", "res_load");
  }
}
