package io.sluice.session;

import io.sluice.sql.ReserveReason;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.JdbcDefaults;
import io.sluice.tablet.Tablet;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All the state of one logical connection, and the choice of the physical connection that serves
 * each of its statements.
 *
 * <p>A statement runs on, in this order: the session's <b>reserved</b> connection if it has one;
 * its open <b>transaction</b>'s connection; a new transaction connection when the statement opens
 * a transaction (auto-commit off, or {@code BEGIN}/{@code START TRANSACTION}); otherwise a
 * <b>pooled</b> connection lent for this statement only. A statement whose plan names a reason to
 * reserve (a temporary table, a lock, state Sluice does not track yet...) first reserves a
 * connection for the rest of the session.
 *
 * <p>The JDBC-visible state (auto-commit, isolation, read-only, catalog, schema, holdability,
 * network timeout, client info) lives here. It is applied through the JDBC setters to whichever
 * physical connection serves the session, so Connector/J's own caches stay right, and only where
 * it differs from the tablet's defaults, to which the pool puts every returned connection back.
 *
 * <p>Like Connector/J's connection, a session runs one statement at a time: {@link #lock} is held
 * around each execution and each change of state.
 */
final class Session implements io.sluice.sql.SessionValues {
  private static final Logger log = LoggerFactory.getLogger(Session.class);

  final ReentrantLock lock = new ReentrantLock();
  private final Tablet tablet;
  private final SessionContext context;
  private final JdbcDefaults defaults;

  // JDBC-visible state, the session's own; applied to whichever physical serves it.
  private boolean autoCommit;
  private int isolation;
  private boolean readOnly;
  private String catalog;
  private String schema;
  private int holdability;
  private int networkTimeout;
  private Executor networkTimeoutExecutor;
  private Properties clientInfo = new Properties();

  // Physical bindings.
  private Connection transaction;
  private boolean explicitTransaction;
  private Connection reserved;
  private boolean reservedAdopted;
  private ReserveReason reservedFor;

  // Values MySQL keeps per connection and Sluice answers from the session.
  private long lastInsertId;
  private long rowCount = -1;
  private long foundRows;

  private boolean closed;
  /** When the reserved connection last did something, for the keep-alive. */
  private volatile long reservedUsedNanos;
  /** The keep-alive found the reserved connection dead; the next statement must say so. */
  private boolean reservedDead;

  Session(Tablet tablet, SessionContext context) {
    this.tablet = tablet;
    this.context = context;
    this.defaults = tablet.defaults();
    this.autoCommit = defaults.autoCommit();
    this.isolation = defaults.transactionIsolation();
    this.readOnly = defaults.readOnly();
    this.catalog = defaults.catalog();
    this.schema = defaults.schema();
    this.holdability = defaults.holdability();
    this.networkTimeout = defaults.networkTimeout();
    context.metrics().openSessions.incrementAndGet();
  }

  SessionContext context() {
    return context;
  }

  Tablet tablet() {
    return tablet;
  }

  // ---------------------------------------------------------------- statements

  /**
   * The physical connection for a statement with this plan, reserving or opening a transaction
   * first where the plan asks for it. Call with {@link #lock} held, and hand the lease back to
   * {@link #afterStatement}.
   */
  Lease acquire(StatementPlan plan) throws SQLException {
    ensureOpen();
    if (reservedDead) {
      throw reservationLost(null);
    }
    ReserveReason reason = plan.reserveReason();
    if (reason != null && reserved == null) {
      reserve(reason, plan.digest());
    }
    Lease held = held();
    if (held != null) {
      if (held.kind() == Lease.Kind.RESERVED) {
        reservedUsedNanos = System.nanoTime();
      }
      return held;
    }
    if (!autoCommit || plan.kind() == StatementKind.BEGIN) {
      return new Lease(beginTransaction(), Lease.Kind.TRANSACTION);
    }
    return borrowPooled();
  }

  /** A connection with the session's state, for work that is not a statement of the app. */
  Lease acquireForMetadata() throws SQLException {
    ensureOpen();
    Lease held = held();
    return held != null ? held : borrowPooled();
  }

  /** The connection the session holds between statements, if any: reserved, else transaction. */
  private Lease held() {
    if (reserved != null) {
      return new Lease(reserved, Lease.Kind.RESERVED);
    }
    return transaction != null ? new Lease(transaction, Lease.Kind.TRANSACTION) : null;
  }

  private Lease borrowPooled() throws SQLException {
    Connection pooled = tablet.borrow();
    try {
      applyState(pooled);
    } catch (SQLException | RuntimeException e) {
      pooled.close();
      throw e;
    }
    return new Lease(pooled, Lease.Kind.POOLED);
  }

