package com.example.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Closes a connection in the middle of a transaction, and afterwards inserts the very row the
 * abandoned transaction had inserted (which waits on its lock if that transaction were still open).
 * Waits on stdin between the steps so the test can look at MySQL's open transactions.
 *
 * <pre>
 * IN_TXN inserted=1              (then waits for "close")
 * CLOSED                         (then waits for "continue")
 * REINSERTED rows=1
 * </pre>
 */
public final class CloseInTransactionApp {
  private CloseInTransactionApp() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    try (Connection setup = connect(args)) {
      AppArgs.execute(
          setup, "DROP TABLE IF EXISTS parked", "CREATE TABLE parked (id INT PRIMARY KEY)");
    }
    Connection abandoned = connect(args);
    abandoned.setAutoCommit(false);
    try (Statement insert = abandoned.createStatement()) {
      System.out.printf(
          "IN_TXN inserted=%d%n", insert.executeUpdate("INSERT INTO parked VALUES (7)"));
    }
    AppArgs.awaitCommand("close");
    abandoned.close();
    System.out.println("CLOSED");

    AppArgs.awaitCommand("continue");
    try (Connection later = connect(args);
        Statement insert = later.createStatement()) {
      insert.setQueryTimeout(
          20); // a row lock still held would make this wait; fail clearly instead
      insert.executeUpdate("INSERT INTO parked VALUES (7)");
      System.out.printf(
          "REINSERTED rows=%d%n", AppArgs.queryLong(later, "SELECT COUNT(*) FROM parked"));
    }
  }

  private static Connection connect(AppArgs args) throws SQLException {
    return DriverManager.getConnection(args.url(), args.user(), args.password());
  }
}
