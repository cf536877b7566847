package io.sluice.tablet;

import io.sluice.jdbc.InternalQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** What Sluice does to a physical connection itself, the same for pools, sessions and settings. */
public final class Physical {
  private Physical() {}

  /** Runs one statement of Sluice's own (a SET, a reset, a replay) on a physical connection. */
  public static void run(Connection physical, String sql) throws SQLException {
    try (Statement statement = InternalQuery.statement(physical)) {
      statement.execute(sql);
    }
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
