package io.sluice.sql;

/**
 * Why a session needs a reserved physical connection: the state MySQL would keep on the app's own
 * connection, which Sluice cannot (yet) carry itself. Declaration order is precedence: when a
 * statement has several reasons, the first one listed names the reservation.
 */
public enum ReserveReason {
  /** A temporary table lives on one connection. */
  TEMPORARY_TABLE("temporary table"),
  /** A user lock (GET_LOCK family), table lock or backup lock is held by one connection. */
  LOCK("lock"),
  /** Session system variables changed from the server's values. */
  SETTINGS("settings"),
  /** User-defined variables are kept by one connection. */
  USER_VARIABLE("user variable"),
  /**
   * {@code SET autocommit} in SQL left the server's autocommit apart from the driver's view, which
   * only {@code setAutoCommit} changes: from then on only the driver on that connection answers
   * and acts as the application's own would.
   */
  AUTOCOMMIT_SET_BY_SQL("autocommit set by SQL"),
  /** SQL Sluice cannot classify safely: it goes to MySQL unchanged. */
  UNPARSED("unparsed"),
  /**
   * Session state Sluice does not carry: prepared statements, handlers, XA, stored procedures,
   * diagnostics, roles, AND CHAIN/RELEASE, several statements in one text, or a state change the
   * server reported that Sluice did not predict.
   */
  UNTRACKED_STATE("untracked state change");

  private final String description;

  ReserveReason(String description) {
    this.description = description;
  }

  /** A short human description, for logs and JMX. */
  public String description() {
    return description;
  }
}
