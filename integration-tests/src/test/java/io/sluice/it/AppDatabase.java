package io.sluice.it;

import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.ProcesslistSampler;
import io.sluice.testkit.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A user and a database of the same name for one test's forked app, on the shared embedded MySQL
 * or on a server named by environment variables. Each test takes its own, so connections another
 * test's app left behind (MySQL drops them a moment after the app exits) are never counted; the
 * test observes through the server's administrative user.
 */
record AppDatabase(TestServers.Server admin, String user, String password, String url) {

  /** On the shared embedded MySQL 8.0.31. */
  static AppDatabase create(String name) {
    EmbeddedMysql server = EmbeddedMysql.shared();
    return create(new TestServers.Server(server.jdbcUrl(name), "root", ""), name);
  }

  /** On any server, through a user that may create users and databases. */
  static AppDatabase create(TestServers.Server admin, String name) {
    String password = name + "-pw";
    try (Connection root = admin.connect();
        Statement statement = root.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS `" + name + "`");
      statement.execute(
          "CREATE USER IF NOT EXISTS '" + name + "'@'%' IDENTIFIED BY '" + password + "'");
      statement.execute("GRANT ALL PRIVILEGES ON `" + name + "`.* TO '" + name + "'@'%'");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare " + name + " on " + admin, e);
    }
    return new AppDatabase(admin, name, password, withDatabase(admin.jdbcUrl(), name));
  }

  /** The same user and database through another URL (other driver properties). */
  AppDatabase withUrl(String otherUrl) {
    return new AppDatabase(admin, user, password, otherUrl);
  }

  /** The URL with its database replaced: {@code jdbc:mysql://host:port/db?properties}. */
  static String withDatabase(String url, String database) {
    int hosts = url.indexOf("://") + 3;
    int path = url.indexOf('/', hosts);
    int query = url.indexOf('?', hosts);
    String base = url.substring(0, path < 0 ? (query < 0 ? url.length() : query) : path);
    return base + "/" + database + (query < 0 ? "" : url.substring(query));
  }

  /** The user's connections as MySQL sees them now. */
  int connections() throws SQLException {
    try (Connection root = admin.connect()) {
      return ProcesslistSampler.count(root, user);
    }
  }

  /**
   * The app user's transactions open in MySQL now, one line each. Read from performance_schema,
   * which is current: information_schema.innodb_trx is a cache InnoDB refreshes at most every
   * 100 ms, so two reads close together can show a transaction that has already ended.
   */
  List<String> openTransactions() throws SQLException {
    try (Connection root = admin.connect();
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
    try (Connection root = admin.connect();
        Statement statement = root.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM `" + user + "`." + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
