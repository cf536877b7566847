package io.sluice.vars;

/**
 * How Sluice carries a session-scope {@code SET} of one system variable, so that the session's
 * statements see the value on whichever physical connection runs them.
 */
public enum Carrier {
  /**
   * The session keeps it as JDBC state and never sends the SET as such: {@code autocommit}, {@code
   * transaction_isolation} and {@code transaction_read_only} (MySQL 8.0 no longer has {@code
   * tx_isolation} and {@code tx_read_only}).
   */
  EMULATED,

  /**
   * Session-settable and accepted by MySQL's {@code SET_VAR} optimizer hint: it rides as {@code /*+
   * SET_VAR(name = value) *}{@code /} on every SELECT, INSERT, REPLACE, UPDATE and DELETE.
   */
  SET_VAR,

  /**
   * Session-settable but not hint-eligible: applied with SQL to the physical connection, which then
   * belongs to the settings pool under the session's settings.
   */
  SETTINGS,

  /**
   * Session-settable, but its value cannot be re-applied before each statement: it is consumed or
   * changes by itself, it is meaningful on one connection only, it changes the client protocol, or
   * it is replication-internal. The session needs a reserved connection.
   */
  RESERVE,

  /**
   * Global-only, or read-only at session scope: a session SET goes to MySQL as written on any
   * connection and MySQL answers it (a session SET fails there); there is nothing to carry.
   */
  SERVER
}
