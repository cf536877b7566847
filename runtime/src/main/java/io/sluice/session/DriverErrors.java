package io.sluice.session;

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

  /**
   * True for errors after which the physical connection cannot be trusted: connection
   * exceptions (SQLState class 08) and communication failures.
   */
  static boolean isConnectionError(SQLException e) {
    String state = e.getSQLState();
    return state != null && state.startsWith("08");
  }
}
