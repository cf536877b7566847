package com.example.conformance;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

/** Warnings and errors read as SQL describe the session's own previous statement. */
final class DiagnosticScenarios {
  private DiagnosticScenarios() {}

  static void register(Map<String, Scenario> scenarios) {
    scenarios.put("warnings", DiagnosticScenarios::warnings);
  }

  private static void warnings(Env env, Transcript t) throws Exception {
    env.tables(
        "DROP TABLE IF EXISTS diag_warn",
        "CREATE TABLE diag_warn (id INT PRIMARY KEY, v VARCHAR(3))",
        "INSERT INTO diag_warn VALUES (1, 'a')");
    try (Connection connection = env.open();
        Connection other = env.open();
        Statement statement = connection.createStatement();
        Statement noise = other.createStatement()) {
      t.update("insert-ignore", statement, "INSERT IGNORE INTO diag_warn VALUES (1, 'b')");
      t.query("show-warnings", statement, "SHOW WARNINGS");
      t.query("show-count", statement, "SHOW COUNT(*) WARNINGS");
      t.query("warning-count", statement, "SELECT @@warning_count");
      t.update("noise", noise, "INSERT IGNORE INTO diag_warn VALUES (2, 'toolong')");
      t.update("truncate", statement, "UPDATE IGNORE diag_warn SET v = 'abcdef' WHERE id = 1");
      t.query("show-warnings-limit", statement, "SHOW WARNINGS LIMIT 1");
      t.execute("sql-mode", statement, "SET sql_mode = 'NO_ZERO_DATE'");
      t.query("clean-select", statement, "SELECT 1");
      t.query("warning-count-after", statement, "SELECT @@warning_count");
      t.query("missing-table", statement, "SELECT * FROM diag_missing");
      t.query("show-errors", statement, "SHOW ERRORS");
      t.query("error-count", statement, "SELECT @@error_count");
      t.query("show-count-errors", statement, "SHOW COUNT(*) ERRORS");
    }
  }
}
