package io.sluice.it.bench;

import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The harness's data: database {@code bench}, table {@code items} (id BIGINT primary key, name,
 * n) with ids 1..rows, and the application user every run connects as.
 *
 * @param url the Connector/J URL of the database (no credentials)
 * @param user the application user
 * @param password its password
 * @param rows how many rows {@code items} holds
 */
record BenchDatabase(String url, String user, String password, int rows) {
  private static final String USER = "bench_app";
  private static final String PASSWORD = "bench-secret";
  private static final int BATCH = 1_000;

  /** Creates the user and fills the table on {@code mysql}. */
  static BenchDatabase create(EmbeddedMysql mysql, int rows) throws SQLException {
    String url = mysql.jdbcUrl("bench");
    mysql.createUser(USER, PASSWORD);
    try (Connection root =
            DriverManager.getConnection(url + "&rewriteBatchedStatements=true", "root", "");
        Statement ddl = root.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS items");
      ddl.execute(
          "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(64) NOT NULL, n INT NOT NULL)");
      try (PreparedStatement insert =
          root.prepareStatement("INSERT INTO items (id, name, n) VALUES (?, ?, ?)")) {
        for (int id = 1; id <= rows; id++) {
          insert.setLong(1, id);
          insert.setString(2, "item-" + id);
          insert.setInt(3, id % 1_000);
          insert.addBatch();
          if (id % BATCH == 0 || id == rows) {
            insert.executeBatch();
          }
        }
      }
    }
    return new BenchDatabase(url, USER, PASSWORD, rows);
  }

  /** The same user on another URL: another database, or other Connector/J options. */
  BenchDatabase at(String otherUrl) {
    return new BenchDatabase(otherUrl, user, password, rows);
  }
}
