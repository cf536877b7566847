package io.sluice.session;

import io.sluice.sql.StatementPlan;
import io.sluice.tablet.LentFor;
import io.sluice.tablet.Physical;
import io.sluice.tablet.Tablet;
import io.sluice.vars.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A session's open transaction, if any: the pooled connection that holds it from its first
 * statement (auto-commit off, or {@code BEGIN}/{@code START TRANSACTION}) to its end ({@code
 * COMMIT}, {@code ROLLBACK}, an implicit commit, the JDBC calls), what that connection carries, and
 * giving it back to the pool once the transaction ends. A transaction on the session's reserved
 * connection stays there; only whether it was begun with {@code BEGIN} is kept here.
 *
 * <p>Part of its {@link Session}, and without a lock of its own: every call runs under the
 * session's {@link Session#lock}.
 */
final class TransactionState {
  private final Session session;
  private final Tablet tablet;
  private final SessionVariables variables;
  private final JdbcState jdbc;
  private final StatementHistory history;

  private Connection connection;
  /** The settings the transaction's connection carries. */
  private Settings applied = Settings.NONE;
  /**
   * The JDBC-state variables (the transaction characteristics) the application set with SQL on
   * the transaction's connection: put back to the baseline with SQL on release.
   */
  private Set<String> setBySql = Set.of();
  /** Begun with BEGIN or START TRANSACTION, on the transaction's or the reserved connection. */
  private boolean explicit;
  /**
   * A cancel or query timeout hit the transaction's connection: Connector/J's {@code KILL QUERY}
   * may still be on its way (its timer thread is not awaited), so when the transaction ends the
   * connection is closed, never handed to another session. Until then it stays with the
   * transaction, as on the application's own connection, where MySQL left the transaction open.
   */
  private boolean cancelled;
  /**
   * Results still open on the transaction's connection (streamed, cursor, updatable): while any
   * is, that connection cannot wait idle for another session when the transaction ends, so it is
   * closed then, and those results with it.
   */
  private int resultsOpen;

  TransactionState(
      Session session,
      Tablet tablet,
      SessionVariables variables,
      JdbcState jdbc,
      StatementHistory history) {
    this.session = session;
    this.tablet = tablet;
    this.variables = variables;
    this.jdbc = jdbc;
    this.history = history;
  }

  /** The connection holding the open transaction, or null. */
  Connection connection() {
    return connection;
  }

  /** The settings the transaction's connection carries. */
  Settings applied() {
    return applied;
  }

  /** The transaction's connection carries these settings now. */
  void applied(Settings now) {
    applied = now;
  }

  /** Whether a transaction begun with BEGIN is open, on this or the reserved connection. */
  boolean explicit() {
    return explicit;
  }

  /**
   * Borrows the transaction's connection, carrying the session's auto-commit, isolation and
   * read-only mode, and its settings unless they all ride on statements as hints: after the first
   * transaction, a session that keeps them finds an idle connection carrying them, and MySQL runs
   * no statement of Sluice's for them.
   */
  void begin() throws SQLException {
    Settings settings = variables.settings();
    Settings carried = settings.hints() != null ? Settings.NONE : settings;
    Connection borrowed = tablet.borrow(LentFor.TRANSACTION, jdbc.carried(carried));
    try {
      jdbc.applyTo(borrowed);
    } catch (SQLException | RuntimeException e) {
      tablet.evict(LentFor.TRANSACTION, borrowed);
      throw e;
    }
    connection = borrowed;
    applied = carried;
  }

  /**
   * Hands the transaction's connection over to become the session's reserved one, with the
   * transaction's state on it; this no longer holds it.
   */
  Connection handOver() {
    Connection handed = connection;
    connection = null;
    applied = Settings.NONE;
    setBySql = Set.of(); // it is never returned now
    cancelled = false; // a reserved connection is closed when it ends
    return handed;
  }

  /** Ends a statement's use of the transaction's connection. */
  void afterStatement(StatementPlan plan, Lease lease, boolean succeeded, boolean evict) {
    // A lost connection has ended the transaction already (connectionLost); any other reason
    // to evict is a KILL QUERY that may still come, and MySQL keeps the transaction.
    cancelled |= evict && connection == lease.physical();
    if (succeeded && endsTransaction(plan)) {
      end(false);
    } else if (succeeded && plan.route().begins()) {
      explicit = true;
    }
  }

  /** A statement succeeded on the reserved connection: the transaction it begins or ends there. */
  void ranOnReserved(StatementPlan plan) {
    if (plan.route().begins()) {
      explicit = true;
    } else if (endsTransaction(plan)) {
      explicit = false;
    }
  }

  /**
   * Whether a statement that just succeeded on the transaction's connection ended the
   * transaction: COMMIT or ROLLBACK (without AND CHAIN), or a statement that commits implicitly
   * inside a transaction begun with BEGIN (with auto-commit off, MySQL opens the next transaction
   * at the next statement, on this connection).
   */
  private boolean endsTransaction(StatementPlan plan) {
    return plan.route().endsTransaction(explicit, jdbc.autoCommit());
  }

