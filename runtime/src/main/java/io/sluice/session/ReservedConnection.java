package io.sluice.session;

import io.sluice.pinning.Reservation;
import io.sluice.sql.ReserveReason;
import io.sluice.sql.SessionEvent;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Carried;
import io.sluice.tablet.Physical;
import io.sluice.tablet.Tablet;
import io.sluice.vars.Settings;
import io.sluice.vars.UserValue;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's reserved connection, if it has one: a physical connection of its own until it
 * closes, for state only a connection can hold (temporary tables, locks, variables Sluice does
 * not carry...). It keeps why the session reserved, what it created there, and whether the
 * connection still lives: {@link ReservedKeepalive} pings it while idle, and with {@code
 * release_reserved_when_clean} it goes back once {@link CleanReservation} proves nothing of the
 * session remains there.
 *
 * <p>Part of its {@link Session}, and without a lock of its own: every call runs under the
 * session's {@link Session#lock}, except {@link #pingIfIdle}, which takes it.
 */
final class ReservedConnection {
  /** The session's logger, which operators know for reservations. */
  private static final Logger log = LoggerFactory.getLogger(Session.class);

  private final Session session;
  private final Tablet tablet;
  private final SessionContext context;
  private final SessionVariables variables;
  private final JdbcState jdbc;
  private final TransactionState transaction;
  private final StatementHistory history;

  private Connection connection;
  /** Every reason the session gave to need its reserved connection, while it holds it. */
  private final EnumSet<ReserveReason> reasons = EnumSet.noneOf(ReserveReason.class);
  /** The temporary tables the session created on its reserved connection, by name as written. */
  private List<String> temporaryTables = List.of();
  /** Where the reserved connection came from, which decides how it is closed. */
  private Tablet.Origin origin;
  private ReserveReason reservedFor;
  private Reservation pinned;
  /** When the reserved connection last did something, for the keep-alive. */
  private volatile long usedNanos;
  /** The keep-alive found the reserved connection dead; the next statement must say so. */
  private boolean dead;

  ReservedConnection(
      Session session,
      SessionContext context,
      SessionVariables variables,
      JdbcState jdbc,
      TransactionState transaction,
      StatementHistory history) {
    this.session = session;
    this.tablet = session.tablet();
    this.context = context;
    this.variables = variables;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.history = history;
  }

  /** The reserved connection, or null. */
  Connection connection() {
    return connection;
  }

  /** The reason that reserved the connection (the first one given), or null. */
  ReserveReason reservedFor() {
    return reservedFor;
  }

  /** Whether the reserved connection died; the session's next statement must say so. */
  boolean dead() {
    return dead;
  }

  /** A statement is about to run there: the connection is not idle. */
  void used() {
    usedNanos = System.nanoTime();
  }

  /** Another reason the session has to keep its reserved connection. */
  void alsoFor(ReserveReason reason) {
    reasons.add(reason);
  }

  /**
   * Gives a connection of its own to this session until it closes. Inside a transaction, the
   * transaction's connection becomes the reserved one: the transaction's state is already there.
   */
  void reserve(ReserveReason reason, String cause) throws SQLException {
    history.settleDiagnostics();
    if (transaction.connection() != null) {
      tablet.adoptAsReserved(Tablet.Origin.TRANSACTION_POOL);
      Settings applied = transaction.applied();
      Connection handed = transaction.handOver();
      connection = handed;
      origin = Tablet.Origin.TRANSACTION_POOL;
      try {
        moveStateTo(handed, applied);
      } catch (SQLException | RuntimeException e) {
        end();
        throw e;
      }
    } else {
      Connection opened = tablet.openReserved();
      try {
        jdbc.applyTo(opened);
        Carried.clean(tablet.defaults()).changeTo(opened, jdbc.carried(Settings.NONE));
        moveStateTo(opened, Settings.NONE);
      } catch (SQLException | RuntimeException e) {
        tablet.closeReserved(opened, Tablet.Origin.OPENED);
        throw e;
      }
      connection = opened;
      origin = Tablet.Origin.OPENED;
    }
    reserved(reason, cause);
  }

  /**
   * The session's reserved connection, reserving one for this reason if it has none: for the
   * escape hatches that must hand out a physical object (unwrapping to a driver type, callable
   * statements).
   *
   * @param cause what asked for it, for operators: a statement digest or a JDBC call, never values
   */
  Connection connectionFor(ReserveReason reason, String cause) throws SQLException {
    history.settleDiagnostics();
    if (connection == null) {
      reserve(reason, cause);
    }
    return connection;
  }

  /**
   * Makes the connection of a lease the session's reserved one, for state that is now on it and
   * nowhere else (MySQL accepted a variable Sluice does not carry, or reported a state change
   * Sluice did not predict).
   */
  void reserveLeased(Lease lease, ReserveReason reason, String cause) throws SQLException {
    if (connection != null) {
      reasons.add(reason); // it holds that state now, too
      return;
    }
    if (!lease.pooled()) {
      reserve(reason, cause);
    } else {
      tablet.adoptAsReserved(Tablet.Origin.POOL);
      connection = lease.physical();
      origin = Tablet.Origin.POOL;
      lease.kind = Lease.Kind.RESERVED;
      reserved(reason, cause);
      moveStateTo(connection, lease.applied);
    }
  }

