package io.sluice.testkit.oracle;

/**
 * Hears each operation's outcome as it happens, with its times, so that a fault suite can tell
 * errors during a fault from errors after it and measure how long sessions took to recover. Called
 * from the sessions' threads, concurrently: implementations must be thread-safe and quick. Times
 * are {@link System#nanoTime()} values.
 */
public interface OracleListener {
  /** A listener that hears nothing. */
  OracleListener NONE = new OracleListener() {};

  /**
   * An operation completed without an unexpected error (violations, if any, are the report's).
   *
   * @param session the session number
   * @param operation the operation's index in that session
   * @param startNanos when the operation began
   * @param endNanos when it completed
   */
  default void succeeded(int session, int operation, long startNanos, long endNanos) {}

  /**
   * An operation failed with an unexpected error; the session then abandons its connection.
   *
   * @param session the session number
   * @param operation the operation's index in that session
   * @param sql the statement (or JDBC call) that failed
   * @param error what it raised, usually a {@link java.sql.SQLException}
   * @param inTransaction whether the session had a transaction open when it failed
   * @param statementStartNanos when the failing statement (or call) began
   * @param endNanos when it failed
   */
  default void failed(
      int session,
      int operation,
      String sql,
      Exception error,
      boolean inTransaction,
      long statementStartNanos,
      long endNanos) {}
}
