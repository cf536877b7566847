package io.sluice.session;

import io.sluice.sql.PlanCache;
import io.sluice.sql.ReserveReason;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Tablet;
import io.sluice.vars.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One logical connection: the facade its JDBC objects ({@link LogicalConnection}, {@link
 * LogicalStatement}...) call, which owns its {@link #lock}, its life (close, KILL, a lost
 * connection) and the wiring of the parts that hold its state:
 *
 * <ul>
 *   <li>{@link ConnectionChoice}: which physical connection serves each statement (reserved,
 *       transaction or pooled), carrying the session's settings, and giving pooled ones back;
 *   <li>{@link ReservedConnection}: the connection the session keeps for state only a connection
 *       can hold, why, its keep-alive, and its release when clean;
 *   <li>{@link TransactionState}: the open transaction's connection, from its first statement to
 *       its end;
 *   <li>{@link JdbcState}: auto-commit, isolation, read-only, catalog and the rest of the JDBC
 *       getters and setters;
 *   <li>{@link StatementHistory}: LAST_INSERT_ID(), ROW_COUNT(), FOUND_ROWS() and the diagnostics
 *       area the session's statements left;
 *   <li>{@link SessionVariables}: its system and user variables, and the plans for its sql_mode.
 * </ul>
 *
 * <p>The parts have no locks of their own. Like Connector/J's connection, a session runs one
 * statement at a time: {@link #lock} is held around each execution and each change of state
 * ({@link SessionEntry}, the ways in), and every call into a part runs under it. Most methods here only pass a call on to the part named
 * above; the statement path calls them, so that it depends on this class alone.
 */
final class Session implements io.sluice.sql.SessionValues {
  /** Taken by {@link SessionEntry}, where every call from the JDBC objects comes in. */
  final ReentrantLock lock = new ReentrantLock();
  private final Tablet tablet;
  private final SessionContext context;

  /** The JDBC-visible state, the session's own; applied to whichever physical serves it. */
  private final JdbcState jdbc;

  /** System and user variables, and the plans for the session's sql_mode. */
  private final SessionVariables variables;

  /** The open transaction's connection, if any, and what it carries. */
  private final TransactionState transaction;
  /** The session's reserved connection, if any, and why it has it. */
  private final ReservedConnection reservation;
  /** Which connection serves each statement. */
  private final ConnectionChoice connections;

  /** LAST_INSERT_ID(), ROW_COUNT(), FOUND_ROWS() and the diagnostics area its statements left. */
  private final StatementHistory history;
  /** A loss not reported as closing the connection yet: see {@link #reportLoss}. */
  private SQLException lostOpen;

  /** CONNECTION_ID() of this session, for its whole life ({@link SessionIds}). */
  private final long connectionId;
  /** The statement executing now, which a KILL from another session interrupts. */
  volatile LogicalStatement executing;
  /** A KILL [CONNECTION] of this session: it ends, as a killed MySQL connection does. */
  private volatile boolean killed;
  /** The application has seen the connection failure that the kill means. */
  private boolean killReported;

  private boolean closed;

  Session(Tablet tablet, SessionContext context) {
    this.tablet = tablet;
    this.context = context;
    this.variables = new SessionVariables(tablet);
    this.history = new StatementHistory(tablet.foundRowsOnConnect());
    this.jdbc = new JdbcState(this, tablet, history);
    this.transaction = new TransactionState(this, tablet, variables, jdbc, history);
    this.reservation =
        new ReservedConnection(this, context, variables, jdbc, transaction, history);
    this.connections =
        new ConnectionChoice(this, context, variables, jdbc, transaction, reservation, history);
    this.connectionId = SessionIds.register(this);
    context.metrics().openSessions.incrementAndGet();
  }

  SessionContext context() {
    return context;
  }

  Tablet tablet() {
    return tablet;
  }

  TransactionState transaction() {
    return transaction;
  }

  /** The session's JDBC-visible state and its getters and setters. */
  JdbcState jdbc() {
    return jdbc;
  }

  /** The session's system and user variables, and its plans. */
  SessionVariables variables() {
    return variables;
  }

  // ---------------------------------------------------------------- statements

  /** The plans of this session's statements, read under its sql_mode. */
  PlanCache plans() {
    return variables.plans();
  }

  /**
   * The physical connection for a statement with this plan, reserving or opening a transaction
   * first where the plan asks for it, and carrying the session's settings. Call with {@link #lock}
   * held, and hand the lease back to {@link #afterStatement}.
   *
   * @param hints whether the session's settings may ride on the text as hints
   */
  Lease acquire(StatementPlan plan, boolean hints) throws SQLException {
    ensureOpen();
    return connections.acquire(plan, hints);
  }

  Lease acquireForMetadata() throws SQLException {
    ensureOpen();
    return connections.acquireForMetadata();
  }

  void doneWithMetadata(Lease lease) {
    connections.doneWithMetadata(lease);
  }

  Lease acquireForDatabaseMetaData() throws SQLException {
    ensureOpen();
    return connections.acquireForDatabaseMetaData();
  }

  void doneWithDatabaseMetaData(Lease lease) throws SQLException {
    connections.doneWithDatabaseMetaData(lease);
  }

  String textFor(StatementPlan plan, Lease lease, String sql) {
    return connections.textFor(plan, lease, sql);
  }

  /**
   * Ends a statement's use of its lease: returns a pooled connection (or evicts it), ends the
   * transaction when the statement ended it, and keeps what the session keeps.
   *
   * @param succeeded whether the statement completed without an exception
   * @param evict return nothing to the pool: the connection's state is unknown
   */
  void afterStatement(StatementPlan plan, Lease lease, boolean succeeded, boolean evict) {
    if (InsertIds.mayRedefineTables(plan)) {
      tablet.autoIncrementColumns().forget();
    }
    switch (lease.kind()) {
      case POOLED -> connections.givePooledBack(lease, evict);
      case TRANSACTION -> transaction.afterStatement(plan, lease, succeeded, evict);
      case RESERVED -> {
        if (succeeded) {
          transaction.ranOnReserved(plan);
          reservation.afterStatement(plan);
        }
      }
    }
  }

  void reservedConnectionDied() {
    reservation.died();
  }

  void reservedStateUnseen() {
    reservation.stateUnseen();
  }

  void resultAttached(Lease lease) {
    transaction.resultAttached(lease);
  }

  void attachedResultClosed(Lease lease) {
    transaction.attachedResultClosed(lease);
  }

  /**
   * A statement on the session's transaction or reserved connection failed because the
   * connection is gone, and with it any transaction or state the session held there: the session
   * is closed, as Connector/J closes the application's own connection (and its statements) then,
   * or left open to fail again where the driver leaves it open ({@link #reportLoss}).
   *
   * @param closes whether the driver closes the application's connection on this loss
   * @return the exception for the application
   */
  SQLException connectionLost(Lease lease, SQLException e, boolean closes) {
    if (lease.kind() == Lease.Kind.RESERVED) {
      return reservation.lost(e);
    }
    transaction.lost(lease);
    if (closes) {
      close();
    } else {
      lostOpen = e;
    }
    return e;
  }

  /**
   * After a loss Connector/J reported without closing the application's connection (its
   * server-side cursor path, measured on 8.0.33 and 26.10.0): the next call that reaches the server
   * fails with the same communications failure, and that closes the connection, unless the call
   * failed first at its question whether the transaction is read-only.
   *
   * @param closes whether this call would close the connection
   */
  void reportLoss(boolean closes) throws SQLException {
    SQLException lost = lostOpen;
    if (lost != null) {
      if (closes) {
        close();
      }
      throw lost;
    }
  }

  void recordOutcome(StatementKind kind, long insertId, long updateCount, long rowsReturned) {
    history.recordOutcome(kind, insertId, updateCount, rowsReturned);
  }

  void recordFailure(StatementKind kind) {
    history.recordFailure(kind);
  }

  void driverSelectedOneRow() {
    history.driverSelectedOneRow();
  }

  void driverRanSet() {
    history.driverRanSet();
  }

  void insertIdRead(long serverLastInsertId) {
    history.insertIdRead(serverLastInsertId);
  }

  void serverHistory(ServerHistory read, long[] values) {
    history.serverHistory(read, values);
  }

  @Override
  public long lastInsertId() {
    return history.lastInsertId();
  }

  @Override
  public long rowCount() {
    return history.rowCount();
  }

  @Override
  public long foundRows() {
    return history.foundRows();
  }

  @Override
  public long connectionId() {
    return connectionId;
  }

  @Override
  public long warningCount() {
    return history.diagnostics().warningCount();
  }

  @Override
  public long errorCount() {
    return history.diagnostics().errorCount();
  }

  Diagnostics diagnostics() {
    return history.diagnostics();
  }

  /** The diagnostics area the session's statement just left. */
  void diagnostics(Diagnostics next) {
    history.diagnostics(next);
  }

  void settleDiagnostics() {
    history.settleDiagnostics();
  }

  /**
   * Whether the previous statement's warnings are still pending on the connection the session
   * holds, where its next statement runs: a SHOW WARNINGS can read them there itself.
   */
  boolean diagnosticsPendingOnHeld() {
    return history.diagnosticsPendingOn(held());
  }

  /** The connection the session holds between statements, if any: reserved, else transaction. */
  Connection held() {
    Connection reserved = reservation.connection();
    return reserved != null ? reserved : transaction.connection();
  }

  /**
   * The literal for a read of {@code @name}. On a reserved connection the variables live on the
   * connection, so the read stays a read.
   */
  @Override
  public String userVariableLiteral(String name) {
    if (reservation.connection() != null) {
      return ReservedConnection.quotedVariable(name);
    }
    return variables.userVariableLiteral(name);
  }

  // ---------------------------------------------------------------- session variables

  /** The settings the held connection of a lease carries now, after a SET changed them there. */
  void carriedBy(Lease lease, Settings applied) {
    lease.applied = applied;
    if (lease.kind() == Lease.Kind.TRANSACTION) {
      transaction.applied(applied);
    }
  }

  void reserveLeased(Lease lease, ReserveReason reason, String cause) throws SQLException {
    reservation.reserveLeased(lease, reason, cause);
  }

  // ---------------------------------------------------------------- transactions

  void commit() throws SQLException {
    ensureOpen();
    reportLoss(true);
    transaction.commit();
  }

  void rollback() throws SQLException {
    ensureOpen();
    if (lostOpen != null) {
      close();
      throw DriverErrors.rollbackLost();
    }
    transaction.rollback();
  }

  /** The connection holding the open transaction, opening one if needed (for savepoints). */
  Connection transactionConnection() throws SQLException {
    ensureOpen();
    reportLoss(true);
    return transaction.connectionOpening();
  }

  <T> T reproduceOnPooled(PhysicalCall<T> call) throws SQLException {
    return connections.reproduceOnPooled(call);
  }

  void runOnPooled(PhysicalAction action) throws SQLException {
    connections.runOnPooled(action);
  }

  /** A call on a physical connection. */
  @FunctionalInterface
  interface PhysicalCall<T> {
    T apply(Connection physical) throws SQLException;
  }

  /** A call on a physical connection that returns nothing. */
  @FunctionalInterface
  interface PhysicalAction {
    void apply(Connection physical) throws SQLException;
  }

  void use(String value) throws SQLException {
    jdbc.use(value);
  }

  /**
   * {@link #held()}, for a call that may run something there: the previous statement's warnings
   * pending there are read first.
   */
  Connection bound() {
    settleDiagnostics();
    return held();
  }

  /** {@link ReservedConnection#connectionFor}, the session being open. */
  Connection reservedConnection(ReserveReason reason, String cause) throws SQLException {
    ensureOpen();
    return reservation.connectionFor(reason, cause);
  }

  boolean isReserved() {
    return reservation.connection() != null;
  }

  // ---------------------------------------------------------------- lifecycle

  void ensureOpen() throws SQLException {
    reportKill();
    if (closed) {
      throw DriverErrors.connectionClosed();
    }
  }

  /**
   * {@link #ensureOpen} for a call on one of the session's statements: Connector/J closes every
   * statement of a connection that closes, so those calls fail as on a closed statement.
   */
  void ensureOpenForStatement() throws SQLException {
    reportKill();
    if (closed) {
      throw DriverErrors.statementClosed();
    }
  }

  /** The first call after a KILL [CONNECTION] of the session fails as a killed connection's. */
  private void reportKill() throws SQLException {
    if (killed && !killReported) {
      killReported = true;
      close();
      throw DriverErrors.killed(connectionId);
    }
  }

  boolean killed() {
    return killed;
  }

  /**
   * Carries out a {@code KILL QUERY} (or, with {@code connection}, {@code KILL [CONNECTION]}) of
   * this session sent by another session of the same tablet. The running statement, if any, is
   * killed on its physical connection: it fails with Connector/J's own error for a killed query or
   * connection. A killed session rolls its transaction back and drops its reserved connection at
   * once when idle, else when its statement ends; its next call fails as a killed connection's
   * does, and every call after that as a closed connection's.
   */
  void killedBy(boolean connection) throws SQLException {
    if (connection) {
      killed = true;
    }
    LogicalStatement running = executing;
    if (running != null && running.killRunning(connection)) {
      return;
    }
    if (connection && lock.tryLock()) {
      try {
        close();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * A KILL [CONNECTION] of this session ended the statement it ran (or was that statement, as
   * {@code KILL CONNECTION_ID()}): the session ends now.
   *
   * @param seen whether the statement surfaced the connection failure, so that the next call
   *     finds the session closed rather than failing again
   */
  void endKilled(boolean seen) {
    killed = true;
    killReported |= seen;
    close();
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * Ends the session: an open transaction is rolled back, the reserved connection closed, and
   * the session's connections leave it. Idempotent.
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    SessionIds.forget(connectionId, this);
    context.metrics().openSessions.decrementAndGet();
    transaction.rollBackOnClose();
    reservation.end();
  }

  SQLException reservationLost(SQLException cause) {
    return reservation.lost(cause);
  }
}