  private Connection beginTransaction() throws SQLException {
    Connection connection = tablet.borrowForTransaction();
    try {
      applyState(connection);
      if (!autoCommit) {
        connection.setAutoCommit(false);
      }
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    transaction = connection;
    return connection;
  }

  /**
   * Gives a connection of its own to this session until it closes. Inside a transaction, the
   * transaction's connection becomes the reserved one: the transaction's state is already there.
   */
  private void reserve(ReserveReason reason, String cause) throws SQLException {
    if (transaction != null) {
      tablet.adoptAsReserved();
      reserved = transaction;
      reservedAdopted = true;
      transaction = null;
    } else {
      Connection connection = tablet.openReserved();
      try {
        applyState(connection);
        if (!autoCommit) {
          connection.setAutoCommit(false);
        }
      } catch (SQLException | RuntimeException e) {
        tablet.closeReserved(connection, false);
        throw e;
      }
      reserved = connection;
      reservedAdopted = false;
    }
    reservedFor = reason;
    reservedUsedNanos = System.nanoTime();
    context.metrics().reserved(reason);
    context.keepalive().watch(this);
    log.debug("session reserved a connection on {}: {} ({})", tablet.name(), reason, cause);
  }

  /** Puts the session's JDBC state on a physical connection that starts from the defaults. */
  private void applyState(Connection physical) throws SQLException {
    if (isolation != defaults.transactionIsolation()) {
      physical.setTransactionIsolation(isolation);
    }
    if (readOnly != defaults.readOnly()) {
      physical.setReadOnly(readOnly);
    }
    if (!Objects.equals(catalog, defaults.catalog())) {
      physical.setCatalog(catalog);
    }
    if (!Objects.equals(schema, defaults.schema())) {
      physical.setSchema(schema);
    }
    if (networkTimeout != defaults.networkTimeout()) {
      physical.setNetworkTimeout(networkTimeoutExecutor, networkTimeout);
    }
    if (!clientInfo.isEmpty()) {
      physical.setClientInfo(clientInfo);
    }
  }

  /**
   * Ends a statement's use of its lease: returns a pooled connection (or evicts it), ends the
   * transaction when the statement ended it, and keeps what the session keeps.
   *
   * @param succeeded whether the statement completed without an exception
   * @param evict return nothing to the pool: the connection's state is unknown
   */
  void afterStatement(StatementPlan plan, Lease lease, boolean succeeded, boolean evict) {
    switch (lease.kind()) {
      case POOLED -> release(lease.physical(), evict, false);
      case TRANSACTION -> {
        if (evict || (succeeded ? endsTransaction(plan) : false)) {
          endTransaction(evict);
        } else if (succeeded && plan.kind() == StatementKind.BEGIN) {
          explicitTransaction = true;
        }
      }
      case RESERVED -> {
        if (succeeded) {
          if (plan.kind() == StatementKind.BEGIN) {
            explicitTransaction = true;
          } else if (endsTransaction(plan)) {
            explicitTransaction = false;
          }
        }
      }
    }
  }

  /**
   * Whether a statement that just succeeded on the transaction's connection ended the
   * transaction: COMMIT or ROLLBACK (without AND CHAIN), or a statement that commits implicitly
   * inside a transaction begun with BEGIN (with auto-commit off, MySQL opens the next transaction
   * at the next statement, on this connection).
   */
  private boolean endsTransaction(StatementPlan plan) {
    StatementKind kind = plan.kind();
    if (kind == StatementKind.COMMIT || kind == StatementKind.ROLLBACK) {
      return !plan.has(StatementPlan.CHAIN_OR_RELEASE);
    }
    return explicitTransaction
        && autoCommit
        && kind != StatementKind.BEGIN
        && plan.has(StatementPlan.IMPLICIT_COMMIT);
  }

  private void endTransaction(boolean evict) {
    Connection connection = transaction;
    transaction = null;
    explicitTransaction = false;
    if (connection != null) {
      release(connection, evict, true);
    }
  }

  private void release(Connection physical, boolean evict, boolean fromTransactionPool) {
    if (evict) {
      tablet.evict(physical, fromTransactionPool);
      return;
    }
    try {
      if (!clientInfo.isEmpty()) {
        physical.setClientInfo(new Properties());
      }
      physical.close();
    } catch (SQLException e) {
      tablet.evict(physical, fromTransactionPool);
    }
  }

  /** Records what MySQL would now answer for LAST_INSERT_ID(), ROW_COUNT() and FOUND_ROWS(). */
  void recordOutcome(long insertId, long updateCount, long rowsReturned) {
    if (insertId != 0 && insertId != -1) {
      lastInsertId = insertId;
    }
    rowCount = updateCount;
    if (rowsReturned >= 0) {
      foundRows = rowsReturned;
    }
  }

  /** Takes the values the server reports after a statement whose effect Sluice cannot see. */
  void resyncOutcome(long serverLastInsertId, long serverFoundRows) {
    lastInsertId = serverLastInsertId;
    foundRows = serverFoundRows;
  }

  @Override
  public long lastInsertId() {
    return lastInsertId;
  }

  @Override
  public long rowCount() {
    return rowCount;
  }

  @Override
  public long foundRows() {
    return foundRows;
  }

  // ---------------------------------------------------------------- transactions

  boolean autoCommit() {
    return autoCommit;
  }

  void setAutoCommit(boolean value) throws SQLException {
    ensureOpen();
    boolean switchedOn = value && !autoCommit;
    Connection bound = bound();
    if (bound != null) {
      bound.setAutoCommit(value);
    }
    autoCommit = value;
    if (switchedOn) {
      // Switching auto-commit on commits the open transaction, as JDBC and MySQL say; setting it
      // to the value it already has changes nothing, not even a transaction begun with BEGIN.
      explicitTransaction = false;
      if (transaction != null) {
        endTransaction(false);
      }
    }
  }

  void commit() throws SQLException {
    ensureOpen();
    if (autoCommit) {
      runOnPooled(Connection::commit);
      return;
    }
    if (reserved != null) {
      reserved.commit();
    } else if (transaction != null) {
      transaction.commit();
      endTransaction(false);
    }
    explicitTransaction = false;
  }

  void rollback() throws SQLException {
    ensureOpen();
    if (autoCommit) {
      runOnPooled(Connection::rollback);
      return;
    }
    if (reserved != null) {
      reserved.rollback();
    } else if (transaction != null) {
      try {
        transaction.rollback();
      } finally {
        endTransaction(false);
      }
    }
    explicitTransaction = false;
  }

  /** The connection holding the open transaction, opening one if needed (for savepoints). */
  Connection transactionConnection() throws SQLException {
    ensureOpen();
    Connection bound = bound();
    if (bound != null || autoCommit) {
      return bound;
    }
    return beginTransaction();
  }

  /**
   * Calls a method on a pooled connection in the tablet's default state, for the calls whose
   * only effect is Connector/J's own exception (commit with auto-commit on, invalid arguments):
   * the app then gets exactly the driver's error.
   */
  <T> T reproduceOnPooled(PhysicalCall<T> call) throws SQLException {
    try (Connection pooled = tablet.borrow()) {
      return call.apply(pooled);
    }
  }

  /** {@link #reproduceOnPooled} for a call that returns nothing. */
  void runOnPooled(PhysicalAction action) throws SQLException {
    try (Connection pooled = tablet.borrow()) {
      action.apply(pooled);
    }
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

  // ---------------------------------------------------------------- JDBC-visible state

  int isolation() throws SQLException {
    Connection bound = bound();
    return bound != null ? bound.getTransactionIsolation() : isolation;
  }

  void setIsolation(int level) throws SQLException {
    ensureOpen();
    Connection bound = bound();
    if (bound != null) {
      bound.setTransactionIsolation(level);
    } else if (!isValidIsolation(level)) {
      runOnPooled(c -> c.setTransactionIsolation(level));
    }
    isolation = level;
  }

  private static boolean isValidIsolation(int level) {
    return level == Connection.TRANSACTION_READ_UNCOMMITTED
        || level == Connection.TRANSACTION_READ_COMMITTED
        || level == Connection.TRANSACTION_REPEATABLE_READ
        || level == Connection.TRANSACTION_SERIALIZABLE;
  }

  boolean readOnly() throws SQLException {
    Connection bound = bound();
    return bound != null ? bound.isReadOnly() : readOnly;
  }

  void setReadOnly(boolean value) throws SQLException {
    ensureOpen();
    Connection bound = bound();
    if (bound != null) {
      bound.setReadOnly(value);
    }
    readOnly = value;
  }

  String catalog() throws SQLException {
    Connection bound = bound();
    return bound != null ? bound.getCatalog() : catalog;
  }

  /**
   * Changes the session's default database. MySQL validates the name ({@code USE} fails for an
   * unknown database), so the change is made on a physical connection first, as Connector/J
   * makes it, and kept only if it succeeds.
   */
  void setCatalog(String value) throws SQLException {
    ensureOpen();
    Connection bound = bound();
    if (bound != null) {
      bound.setCatalog(value);
    } else if (!Objects.equals(value, catalog)) {
      runOnPooled(c -> c.setCatalog(value));
    }
    catalog = value;
  }

  String schema() throws SQLException {
    Connection bound = bound();
    return bound != null ? bound.getSchema() : schema;
  }

  void setSchema(String value) throws SQLException {
    ensureOpen();
    Connection bound = bound();
    if (bound != null) {
      bound.setSchema(value);
    } else if (!Objects.equals(value, schema)) {
      runOnPooled(c -> c.setSchema(value));
    }
    schema = value;
  }

  int holdability() {
    return holdability;
  }

  void setHoldability(int value) throws SQLException {
    ensureOpen();
    Connection bound = bound();
    if (bound != null) {
      bound.setHoldability(value);
    }
    holdability = value;
  }

  int networkTimeout() {
    return networkTimeout;
  }

  void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    ensureOpen();
    Connection bound = bound();
    if (bound != null) {
      bound.setNetworkTimeout(executor, milliseconds);
    } else if (milliseconds < 0) {
      runOnPooled(c -> c.setNetworkTimeout(executor, milliseconds));
    }
    networkTimeoutExecutor = executor;
    networkTimeout = milliseconds;
  }

  Properties clientInfo() {
    Properties copy = new Properties();
    copy.putAll(clientInfo);
    return copy;
  }

  void setClientInfo(Properties properties) {
    Properties copy = new Properties();
    if (properties != null) {
      copy.putAll(properties);
    }
    clientInfo = copy;
  }

  void setClientInfo(String name, String value) {
    Properties copy = clientInfo();
    if (value == null) {
      copy.remove(name);
    } else {
      copy.setProperty(name, value);
    }
    clientInfo = copy;
  }

  /** The connection the session holds between statements, if any: reserved, else transaction. */
  private Connection bound() {
    return reserved != null ? reserved : transaction;
  }

  /**
   * The session's reserved connection, reserving one for this reason if it has none: for the
   * escape hatches that must hand out a physical object (unwrapping to a driver type, callable
   * statements).
   *
   * @param cause what asked for it, for operators: a statement digest or a JDBC call, never values
   */
  Connection reservedConnection(ReserveReason reason, String cause) throws SQLException {
    ensureOpen();
    if (reserved == null) {
      reserve(reason, cause);
    }
    return reserved;
  }

  boolean isReserved() {
    return reserved != null;
  }

  // ---------------------------------------------------------------- lifecycle

  void ensureOpen() throws SQLException {
    if (closed) {
      throw DriverErrors.connectionClosed();
    }
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
    context.metrics().openSessions.decrementAndGet();
    if (transaction != null) {
      endTransaction(!rollBack(transaction));
    }
    endReservation();
  }

  /**
   * Closes the reserved connection, if any, and stops counting and pinging it: its server-side
   * state must die with it.
   */
  private void endReservation() {
    Connection connection = reserved;
    reserved = null;
    reservedDead = false;
    if (connection != null) {
      context.metrics().reservedSessions.decrementAndGet();
      context.keepalive().forget(this);
      tablet.closeReserved(connection, reservedAdopted);
    }
  }

  /**
   * Rolls back whatever transaction a connection may hold, begun by auto-commit off or by BEGIN.
   *
   * @return false when the rollback failed: the connection's state is then unknown
   */
  private boolean rollBack(Connection connection) {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      } else if (explicitTransaction) {
        try (java.sql.Statement statement = connection.createStatement()) {
          statement.execute("ROLLBACK");
        }
      }
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Pings the reserved connection if it has been idle this long and the session is not running
   * a statement; called by {@link ReservedKeepalive}. A failed ping marks the reservation dead:
   * the session's next statement reports it ({@link #reservationLost}).
   */
  void pingReservedIfIdle(long idleNanos) {
    if (System.nanoTime() - reservedUsedNanos < idleNanos || !lock.tryLock()) {
      return;
    }
    try {
      if (reserved != null && !closed) {
        reservedDead = !reserved.isValid(5);
        reservedUsedNanos = System.nanoTime();
      }
    } catch (SQLException e) {
      // isValid does not throw for a dead connection; a negative timeout is not passed.
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends a reservation whose connection died, and says so: the server-side state the session
   * kept there (temporary tables, locks, variables, an open transaction) is gone. The session
   * goes on only after the application has seen this error, on fresh connections; it is never
   * silently reserved again with the state missing.
   *
   * @param cause the driver's exception, or null when the keep-alive found the connection dead
   */
  SQLException reservationLost(SQLException cause) {
    ReserveReason reason = reservedFor;
    endReservation();
    explicitTransaction = false;
    return new SQLNonTransientConnectionException(
        "Sluice: this session's reserved connection to "
            + tablet.name()
            + " was lost"
            + (reason == null ? "" : " (reserved for: " + reason.description() + ")")
            + "; its temporary tables, locks, open transaction and session state are gone."
            + " The session continues on fresh connections."
            + (cause == null ? "" : " Cause: " + cause.getMessage()),
        "08S01",
        cause == null ? 0 : cause.getErrorCode(),
        cause);
  }

  ReserveReason reservedFor() {
    return reservedFor;
  }
}
