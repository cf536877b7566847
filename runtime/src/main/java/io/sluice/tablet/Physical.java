package io.sluice.tablet;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** What Sluice does to a physical connection itself, the same for pools, sessions and settings. */
public final class Physical {
  private Physical() {}

  /** Runs one statement of Sluice's own (a SET, a reset, a replay) on a physical connection. */
  public static void run(Connection physical, String sql) throws SQLException {
    try (Statement statement = statement(physical)) {
      statement.execute(sql);
    }
  }

  /**
   * A statement for Sluice's own queries, its results buffered whatever the URL's {@code
   * defaultFetchSize} says: the application's streaming or cursor fetch is for its own statements.
   */
  public static Statement statement(Connection physical) throws SQLException {
    Statement statement = physical.createStatement();
    try {
      statement.setFetchSize(0);
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
    return statement;
  }

  /**
   * True for errors after which the physical connection cannot be trusted: connection
   * exceptions (SQLState class 08) and communication failures.
   */
  public static boolean isLost(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08");
  }
}
