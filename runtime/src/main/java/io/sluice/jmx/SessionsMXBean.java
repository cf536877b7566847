package io.sluice.jmx;

import java.util.List;

/**
 * {@code io.sluice:type=Sessions}: the logical sessions of this JVM and why any of them holds a
 * reserved connection. Counters named {@code ReservationsFor...} count reservations ever made; the
 * operations name the statements and the application code behind them.
 */
public interface SessionsMXBean {
  /** Logical connections open now. */
  long getOpenSessions();

  /** Sessions holding a reserved connection now. */
  long getReservedSessions();

  /** Statements that carried a SET_VAR hint. */
  long getSetVarRewrites();

  /** SETs that changed nothing (to the baseline value) or were ignored by configuration. */
  long getSetsIgnored();

  long getReservationsForSettings();

  long getReservationsForTemporaryTables();

  long getReservationsForLocks();

  /** Reservations for any other reason: untracked state, unparsed SQL, user variables... */
  long getReservationsForOther();

  /** One row per session holding a reserved connection now, the oldest first. */
  List<ReservedSessionRow> reservedSessions();

  /**
   * The causes of reservations (reason, statement digest, call site), the most frequent first.
   * The table is bounded: when full, the cause seen least recently leaves.
   */
  List<PinningCauseRow> topPinningCauses();
}
