package io.sluice.testkit.oracle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code LAST_INSERT_ID()}: set by inserts into the one AUTO_INCREMENT table (the other tables have
 * none, so nothing else moves it) and by {@code LAST_INSERT_ID(n)}; 0 in a fresh session.
 */
final class InsertIdOps implements Operations {
  @Override
  public void run(OracleSession s) throws SQLException {
    int choice = s.random().nextInt(100);
    if (choice < 45) {
      insert(s);
    } else if (choice < 60) {
      long value = 1 + s.random().nextInt(1_000_000);
      String sql = "SELECT LAST_INSERT_ID(" + value + ")";
      s.check("value", sql, value, s.queryLong(sql));
      s.model().lastInsertId = value;
    } else {
      read(s);
    }
  }

  private static void insert(OracleSession s) throws SQLException {
    int rows = 1 + s.random().nextInt(2);
    String values = "('" + s.run() + "')";
    String sql =
        "INSERT INTO "
            + OracleSchema.SCHEMA_A
            + ".autoinc (run) VALUES "
            + values
            + (rows == 2 ? ", " + values : "");
    s.statement(sql);
    long first;
    try (Statement statement = s.connection().createStatement()) {
      s.check(
          "update count", sql, rows, statement.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS));
      try (ResultSet keys = statement.getGeneratedKeys()) {
        if (!keys.next()) {
          s.violation("generated keys", sql, "a key", "none");
          return;
        }
        first = keys.getLong(1);
      }
    }
    // A multi-row insert's LAST_INSERT_ID() is the first row's id.
    s.model().lastInsertId = first;
    read(s);
  }

  private static void read(OracleSession s) throws SQLException {
    String sql = "SELECT LAST_INSERT_ID()";
    OracleSession.Row row = s.queryRow(sql);
    s.check("value", sql, s.model().lastInsertId, ((Number) row.value(0)).longValue());
    s.check("column type", sql, "BIGINT UNSIGNED", row.types().get(0));
  }
}