  /**
   * Ends the transaction: its connection goes back to the pool (or is evicted).
   *
   * @param evict return nothing to the pool: the connection's state is unknown
   */
  void end(boolean evict) {
    history.settleDiagnostics(); // the connection goes back, and its diagnostics area with it
    boolean hadResultsOpen = resultsOpen > 0;
    resultsOpen = 0;
    Connection ended = connection;
    Settings endedApplied = applied;
    Set<String> endedSetBySql = setBySql;
    boolean killMayCome = cancelled;
    connection = null;
    applied = Settings.NONE;
    setBySql = Set.of();
    explicit = false;
    cancelled = false;
    if (ended != null) {
      release(ended, evict || killMayCome || hadResultsOpen, endedApplied, endedSetBySql);
    }
  }

  /**
   * Returns a transaction connection whose transaction has ended, carrying the session's settings
   * and JDBC state, to wait idle in the pool as it is; through HikariCP, which resets it, when the
   * application changed its transaction characteristics with SQL behind the driver; evicts it
   * when neither can be done.
   *
   * @param setBySql the JDBC-state variables the application set with SQL on it
   */
  private void release(Connection physical, boolean evict, Settings applied, Set<String> setBySql) {
    if (evict) {
      tablet.evict(LentFor.TRANSACTION, physical);
      return;
    }
    try {
      if (!setBySql.isEmpty()) {
        Physical.run(physical, tablet.baseline().restoreSql(setBySql));
      }
      jdbc.clearClientInfo(physical);
      tablet.giveBack(
          LentFor.TRANSACTION,
          physical,
          jdbc.carried(applied),
          setBySql.isEmpty() && jdbc.isDefault());
    } catch (SQLException e) {
      tablet.evict(LentFor.TRANSACTION, physical);
    }
  }

  /**
   * Ends the transaction of a session that closes: rolled back, whatever began it, and its
   * connection returned only if the rollback succeeded (otherwise its state is unknown).
   */
  void rollBackOnClose() {
    if (connection != null) {
      end(!rollBack(connection));
    }
  }

  /**
   * Rolls back whatever transaction a connection may hold, begun by auto-commit off or by BEGIN.
   *
   * @return false when the rollback failed: the connection's state is then unknown
   */
  private boolean rollBack(Connection physical) {
    try {
      if (!physical.getAutoCommit()) {
        physical.rollback();
      } else if (explicit) {
        Physical.run(physical, "ROLLBACK");
      }
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** The transaction's connection is gone: the transaction ends, if it held it. */
  void lost(Lease lease) {
    if (connection == lease.physical()) {
      end(true);
    }
  }

  /**
   * The application set a JDBC-state variable with SQL on the transaction's connection: put back
   * to the baseline with SQL when the connection is released.
   */
  void setBySql(String variable) {
    if (setBySql.isEmpty()) {
      setBySql = new TreeSet<>();
    }
    setBySql.add(variable);
  }

  /**
   * Switching auto-commit on commits the open transaction, as JDBC and MySQL say; setting it to
   * the value it already has changes nothing, not even a transaction begun with BEGIN.
   */
  void autoCommitSwitchedOn() {
    explicit = false;
    if (connection != null) {
      end(false);
    }
  }

  /** A result stays open on its lease's connection until the application closes it. */
  void resultAttached(Lease lease) {
    if (lease.physical() == connection) {
      resultsOpen++;
    }
  }

  /** The application closed a result {@link #resultAttached} counted, if its transaction lasts. */
  void attachedResultClosed(Lease lease) {
    if (lease.physical() == connection && resultsOpen > 0) {
      resultsOpen--;
    }
  }

  /** JDBC commit, the session being open and its losses reported. */
  void commit() throws SQLException {
    if (jdbc.autoCommit()) {
      session.runOnPooled(Connection::commit);
      return;
    }
    history.ranStatement();
    endWith(Connection::commit, false);
  }

  /** JDBC rollback, the session being open and its losses reported. */
  void rollback() throws SQLException {
    if (jdbc.autoCommit()) {
      session.runOnPooled(Connection::rollback);
      return;
    }
    history.ranStatement();
    endWith(Connection::rollback, true);
  }

  /**
   * Ends the open transaction with a JDBC commit or rollback, on the connection that holds it. A
   * connection error ends the session as the same statement in SQL would ({@link
   * Session#connectionLost}).
   *
   * @param endsOnFailure whether another failure ends the transaction too (a rollback does; a
   *     failed commit leaves it open, as MySQL does)
   */
  private void endWith(Session.PhysicalAction end, boolean endsOnFailure) throws SQLException {
    boolean reserved = session.isReserved();
    try {
      if (reserved) {
        end.apply(session.held());
      } else if (connection != null) {
        try {
          end.apply(connection);
          end(false);
        } catch (SQLException thrown) {
          SQLException e = DriverErrors.asDriverWould(connection, thrown);
          boolean lost = Physical.isLost(e);
          if (lost || endsOnFailure) {
            end(true); // lost, or a rollback that failed: its state is unknown
          }
          if (lost) {
            session.close();
          }
          throw e;
        }
      }
    } catch (SQLException e) {
      if (reserved && Physical.isLost(e)) {
        throw session.reservationLost(e);
      }
      throw e;
    } finally {
      explicit = false;
    }
  }

  /**
   * The connection holding the open transaction, opening one if needed (for savepoints), the
   * session being open and its losses reported.
   */
  Connection connectionOpening() throws SQLException {
    Connection bound = session.bound();
    if (bound != null || jdbc.autoCommit()) {
      return bound;
    }
    begin();
    return connection;
  }
}
