package com.example.conformance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the scenarios run: the application's URL (with the profile's properties) and user, and an
 * administrative connection that sees and kills server threads.
 *
 * <p>The administrative URL names the host twice (failover), a form Connector/J handles itself, so
 * under the agent it is the driver's own connection: it observes the server, not Sluice.
 */
final class Env {
  private static final Duration AWAIT = Duration.ofSeconds(15);

  private final String url;
  private final String user;
  private final String password;
  private final String adminUrl;

  Env(String url, String user, String password, String adminUrl) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.adminUrl = adminUrl;
  }

  String user() {
    return user;
  }

  /** A connection as the application opens it. */
  Connection open() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** The same with more URL properties ({@code a=b&c=d}). */
  Connection open(String properties) throws SQLException {
    return DriverManager.getConnection(
        url + (url.contains("?") ? "&" : "?") + properties, user, password);
  }

  Connection admin() throws SQLException {
    return DriverManager.getConnection(adminUrl, "root", "");
  }

  /** Drops and creates the tables a scenario starts from. */
  void tables(String... ddl) throws SQLException {
    try (Connection connection = open();
        Statement statement = connection.createStatement()) {
      for (String sql : ddl) {
        statement.execute(sql);
      }
    }
  }

  /** The server thread running a statement whose text contains {@code marker}. */
  long awaitStatement(String marker) throws Exception {
    return awaitOne(
        "SELECT PROCESSLIST_ID FROM performance_schema.threads WHERE PROCESSLIST_USER = ?"
            + " AND PROCESSLIST_INFO LIKE ? AND PROCESSLIST_ID <> CONNECTION_ID()",
        "%" + marker + "%");
  }

  /** The server thread of the application user's one open transaction. */
  long awaitTransaction() throws Exception {
    return awaitOne(
        "SELECT t.PROCESSLIST_ID FROM performance_schema.events_transactions_current e"
            + " JOIN performance_schema.threads t ON t.THREAD_ID = e.THREAD_ID"
            + " WHERE e.STATE = 'ACTIVE' AND t.PROCESSLIST_USER = ? AND ? IS NOT NULL",
        "");
  }

  /** {@code KILL CONNECTION} from the administrative connection. */
  void kill(long thread) throws SQLException {
    try (Connection admin = admin();
        Statement statement = admin.createStatement()) {
      statement.execute("KILL CONNECTION " + thread);
    }
  }

  /**
   * The application user's transactions still open once every scenario connection is closed;
   * awaits the server finishing those it is ending (a killed or closed connection's rollback).
   */
  int openTransactions() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (true) {
      int open =
          ids("SELECT COUNT(*) FROM performance_schema.events_transactions_current e"
                  + " JOIN performance_schema.threads t ON t.THREAD_ID = e.THREAD_ID"
                  + " WHERE e.STATE = 'ACTIVE' AND t.PROCESSLIST_USER = ? AND ? IS NOT NULL",
                  "")
              .get(0)
              .intValue();
      if (open == 0 || System.nanoTime() > deadline) {
        return open;
      }
      Thread.sleep(20); // polling the server's view: there is nothing to be notified by
    }
  }

  private long awaitOne(String sql, String argument) throws Exception {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (true) {
      List<Long> found = ids(sql, argument);
      if (found.size() == 1) {
        return found.get(0);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("expected one server thread, found " + found);
      }
      Thread.sleep(10); // polling the server's view: there is nothing to be notified by
    }
  }

  private List<Long> ids(String sql, String argument) throws SQLException {
    try (Connection admin = admin();
        PreparedStatement statement = admin.prepareStatement(sql)) {
      statement.setString(1, user);
      statement.setString(2, argument);
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      return ids;
    }
  }
}
