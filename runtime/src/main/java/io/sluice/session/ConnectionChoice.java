package io.sluice.session;

import io.sluice.sql.ReserveReason;
import io.sluice.sql.SessionEvent;
import io.sluice.sql.StatementPlan;
import io.sluice.sql.VariableRead;
import io.sluice.tablet.Carried;
import io.sluice.tablet.LentFor;
import io.sluice.tablet.Physical;
import io.sluice.tablet.Tablet;
import io.sluice.vars.Settings;
import io.sluice.vars.UserValue;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Which physical connection serves a session's statement, and with what. A statement runs on, in
 * this order: the session's reserved connection if it has one ({@link ReservedConnection}); its
 * open transaction's connection ({@link TransactionState}); a new transaction connection when the
 * statement opens a transaction (auto-commit off, or {@code BEGIN}/{@code START TRANSACTION});
 * otherwise a pooled connection lent for this statement only, and given back after it. A
 * statement whose plan names a reason to reserve first reserves a connection for the rest of the
 * session. The session's settings reach the statement as {@code SET_VAR} hints where they all can,
 * otherwise on the connection itself (a pooled one from the settings pool, already carrying them).
 *
 * <p>Part of its {@link Session}, and without a lock of its own: every call runs under the
 * session's {@link Session#lock}.
 */
final class ConnectionChoice {
  private final Session session;
  private final Tablet tablet;
  private final SessionContext context;
  private final SessionVariables variables;
  private final JdbcState jdbc;
  private final TransactionState transaction;
  private final ReservedConnection reservation;
  private final StatementHistory history;

  ConnectionChoice(
      Session session,
      SessionContext context,
      SessionVariables variables,
      JdbcState jdbc,
      TransactionState transaction,
      ReservedConnection reservation,
      StatementHistory history) {
    this.session = session;
    this.tablet = session.tablet();
    this.context = context;
    this.variables = variables;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.reservation = reservation;
    this.history = history;
  }

  /**
   * The physical connection for a statement with this plan, reserving or opening a transaction
   * first where the plan asks for it, and carrying the session's settings; with {@code hints}
   * false the connection itself carries them (for texts that cannot take hints, such as a
   * batch's). The session is open.
   */
  Lease acquire(StatementPlan plan, boolean hints) throws SQLException {
    if (reservation.dead()) {
      throw reservation.lost(null);
    }
    if (reservation.connection() == null) {
      ReserveReason reason = plan.reserveReason();
      if (reason == null) {
        reason = reasonToReserve(plan);
      }
      if (reason != null) {
        reservation.reserve(reason, plan.digest());
      }
    } else if (plan.reserveReason() != null) {
      reservation.alsoFor(plan.reserveReason());
    }
    if (reservation.connection() != null) {
      reservation.used();
      return new Lease(reservation.connection(), Lease.Kind.RESERVED, variables.settings(), null);
    }
    StatementPlan hinted = hints ? plan : null;
    if (transaction.connection() != null) {
      return transactionLease(hinted);
    }
    if (plan.route().opensTransaction(jdbc.autoCommit())) {
      transaction.begin();
      return transactionLease(hinted);
    }
    return borrowPooled(hinted);
  }

  /**
   * What only this session's state, not the plan alone, says needs a reserved connection: a
   * string user variable whose collation no literal can carry, or settings that need a connection
   * carrying them when the settings pool is off.
   */
  private ReserveReason reasonToReserve(StatementPlan plan) {
    if (plan.has(StatementPlan.USER_VARIABLE_READ)) {
      for (VariableRead read : plan.userVariableReads()) {
        UserValue value = variables.userVariables().get(read.name());
        if (value != null && !value.substitutable()) {
          return SessionEvent.USER_VARIABLE_WITHOUT_LITERAL.reason();
        }
      }
    }
    if (!variables.settings().isEmpty()
        && !context.config().settingsPoolEnabled()
        && !ridesAsHints(plan)) {
      return SessionEvent.SETTINGS_WITHOUT_POOL.reason();
    }
    return null;
  }

  /**
   * A connection with the session's state, for work that is not a statement of the app. The
   * session is open.
   */
  Lease acquireForMetadata() throws SQLException {
    history.settleDiagnostics();
    if (reservation.connection() != null) {
      return new Lease(reservation.connection(), Lease.Kind.RESERVED, variables.settings(), null);
    }
    return transaction.connection() != null ? transactionLease(null) : borrowPooled(null);
  }

  /** Hands back a lease from {@link #acquireForMetadata}. */
  void doneWithMetadata(Lease lease) {
    if (lease.pooled()) {
      givePooledBack(lease, false);
    }
  }

  /**
   * {@link #acquireForMetadata} for DatabaseMetaData, whose calls default to the database the
   * application's driver believes current: the connection's driver is put there until {@link
   * #doneWithDatabaseMetaData}.
   */
  Lease acquireForDatabaseMetaData() throws SQLException {
    Lease lease = acquireForMetadata();
    try {
      if (jdbc.driverCatalogMoved()) {
        lease.physical().setCatalog(jdbc.catalog());
      }
      return lease;
    } catch (SQLException | RuntimeException e) {
      doneWithDatabaseMetaData(lease);
      throw e;
    }
  }

