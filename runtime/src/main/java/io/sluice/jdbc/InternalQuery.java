package io.sluice.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs a query of Sluice's own (baseline, probes, read-backs) on a physical statement.
 *
 * <p>Never through {@code executeQuery}: since 9.5.0, Connector/J refuses {@code executeQuery} of
 * any text in which it finds {@code INTO} outside quotes, parentheses and comments, even inside a
 * name such as {@code select_into_buffer_size}; {@code execute} runs every text.
 */
public final class InternalQuery {
  private InternalQuery() {}

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

  /** The result set of {@code sql}, which must produce one; the caller closes it. */
  public static ResultSet results(Statement statement, String sql) throws SQLException {
    if (!statement.execute(sql)) {
      throw new SQLException("Sluice's query returned no result set: " + sql, "S1000");
    }
    return statement.getResultSet();
  }
}