  private void reserved(ReserveReason reason, String cause) {
    reservedFor = reason;
    reasons.add(reason);
    usedNanos = System.nanoTime();
    context.metrics().reserved(reason);
    pinned = context.pinning().reserved(reason, tablet.name(), cause);
    context.keepalive().watch(this);
    log.debug("session reserved a connection on {}: {} ({})", tablet.name(), reason, cause);
  }

  /**
   * Puts the session's settings and user variables on a connection that becomes its reserved
   * one: from then on they live there, as on the application's own connection.
   */
  private void moveStateTo(Connection target, Settings applied) throws SQLException {
    String change = variables.settings().changeFrom(applied);
    if (change != null) {
      Physical.run(target, change);
    }
    Map<String, UserValue> userVariables = variables.userVariables();
    if (!userVariables.isEmpty()) {
      StringBuilder replay = new StringBuilder("SET ");
      userVariables.forEach(
          (name, value) ->
              replay
                  .append(replay.length() > 4 ? ", " : "")
                  .append(quotedVariable(name))
                  .append(" = ")
                  .append(value.assignment()));
      Physical.run(target, replay.toString());
    }
  }

  /** {@code @`name`}: a user variable by any name, as an identifier. */
  static String quotedVariable(String name) {
    return "@`" + name.replace("`", "``") + "`";
  }

  /** A statement succeeded on the reserved connection: what it left there. */
  void afterStatement(StatementPlan plan) {
    if (plan.temporaryTable() != null) {
      temporaryTables = new ArrayList<>(temporaryTables);
      temporaryTables.add(plan.temporaryTable());
    }
    if (context.config().releaseReservedWhenClean()) {
      releaseIfClean();
    }
  }

  /**
   * Gives the reserved connection back once MySQL shows that nothing of the session remains on
   * it ({@link CleanReservation}), outside any transaction, and when nothing the session holds
   * would reserve again at once.
   */
  private void releaseIfClean() {
    Settings settings = variables.settings();
    if (!jdbc.autoCommit()
        || transaction.explicit()
        || !ReserveReason.allReleasable(reasons)
        || (!settings.isEmpty()
            && !context.config().settingsPoolEnabled()
            && settings.hints() == null)) {
      return;
    }
    history.settleDiagnostics();
    Map<String, UserValue> readBack =
        CleanReservation.userVariablesIfClean(tablet, connection, temporaryTables);
    if (readBack == null) {
      return;
    }
    variables.userVariablesReadBack(readBack);
    log.debug("session released its reserved connection on {}: nothing of it remains", tablet.name());
    end();
  }

  /**
   * The reserved connection died after a statement on it had succeeded: the session's next
   * statement reports it ({@link #lost}), as when the keep-alive finds it dead.
   */
  void died() {
    dead = true;
  }

  /**
   * The reserved connection's state Sluice did not see (the server's tracker reported a change
   * it did not predict): the reservation can no longer be proved clean.
   */
  void stateUnseen() {
    if (connection != null) {
      reasons.add(SessionEvent.STATE_CHANGE_UNPREDICTED.reason());
    }
  }

  /**
   * Closes the reserved connection, if any, and stops counting and pinging it: its server-side
   * state must die with it.
   */
  void end() {
    Connection ended = connection;
    connection = null;
    dead = false;
    reasons.clear();
    temporaryTables = List.of();
    if (ended != null) {
      context.metrics().reservedSessions.decrementAndGet();
      context.pinning().ended(pinned);
      pinned = null;
      context.keepalive().forget(this);
      tablet.closeReserved(ended, origin);
    }
  }

  /**
   * Pings the reserved connection if it has been idle this long and the session is not running
   * a statement; called by {@link ReservedKeepalive}. A failed ping marks the reservation dead:
   * the session's next statement reports it ({@link #lost}).
   */
  void pingIfIdle(long idleNanos) {
    if (System.nanoTime() - usedNanos < idleNanos || !session.lock.tryLock()) {
      return;
    }
    try {
      if (connection != null && !session.isClosed()) {
        history.settleDiagnostics();
        dead = !connection.isValid(5);
        usedNanos = System.nanoTime();
      }
    } catch (SQLException e) {
      // isValid does not throw for a dead connection; a negative timeout is not passed.
    } finally {
      session.lock.unlock();
    }
  }

  /**
   * Ends a session whose reserved connection died, with the server-side state it kept there
   * (temporary tables, locks, variables, an open transaction): the session is closed, as the
   * application's own connection would be, and the application sees the driver's exception, which
   * carries Sluice's account of what was lost as a suppressed exception (also said at WARN).
   *
   * @param cause the driver's exception, or null when the keep-alive found the connection dead
   */
  SQLException lost(SQLException cause) {
    SQLException lost =
        new java.sql.SQLRecoverableException(
            "Sluice: this session's reserved connection to "
                + tablet.name()
                + " was lost"
                + (reservedFor == null ? "" : " (reserved for: " + reservedFor.description() + ")")
                + "; its temporary tables, locks, open transaction and session state are gone,"
                + " and the session is closed.",
            "08S01");
    log.warn("{}", lost.getMessage());
    session.close();
    if (cause == null) {
      return lost;
    }
    cause.addSuppressed(lost);
    return cause;
  }
}
