package io.sluice.it;

import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.ProcesslistSampler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A user and a database of the same name on the shared embedded MySQL, for one test's forked app.
 * Each test takes its own, so connections another test's app left behind (MySQL drops them a moment
 * after the app exits) are never counted; the test observes as root.
 */
record AppDatabase(String user, String password, String url) {

  static AppDatabase create(String name) {
    EmbeddedMysql server = EmbeddedMysql.shared();
    String password = name + "-pw";
    server.createUser(name, password);
    return new AppDatabase(name, password, server.jdbcUrl(name));
  }

  /** The user's connections as MySQL sees them now. */
  int connections() throws SQLException {
    try (Connection root = EmbeddedMysql.shared().rootConnection()) {
      return ProcesslistSampler.count(root, user);
    }
  }

  /**
   * The app user's transactions open in MySQL now, one line each. Read from performance_schema,
   * which is current: information_schema.innodb_trx is a cache InnoDB refreshes at most every
   * 100 ms, so two reads close together can show a transaction that has already ended.
   */
  List<String> openTransactions() throws SQLException {
    try (Connection root = EmbeddedMysql.shared().rootConnection();
        PreparedStatement statement =
            root.prepareStatement(
                "SELECT t.PROCESSLIST_ID, e.STATE, t.PROCESSLIST_COMMAND, t.PROCESSLIST_INFO"
                    + " FROM performance_schema.events_transactions_current e"
                    + " JOIN performance_schema.threads t ON t.THREAD_ID = e.THREAD_ID"
                    + " WHERE e.STATE = 'ACTIVE' AND t.PROCESSLIST_USER = ?")) {
      statement.setString(1, user);
      List<String> transactions = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          transactions.add(
              String.format(
                  "connection %d %s, %s: %s",
                  rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
      return transactions;
    }
  }

  /** A count read as root, outside anything the app does. */
  long rootCount(String table) throws SQLException {
    try (Connection root = EmbeddedMysql.shared().rootConnection();
        Statement statement = root.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM `" + user + "`." + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
