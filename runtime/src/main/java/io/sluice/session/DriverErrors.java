package io.sluice.session;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * The exceptions Connector/J raises for misuse that Sluice detects itself, with Connector/J's
 * messages and SQLStates, so that the application sees what its own driver would have raised.
 */
final class DriverErrors {
  private DriverErrors() {}

  static SQLException connectionClosed() {
    return new SQLNonTransientConnectionException(
        "No operations allowed after connection closed.", "08003");
  }

  /**
   * The error as the application's own connection would have raised it. HikariCP replaces a
   * connection that failed with a connection error by one that throws a bare "Connection is
   * closed" without SQLState; Connector/J's connection, closed by the same failure, raises its
   * 08003 instead, which is what the application's error handling looks for.
   */
  static SQLException asDriverWould(Connection physical, SQLException e) {
    if (e.getSQLState() != null || !isClosed(physical)) {
      return e;
    }
    SQLException closed = connectionClosed();
    closed.initCause(e);
    return closed;
  }

  private static boolean isClosed(Connection physical) {
    try {
      return physical.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /**
   * What the next call on a connection killed by {@code KILL CONNECTION} raises: Connector/J's
   * CommunicationsException is an {@link java.sql.SQLRecoverableException} with SQLState 08S01.
   */
  static SQLException killed(long connectionId) {
    return new java.sql.SQLRecoverableException(
        "Communications link failure\n\nThe connection was killed (KILL CONNECTION "
            + connectionId
            + "); its transaction was rolled back.",
        "08S01");
  }

  /** What Connector/J's rollback() raises when the connection fails under it. */
  static SQLException rollbackLost() {
    return new SQLNonTransientConnectionException(
        "Communications link failure during rollback(). Transaction resolution unknown.", "08007");
  }

  /** Connector/J's refusal after {@code executeQuery} ran a statement that returned no rows. */
  static SQLException noResultSet() {
    return new SQLException(
        "Statement.executeQuery() cannot issue statements that do not produce result sets.",
        "S1009");
  }

  static SQLException statementClosed() {
    return new SQLException("No operations allowed after statement closed.", "S1009");
  }

  static SQLException generatedKeysNotRequested() {
    return new SQLException(
        "Generated keys not requested. You need to specify Statement.RETURN_GENERATED_KEYS to"
            + " Statement.executeUpdate(), Statement.executeLargeUpdate() or"
            + " Connection.prepareStatement().",
        "S1009");
  }

}
