package io.sluice.sql;

import java.util.Collection;

/**
 * Why a session needs a reserved physical connection: the state MySQL would keep on the app's own
 * connection, which Sluice cannot (yet) carry itself. Declaration order is precedence: when a
 * statement has several reasons, the first one listed names the reservation.
 *
 * <p>Each reason carries all that is said about it elsewhere: its description (JMX, the log, the
 * status page), the {@code ReservationsFor...} counter that counts it, and whether {@code
 * release_reserved_when_clean} may give such a reservation back. Where a reason arises is a row of
 * {@link SessionRules}.
 */
public enum ReserveReason {
  /** A temporary table lives on one connection. */
  TEMPORARY_TABLE("temporary table", Counter.TEMPORARY_TABLES, true),
  /** A user lock (GET_LOCK family), table lock or backup lock is held by one connection. */
  LOCK("lock", Counter.LOCKS, true),
  /** Session system variables changed from the server's values. */
  SETTINGS("settings", Counter.SETTINGS, true),
  /** User-defined variables are kept by one connection. */
  USER_VARIABLE("user variable", Counter.OTHER, true),
  /**
   * {@code SET autocommit} in SQL left the server's autocommit apart from the driver's view, which
   * only {@code setAutoCommit} changes: from then on only the driver on that connection answers
   * and acts as the application's own would.
   */
  AUTOCOMMIT_SET_BY_SQL("autocommit set by SQL", Counter.OTHER, false),
  /** SQL Sluice cannot classify safely: it goes to MySQL unchanged. */
  UNPARSED("unparsed", Counter.OTHER, false),
  /**
   * Session state Sluice does not carry: prepared statements, handlers, XA, stored procedures,
   * diagnostics, roles, AND CHAIN/RELEASE, several statements in one text, or a state change the
   * server reported that Sluice did not predict.
   */
  UNTRACKED_STATE("untracked state change", Counter.OTHER, false);

  /** The JMX counters of reservations made ({@code io.sluice:type=Sessions}). */
  public enum Counter {
    /** Settings the session changed. */
    SETTINGS("ReservationsForSettings"),
    /** Temporary tables. */
    TEMPORARY_TABLES("ReservationsForTemporaryTables"),
    /** User, table and backup locks. */
    LOCKS("ReservationsForLocks"),
    /** Every reason without a counter of its own. */
    OTHER("ReservationsForOther");

    private final String attribute;

    Counter(String attribute) {
      this.attribute = attribute;
    }

    /** The JMX attribute that reads it. */
    public String attribute() {
      return attribute;
    }
  }

  private final String description;
  private final Counter counter;
  private final boolean releasable;

  ReserveReason(String description, Counter counter, boolean releasable) {
    this.description = description;
    this.counter = counter;
    this.releasable = releasable;
  }

  /** A short human description, for logs and JMX. */
  public String description() {
    return description;
  }

  /** The counter a reservation for this reason adds to. */
  public Counter counter() {
    return counter;
  }

  /**
   * Whether {@code release_reserved_when_clean} can prove this reason gone (MySQL shows what is
   * left on the connection); any other reason keeps the reservation until the session closes.
   */
  public boolean releasable() {
    return releasable;
  }

  /** Whether every one of these reasons is {@link #releasable()}. */
  public static boolean allReleasable(Collection<ReserveReason> reasons) {
    for (ReserveReason reason : reasons) {
      if (!reason.releasable) {
        return false;
      }
    }
    return true;
  }
}