  /**
   * Hands back a lease from {@link #acquireForDatabaseMetaData} in the session's database again,
   * through the driver, whose view is right since it made the change.
   */
  void doneWithDatabaseMetaData(Lease lease) throws SQLException {
    boolean restored = false;
    try {
      if (jdbc.driverCatalogMoved()) {
        lease.physical().setCatalog(jdbc.database());
      }
      restored = true;
    } finally {
      if (lease.pooled()) {
        givePooledBack(lease, !restored);
      }
    }
  }

  private Lease transactionLease(StatementPlan plan) throws SQLException {
    Lease lease =
        carrying(transaction.connection(), Lease.Kind.TRANSACTION, transaction.applied(), plan);
    transaction.applied(lease.applied);
    return lease;
  }

  /**
   * A pooled connection for one statement: a clean one when every setting of the session rides on
   * the statement as a hint, otherwise one carrying the session's settings, from the settings
   * pool.
   */
  private Lease borrowPooled(StatementPlan plan) throws SQLException {
    boolean hinted = ridesAsHints(plan);
    Settings want = hinted ? Settings.NONE : variables.settings();
    Carried carried = jdbc.carriedWhenPooled(want);
    Connection pooled = tablet.borrow(LentFor.STATEMENT, carried);
    try {
      jdbc.applyTo(pooled);
    } catch (SQLException | RuntimeException e) {
      tablet.evict(LentFor.STATEMENT, pooled);
      throw e;
    }
    Lease lease = new Lease(pooled, Lease.Kind.POOLED, want, hinted ? hints(plan) : null);
    lease.borrowed = carried;
    return lease;
  }

  /**
   * A lease whose statement sees the session's settings: as SET_VAR hints when every setting may
   * ride as one, the statement can carry them and the connection carries no other settings;
   * otherwise on the connection itself, changed from what it carries.
   *
   * @param plan null for work other than a statement of the app (it cannot carry hints)
   */
  private Lease carrying(Connection physical, Lease.Kind kind, Settings applied, StatementPlan plan)
      throws SQLException {
    Settings settings = variables.settings();
    if (applied.equals(settings)) {
      return new Lease(physical, kind, applied, null);
    }
    if (applied.isEmpty() && ridesAsHints(plan)) {
      return new Lease(physical, kind, applied, hints(plan));
    }
    history.settleDiagnostics();
    Physical.run(physical, settings.changeFrom(applied));
    return new Lease(physical, kind, settings, null);
  }

  /**
   * The session's settings as hints for this statement, beside the statement's own; on MariaDB as
   * the {@code SET STATEMENT ... FOR} prefix.
   */
  private String hints(StatementPlan plan) {
    context.metrics().setVarRewrites.increment();
    Settings settings = variables.settings();
    if (tablet.hintsAsStatementPrefix()) {
      return settings.statementPrefix();
    }
    String own = plan.hintComment();
    return own == null ? settings.hints() : settings.hintsBeside(own);
  }

  private boolean ridesAsHints(StatementPlan plan) {
    return plan != null && plan.hintOffset() >= 0 && variables.settings().hints() != null;
  }

  /**
   * The text to send for a statement on its lease: the session's values spliced in, its hints
   * added, and for SET the user variables it assigns renamed to Sluice's own (see {@link
   * SetAbsorber}).
   */
  String textFor(StatementPlan plan, Lease lease, String sql) {
    List<String> targets =
        plan.userVariableTargets().isEmpty() || lease.kind() == Lease.Kind.RESERVED
            ? null
            : SetAbsorber.temporaryNames(plan);
    if (lease.hints == null && targets == null) {
      return plan.needsRewrite() ? plan.rewrite(session) : sql;
    }
    boolean prefix = lease.hints != null && tablet.hintsAsStatementPrefix();
    return plan.rewrite(session, prefix ? null : lease.hints, prefix ? lease.hints : null, targets);
  }

  /**
   * Returns a pooled connection with what it carries, to wait idle in the pool as it is, or
   * through HikariCP, which resets the rest; evicts it when neither can be done.
   */
  void givePooledBack(Lease lease, boolean evict) {
    Connection physical = lease.physical();
    if (evict) {
      tablet.evict(LentFor.STATEMENT, physical);
      return;
    }
    try {
      boolean defaultState = jdbc.isDefault();
      jdbc.clearClientInfo(physical);
      Carried carried = lease.borrowed.with(lease.applied);
      tablet.giveBack(LentFor.STATEMENT, physical, carried, defaultState);
    } catch (SQLException e) {
      tablet.evict(LentFor.STATEMENT, physical);
    }
  }

  /**
   * Calls a method on a pooled connection in the tablet's default state, for the calls whose
   * only effect is Connector/J's own exception (commit with auto-commit on, invalid arguments):
   * the app then gets exactly the driver's error.
   */
  <T> T reproduceOnPooled(Session.PhysicalCall<T> call) throws SQLException {
    Carried clean = Carried.clean(tablet.defaults());
    Connection pooled = tablet.borrow(LentFor.STATEMENT, clean);
    try {
      return call.apply(pooled);
    } finally {
      // through HikariCP, which resets its state
      tablet.giveBack(LentFor.STATEMENT, pooled, clean, false);
    }
  }

  /** {@link #reproduceOnPooled} for a call that returns nothing. */
  void runOnPooled(Session.PhysicalAction action) throws SQLException {
    reproduceOnPooled(
        pooled -> {
          action.apply(pooled);
          return null;
        });
  }
}
