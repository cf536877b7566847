package io.sluice.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-value reads that tests make of a connection, logical or physical. */
public final class Queries {
  private Queries() {}

  /** The first column of the first row of {@code sql}, as a long; fails on no row. */
  public static long longValue(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new AssertionError("no row from " + sql);
      }
      return rs.getLong(1);
    }
  }

  /** The MySQL connection id serving this statement. */
  public static long connectionId(Connection connection) throws SQLException {
    return longValue(connection, "SELECT CONNECTION_ID()");
  }
}
