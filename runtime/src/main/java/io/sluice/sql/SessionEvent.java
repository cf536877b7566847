package io.sluice.sql;

/**
 * What reserves apart from a statement's plan: a JDBC call that hands out a physical object or
 * runs what the session cannot follow, or what the session's own state or the server's answer
 * says while a statement runs. Each is a row of {@link SessionRules}, beside the statements'.
 */
public enum SessionEvent {
  /** {@code Connection.unwrap} to the driver's type hands out the physical connection. */
  CONNECTION_UNWRAP,
  /** {@code Statement.unwrap} to the driver's type: the physical statement outlives executions. */
  STATEMENT_UNWRAP,
  /** {@code prepareCall}: a procedure may change any state, and OUT parameters live there. */
  PREPARE_CALL,
  /** A batch with a statement that controls the transaction, the schema or session variables. */
  BATCH_CONTROLS_SESSION,
  /** A statement reads a string user variable whose collation no literal can carry. */
  USER_VARIABLE_WITHOUT_LITERAL,
  /** The session has settings, and the settings pool is off (a connection must carry them). */
  SETTINGS_WITHOUT_POOL,
  /** The server's session-state tracker reported a change Sluice did not predict. */
  STATE_CHANGE_UNPREDICTED,
  /** A SET of a variable that has no baseline to put a connection back to. */
  SET_WITHOUT_BASELINE,
  /** A SET of an emulated variable the driver keeps its own view of. */
  SET_OF_DRIVER_VIEW,
  /** {@code SET autocommit} in SQL to other than the session's auto-commit. */
  AUTOCOMMIT_SET_BY_SQL;

  /** Its row of {@link SessionRules}. */
  public Route route() {
    return SessionRules.route(this);
  }

  /** Why it reserves: {@code route().reason()}. */
  public ReserveReason reason() {
    return route().reason();
  }
}
