package io.sluice.session;

import io.sluice.sql.StatementKind;
import java.sql.Connection;

/**
 * What a session's previous statements left that MySQL keeps per connection and Sluice answers
 * from the session, whichever connection ran them: {@code LAST_INSERT_ID()}, {@code ROW_COUNT()},
 * {@code FOUND_ROWS()} ({@link FoundRows} by statement kind, {@link ServerHistory} where only the
 * server knows), and the previous statement's diagnostics area.
 *
 * <p>Part of its {@link Session}, and without a lock of its own: every call runs under the
 * session's {@link Session#lock}.
 */
final class StatementHistory {
  private long lastInsertId;
  private long rowCount = -1;
  private long foundRows;
  /** The diagnostics area of the session's previous statement. */
  private Diagnostics diagnostics = Diagnostics.NONE;

  /** @param foundRows FOUND_ROWS() of a new connection ({@link io.sluice.tablet.Tablet}) */
  StatementHistory(long foundRows) {
    this.foundRows = foundRows;
  }

  long lastInsertId() {
    return lastInsertId;
  }

  long rowCount() {
    return rowCount;
  }

  long foundRows() {
    return foundRows;
  }

  /**
   * Records what MySQL would now answer for LAST_INSERT_ID(), ROW_COUNT() and FOUND_ROWS() after a
   * statement of {@code kind} that succeeded.
   */
  void recordOutcome(StatementKind kind, long insertId, long updateCount, long rowsReturned) {
    if (insertId != 0 && insertId != -1) {
      lastInsertId = insertId;
    }
    rowCount = updateCount;
    foundRows = FoundRows.after(kind, true, foundRows, updateCount, rowsReturned);
  }

  /** Records what a statement of {@code kind} that the server failed leaves: ROW_COUNT() is -1. */
  void recordFailure(StatementKind kind) {
    rowCount = -1;
    foundRows = FoundRows.after(kind, false, foundRows, -1, -1);
  }

  /**
   * Records that the application's driver asked the server a variable's value, as it asks whether
   * the transaction is read-only before a statement ({@link DriverVerdicts#asksReadOnly}): a
   * one-row SELECT, after which FOUND_ROWS() is 1 and ROW_COUNT() -1 for a statement that leaves
   * them.
   */
  void driverSelectedOneRow() {
    foundRows = 1;
    rowCount = -1;
  }

  /**
   * Records that the application's driver ran a SET before a statement (Connector/J's {@code SET
   * net_write_timeout} before a streamed one): ROW_COUNT() is 0 after it, and the diagnostics
   * area empty.
   */
  void driverRanSet() {
    rowCount = 0;
    ranStatement();
  }

  /**
   * Connector/J runs a statement for a JDBC call ({@code SET autocommit}, {@code COMMIT}, {@code
   * ROLLBACK}), which clears MySQL's diagnostics area as any statement does.
   */
  void ranStatement() {
    diagnostics = Diagnostics.NONE;
  }

  /** Takes LAST_INSERT_ID() as the connection reports it after an insert. */
  void insertIdRead(long serverLastInsertId) {
    lastInsertId = serverLastInsertId;
  }

  /** Takes the values the server reports after a statement whose effect Sluice cannot see. */
  void serverHistory(ServerHistory read, long[] values) {
    switch (read) {
      case EVERYTHING -> {
        lastInsertId = values[0];
        foundRows = values[1];
        rowCount = values[2];
      }
      case LAST_INSERT_ID -> lastInsertId = values[0];
      case FOUND_ROWS, FOUND_ROWS_MAYBE -> foundRows = values[0];
      case COUNTS -> {
        foundRows = values[0];
        rowCount = values[1];
      }
    }
  }

  Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The diagnostics area the session's statement just left. */
  void diagnostics(Diagnostics next) {
    diagnostics = next;
  }

  /**
   * Reads the previous statement's warnings where they are still pending on the connection the
   * session holds ({@link Diagnostics#pending}): something other than the application's next
   * statement is about to run there, or the connection goes back.
   */
  void settleDiagnostics() {
    diagnostics.settle();
  }

  /** Whether the previous statement's warnings are still pending on this connection. */
  boolean diagnosticsPendingOn(Connection held) {
    return held != null && diagnostics.pendingOn(held);
  }
}
