package io.sluice.sql;

/**
 * The values a session tracks that MySQL would answer from the app's own connection, spliced into
 * statements by {@link StatementPlan#rewrite}.
 */
public interface SessionValues {
  /** What LAST_INSERT_ID() returns: an unsigned 64-bit value held in a long. */
  long lastInsertId();

  /** What ROW_COUNT() returns: signed, -1 after a statement that returns rows. */
  long rowCount();

  /** What FOUND_ROWS() returns. */
  long foundRows();

  /** What CONNECTION_ID() returns: the session's own id, never a physical connection's. */
  long connectionId();

  /** What {@code @@warning_count} returns: the previous statement's conditions. */
  long warningCount();

  /** What {@code @@error_count} returns: the previous statement's errors. */
  long errorCount();

  /**
   * The SQL literal that stands for user variable {@code @name} (lower case): its value with its
   * type, or {@code NULL} when the session never set it.
   */
  String userVariableLiteral(String name);
}
