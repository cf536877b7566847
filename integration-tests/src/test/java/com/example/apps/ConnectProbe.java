package com.example.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Connects once through {@link DriverManager} and reports the outcome: the connection's id, or the
 * exception exactly as the application sees it (its message on a line of its own, since it has
 * spaces).
 *
 * <pre>
 * CONNECTED id=12
 * FAILED class=java.sql.SQLException sqlState=28000 code=1045
 * MESSAGE Access denied for user 'app'@'localhost' (using password: YES)
 * </pre>
 */
public final class ConnectProbe {
  private ConnectProbe() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    try (Connection connection =
        DriverManager.getConnection(args.url(), args.user(), args.password())) {
      System.out.printf(
          "CONNECTED id=%d%n", AppArgs.queryLong(connection, AppArgs.physicalIdQuery()));
    } catch (SQLException e) {
      System.out.printf(
          "FAILED class=%s sqlState=%s code=%d%n",
          e.getClass().getName(), e.getSQLState(), e.getErrorCode());
      System.out.println("MESSAGE " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
