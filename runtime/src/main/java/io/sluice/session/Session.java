package io.sluice.session;

import io.sluice.pinning.Reservation;
import io.sluice.sql.LexerMode;
import io.sluice.sql.PlanCache;
import io.sluice.sql.ReserveReason;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.sql.VariableRead;
import io.sluice.tablet.Carried;
import io.sluice.tablet.JdbcDefaults;
import io.sluice.tablet.LentFor;
import io.sluice.tablet.Physical;
import io.sluice.tablet.Tablet;
import io.sluice.vars.Settings;
import io.sluice.vars.SqlModes;
import io.sluice.vars.UserValue;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
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
 * it differs from what that connection carries: auto-commit, isolation and read-only stay on an
 * idle connection, which the pool keys by them ({@link Carried}); the rest only where it differs
 * from the tablet's defaults, and a connection that had it goes back through HikariCP, which
 * resets it.
 *
 * <p>Like Connector/J's connection, a session runs one statement at a time: {@link #lock} is held
 * around each execution and each change of state.
 */
final class Session implements io.sluice.sql.SessionValues {
  private static final Logger log = LoggerFactory.getLogger(Session.class);
  private static final Properties NO_CLIENT_INFO = new Properties();
  /**
   * Runs Connector/J's change of a physical connection's socket timeout at once. On the
   * application's executor the change would wait for the connection's lock, held by the statement
   * it should time out, and the executor is the application's, which may shut it down while the
   * connection lives on in the pool.
   */
  private static final Executor IN_PLACE = Runnable::run;

  private final ReentrantLock lock = new ReentrantLock();
  private final Tablet tablet;
  private final SessionContext context;
  private final JdbcDefaults defaults;

  // JDBC-visible state, the session's own; applied to whichever physical serves it.
  private boolean autoCommit;
  private int isolation;
  private boolean readOnly;
  /** The database the session's statements run in: changed by USE as by setCatalog. */
  private String catalog;
  /**
   * What the application's driver would answer for getCatalog(): the last setCatalog, or the URL's
   * database. Connector/J never learns of a USE in SQL.
   */
  private String driverCatalog;
  private String schema;
  private int holdability;
  private int networkTimeout;
  /** Replaced, never changed in place: sessions share the empty one until they set any. */
  private Properties clientInfo = NO_CLIENT_INFO;

  // MySQL session state kept here: system variables changed from the tablet's baseline, user
  // variables, and the plans for the sql_mode the session lexes under.
  private Settings settings = Settings.NONE;
  private Map<String, UserValue> userVariables = Map.of();
  private PlanCache plans;

  // Physical bindings.
  private Connection transaction;
  /** The settings the transaction's connection carries. */
  private Settings transactionApplied = Settings.NONE;
  /**
   * The JDBC-state variables (the transaction characteristics) the application set with SQL on
   * the transaction's connection: put back to the baseline with SQL on release.
   */
  private Set<String> transactionSetBySql = Set.of();
  private boolean explicitTransaction;
  /**
   * A cancel or query timeout hit the transaction's connection: Connector/J's {@code KILL QUERY}
   * may still be on its way (its timer thread is not awaited), so when the transaction ends the
   * connection is closed, never handed to another session. Until then it stays with the
   * transaction, as on the application's own connection, where MySQL left the transaction open.
   */
  private boolean transactionCancelled;
  private Connection reserved;
  /** Every reason the session gave to need its reserved connection, while it holds it. */
  private final java.util.EnumSet<ReserveReason> reservedReasons =
      java.util.EnumSet.noneOf(ReserveReason.class);
  /** The temporary tables the session created on its reserved connection, by name as written. */
  private List<String> temporaryTables = List.of();
  /** Where the reserved connection came from, which decides how it is closed. */
  private Tablet.Origin reservedOrigin;
  private ReserveReason reservedFor;
  private Reservation reservation;

  // Values MySQL keeps per connection and Sluice answers from the session.
  private long lastInsertId;
  private long rowCount = -1;
  private long foundRows;
  /**
   * Results still open on the transaction's connection (streamed, cursor, updatable): while any
   * is, that connection cannot wait idle for another session when the transaction ends, so it is
   * closed then, and those results with it.
   */
  private int resultsOpenOnTransaction;

  /** A loss not reported as closing the connection yet: see {@link #reportLoss}. */
  private SQLException lostOpen;

  /** CONNECTION_ID() of this session, for its whole life ({@link SessionIds}). */
  private final long connectionId;
  /** The diagnostics area of the session's previous statement. */
  private Diagnostics diagnostics = Diagnostics.NONE;
  /** The statement executing now, which a KILL from another session interrupts. */
  volatile LogicalStatement executing;
  /** A KILL [CONNECTION] of this session: it ends, as a killed MySQL connection does. */
  private volatile boolean killed;
  /** The application has seen the connection failure that the kill means. */
  private boolean killReported;

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
    this.driverCatalog = catalog;
    this.schema = defaults.schema();
    this.holdability = defaults.holdability();
    this.networkTimeout = defaults.networkTimeout();
    this.plans = tablet.plans();
    this.foundRows = tablet.foundRowsOnConnect();
    this.connectionId = SessionIds.register(this);
    context.metrics().openSessions.incrementAndGet();
  }

  SessionContext context() {
    return context;
  }

  Tablet tablet() {
    return tablet;
  }

  // ---------------------------------------------------------------- statements

  /** The plans of this session's statements, read under its sql_mode. */
  PlanCache plans() {
    return plans;
  }

  /**
   * The physical connection for a statement with this plan, reserving or opening a transaction
   * first where the plan asks for it, and carrying the session's settings. Call with {@link #lock}
   * held, and hand the lease back to {@link #afterStatement}.
   */
  Lease acquire(StatementPlan plan) throws SQLException {
    return acquire(plan, true);
  }

  /**
   * {@link #acquire(StatementPlan)}; with {@code hints} false the connection itself carries the
   * session's settings (for texts that cannot take hints, such as a batch's).
   */
  Lease acquire(StatementPlan plan, boolean hints) throws SQLException {
    ensureOpen();
    if (reservedDead) {
      throw reservationLost(null);
    }
    if (reserved == null) {
      ReserveReason reason = plan.reserveReason();
      if (reason == null) {
        reason = reasonToReserve(plan);
      }
      if (reason != null) {
        reserve(reason, plan.digest());
      }
    } else if (plan.reserveReason() != null) {
      reservedReasons.add(plan.reserveReason());
    }
    if (reserved != null) {
      reservedUsedNanos = System.nanoTime();
      return new Lease(reserved, Lease.Kind.RESERVED, settings, null);
    }
    StatementPlan hinted = hints ? plan : null;
    if (transaction != null) {
      return transactionLease(hinted);
    }
    if (!autoCommit || plan.kind() == StatementKind.BEGIN) {
      beginTransaction();
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
        UserValue value = userVariables.get(read.name());
        if (value != null && !value.substitutable()) {
          return ReserveReason.USER_VARIABLE;
        }
      }
    }
    if (!settings.isEmpty()
        && !context.config().settingsPoolEnabled()
        && !ridesAsHints(plan)) {
      return ReserveReason.SETTINGS;
    }
    return null;
  }

  /** A connection with the session's state, for work that is not a statement of the app. */
  Lease acquireForMetadata() throws SQLException {
    ensureOpen();
    settleDiagnostics();
    if (reserved != null) {
      return new Lease(reserved, Lease.Kind.RESERVED, settings, null);
    }
    return transaction != null ? transactionLease(null) : borrowPooled(null);
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
      if (!Objects.equals(driverCatalog, catalog)) {
        lease.physical().setCatalog(driverCatalog);
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
      if (!Objects.equals(driverCatalog, catalog)) {
        lease.physical().setCatalog(catalog);
      }
      restored = true;
    } finally {
      if (lease.pooled()) {
        givePooledBack(lease, !restored);
      }
    }
  }

  private Lease transactionLease(StatementPlan plan) throws SQLException {
    Lease lease = carrying(transaction, Lease.Kind.TRANSACTION, transactionApplied, plan);
    transactionApplied = lease.applied;
    return lease;
  }

  /**
   * A pooled connection for one statement: a clean one when every setting of the session rides on
   * the statement as a hint, otherwise one carrying the session's settings, from the settings
   * pool.
   */
  private Lease borrowPooled(StatementPlan plan) throws SQLException {
    boolean hinted = ridesAsHints(plan);
    Settings want = hinted ? Settings.NONE : settings;
    Carried carried = pooledState(want);
    Connection pooled = tablet.borrow(LentFor.STATEMENT, carried);
    try {
      applyState(pooled);
    } catch (SQLException | RuntimeException e) {
      tablet.evict(LentFor.STATEMENT, pooled);
      throw e;
    }
    Lease lease = new Lease(pooled, Lease.Kind.POOLED, want, hinted ? hints(plan) : null);
    lease.borrowed = carried;
    return lease;
  }

  /** What a pooled connection serving the session must carry: auto-commit on, always. */
  private Carried pooledState(Settings carried) {
    return new Carried(carried, true, isolation, readOnly);
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
    if (applied.equals(settings)) {
      return new Lease(physical, kind, applied, null);
    }
    if (applied.isEmpty() && ridesAsHints(plan)) {
      return new Lease(physical, kind, applied, hints(plan));
    }
    settleDiagnostics();
    Physical.run(physical, settings.changeFrom(applied));
    return new Lease(physical, kind, settings, null);
  }

  /**
   * The session's settings as hints for this statement, beside the statement's own; on MariaDB as
   * the {@code SET STATEMENT ... FOR} prefix.
   */
  private String hints(StatementPlan plan) {
    context.metrics().setVarRewrites.increment();
    if (tablet.hintsAsStatementPrefix()) {
      return settings.statementPrefix();
    }
    String own = plan.hintComment();
    return own == null ? settings.hints() : settings.hintsBeside(own);
  }

  private boolean ridesAsHints(StatementPlan plan) {
    return plan != null && plan.hintOffset() >= 0 && settings.hints() != null;
  }

  /**
   * The text to send for a statement on its lease: the session's values spliced in, its hints
   * added, and for SET the user variables it assigns renamed to Sluice's own (see {@link
   * SetAbsorber}).
   */
  String textFor(StatementPlan plan, Lease lease, String sql) {
    java.util.List<String> targets =
        plan.userVariableTargets().isEmpty() || lease.kind() == Lease.Kind.RESERVED
            ? null
            : SetAbsorber.temporaryNames(plan);
    if (lease.hints == null && targets == null) {
      return plan.needsRewrite() ? plan.rewrite(this) : sql;
    }
    boolean prefix = lease.hints != null && tablet.hintsAsStatementPrefix();
    return plan.rewrite(this, prefix ? null : lease.hints, prefix ? lease.hints : null, targets);
  }

  /**
   * Borrows the transaction's connection, carrying the session's auto-commit, isolation and
   * read-only mode, and its settings unless they all ride on statements as hints: after the first
   * transaction, a session that keeps them finds an idle connection carrying them, and MySQL runs
   * no statement of Sluice's for them.
   */
  private void beginTransaction() throws SQLException {
    Settings carried = settings.hints() != null ? Settings.NONE : settings;
    Connection connection =
        tablet.borrow(LentFor.TRANSACTION, new Carried(carried, autoCommit, isolation, readOnly));
    try {
      applyState(connection);
    } catch (SQLException | RuntimeException e) {
      tablet.evict(LentFor.TRANSACTION, connection);
      throw e;
    }
    transaction = connection;
    transactionApplied = carried;
  }

  /**
   * Gives a connection of its own to this session until it closes. Inside a transaction, the
   * transaction's connection becomes the reserved one: the transaction's state is already there.
   */
  private void reserve(ReserveReason reason, String cause) throws SQLException {
    settleDiagnostics();
    if (transaction != null) {
      tablet.adoptAsReserved(Tablet.Origin.TRANSACTION_POOL);
      Connection connection = transaction;
      Settings applied = transactionApplied;
      transaction = null;
      transactionApplied = Settings.NONE;
      transactionSetBySql = Set.of(); // it is never returned now
      transactionCancelled = false; // a reserved connection is closed when it ends
      reserved = connection;
      reservedOrigin = Tablet.Origin.TRANSACTION_POOL;
      try {
        moveStateTo(connection, applied);
      } catch (SQLException | RuntimeException e) {
        endReservation();
        throw e;
      }
    } else {
      Connection connection = tablet.openReserved();
      try {
        applyState(connection);
        Carried.clean(defaults)
            .changeTo(connection, new Carried(Settings.NONE, autoCommit, isolation, readOnly));
        moveStateTo(connection, Settings.NONE);
      } catch (SQLException | RuntimeException e) {
        tablet.closeReserved(connection, Tablet.Origin.OPENED);
        throw e;
      }
      reserved = connection;
      reservedOrigin = Tablet.Origin.OPENED;
    }
    reserved(reason, cause);
  }

  private void reserved(ReserveReason reason, String cause) {
    reservedFor = reason;
    reservedReasons.add(reason);
    reservedUsedNanos = System.nanoTime();
    context.metrics().reserved(reason);
    reservation = context.pinning().reserved(reason, tablet.name(), cause);
    context.keepalive().watch(this);
    log.debug("session reserved a connection on {}: {} ({})", tablet.name(), reason, cause);
  }

  /**
   * Puts the session's settings and user variables on a connection that becomes its reserved
   * one: from then on they live there, as on the application's own connection.
   */
  private void moveStateTo(Connection connection, Settings applied) throws SQLException {
    String change = settings.changeFrom(applied);
    if (change != null) {
      Physical.run(connection, change);
    }
    if (!userVariables.isEmpty()) {
      StringBuilder replay = new StringBuilder("SET ");
      userVariables.forEach(
          (name, value) ->
              replay
                  .append(replay.length() > 4 ? ", " : "")
                  .append(quotedVariable(name))
                  .append(" = ")
                  .append(value.assignment()));
      Physical.run(connection, replay.toString());
    }
  }

  /** {@code @`name`}: a user variable by any name, as an identifier. */
  static String quotedVariable(String name) {
    return "@`" + name.replace("`", "``") + "`";
  }

  /**
   * Puts the session's JDBC state that the pool does not key (catalog, schema, network timeout,
   * client info) on a physical connection that starts from the defaults.
   */
  private void applyState(Connection physical) throws SQLException {
    if (!Objects.equals(catalog, defaults.catalog())) {
      physical.setCatalog(catalog);
    }
    if (!Objects.equals(schema, defaults.schema())) {
      physical.setSchema(schema);
    }
    if (networkTimeout != defaults.networkTimeout()) {
      physical.setNetworkTimeout(IN_PLACE, networkTimeout);
    }
    if (!clientInfo.isEmpty()) {
      physical.setClientInfo(clientInfo);
    }
  }

  /**
   * Whether the session's JDBC state that the pool does not key is the tablet's default, so that
   * a connection it used can wait in the pool as it is (HikariCP resets the rest when a
   * connection comes back).
   */
  private boolean hasDefaultState() {
    return Objects.equals(catalog, defaults.catalog())
        && Objects.equals(schema, defaults.schema())
        && networkTimeout == defaults.networkTimeout()
        && clientInfo.isEmpty();
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
      case POOLED -> givePooledBack(lease, evict);
      case TRANSACTION -> {
        // A lost connection has ended the transaction already (connectionLost); any other reason
        // to evict is a KILL QUERY that may still come, and MySQL keeps the transaction.
        transactionCancelled |= evict && transaction == lease.physical();
        if (succeeded && endsTransaction(plan)) {
          endTransaction(false);
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
          if (plan.temporaryTable() != null) {
            temporaryTables = new ArrayList<>(temporaryTables);
            temporaryTables.add(plan.temporaryTable());
          }
          if (context.config().releaseReservedWhenClean()) {
            releaseIfClean();
          }
        }
      }
    }
  }

  /** The reasons {@code release_reserved_when_clean} can prove gone; the others keep it. */
  private static final java.util.Set<ReserveReason> RELEASABLE =
      java.util.EnumSet.of(
          ReserveReason.LOCK,
          ReserveReason.TEMPORARY_TABLE,
          ReserveReason.SETTINGS,
          ReserveReason.USER_VARIABLE);

  /**
   * The reserved connection died after a statement on it had succeeded: the session's next
   * statement reports it ({@link #reservationLost}), as when the keep-alive finds it dead.
   */
  void reservedConnectionDied() {
    reservedDead = true;
  }

  /**
   * The reserved connection's state Sluice did not see (the server's tracker reported a change
   * it did not predict): the reservation can no longer be proved clean.
   */
  void reservedStateUnseen() {
    if (reserved != null) {
      reservedReasons.add(ReserveReason.UNTRACKED_STATE);
    }
  }

  /**
   * Gives the reserved connection back once MySQL shows that nothing of the session remains on
   * it ({@link CleanReservation}), outside any transaction, and when nothing the session holds
   * would reserve again at once.
   */
  private void releaseIfClean() {
    if (!autoCommit
        || explicitTransaction
        || !RELEASABLE.containsAll(reservedReasons)
        || (!settings.isEmpty()
            && !context.config().settingsPoolEnabled()
            && settings.hints() == null)) {
      return;
    }
    settleDiagnostics();
    java.util.Map<String, UserValue> variables =
        CleanReservation.userVariablesIfClean(tablet, reserved, temporaryTables);
    if (variables == null) {
      return;
    }
    userVariables = variables.isEmpty() ? Map.of() : new HashMap<>(variables);
    log.debug("session released its reserved connection on {}: nothing of it remains", tablet.name());
    endReservation();
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
    settleDiagnostics(); // the connection goes back, and its diagnostics area with it
    boolean resultsOpen = resultsOpenOnTransaction > 0;
    resultsOpenOnTransaction = 0;
    Connection connection = transaction;
    Settings applied = transactionApplied;
    Set<String> setBySql = transactionSetBySql;
    boolean killMayCome = transactionCancelled;
    transaction = null;
    transactionApplied = Settings.NONE;
    transactionSetBySql = Set.of();
    explicitTransaction = false;
    transactionCancelled = false;
    if (connection != null) {
      release(connection, evict || killMayCome || resultsOpen, applied, setBySql);
    }
  }

  /** A result stays open on its lease's connection until the application closes it. */
  void resultAttached(Lease lease) {
    if (lease.physical() == transaction) {
      resultsOpenOnTransaction++;
    }
  }

  /** The application closed a result {@link #resultAttached} counted, if its transaction lasts. */
  void attachedResultClosed(Lease lease) {
    if (lease.physical() == transaction && resultsOpenOnTransaction > 0) {
      resultsOpenOnTransaction--;
    }
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
      return reservationLost(e);
    }
    if (transaction == lease.physical()) {
      endTransaction(true);
    }
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

  /**
   * Returns a pooled connection with what it carries, to wait idle in the pool as it is, or
   * through HikariCP, which resets the rest; evicts it when neither can be done.
   */
  private void givePooledBack(Lease lease, boolean evict) {
    Connection physical = lease.physical();
    if (evict) {
      tablet.evict(LentFor.STATEMENT, physical);
      return;
    }
    try {
      boolean defaultState = hasDefaultState();
      if (!clientInfo.isEmpty()) {
        physical.setClientInfo(new Properties());
      }
      Carried carried = lease.borrowed.with(lease.applied);
      tablet.giveBack(LentFor.STATEMENT, physical, carried, defaultState);
    } catch (SQLException e) {
      tablet.evict(LentFor.STATEMENT, physical);
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
      if (!clientInfo.isEmpty()) {
        physical.setClientInfo(new Properties());
      }
      tablet.giveBack(
          LentFor.TRANSACTION,
          physical,
          new Carried(applied, autoCommit, isolation, readOnly),
          setBySql.isEmpty() && hasDefaultState());
    } catch (SQLException e) {
      tablet.evict(LentFor.TRANSACTION, physical);
    }
  }

  /**
   * Records what MySQL would now answer for LAST_INSERT_ID(), ROW_COUNT() and FOUND_ROWS() after a
   * statement of {@code kind} that succeeded.
   */
  void recordOutcome(StatementKind kind, long insertId, long updateCount, long rowsReturned) {
    if (insertId != 0 && insertId != -1) {
      lastInsertId = insertId;
    }
    rowCount = updateCount;
    foundRows = FoundRows.after(kind, true, foundRows, updateCount, rowsReturned);
  }

  /** Records what a statement of {@code kind} that the server failed leaves: ROW_COUNT() is -1. */
  void recordFailure(StatementKind kind) {
    rowCount = -1;
    foundRows = FoundRows.after(kind, false, foundRows, -1, -1);
  }

  /**
   * Records that the application's driver asked the server a variable's value, as it asks whether
   * the transaction is read-only before a statement ({@link DriverVerdicts#asksReadOnly}): a
   * one-row SELECT, after which FOUND_ROWS() is 1 and ROW_COUNT() -1 for a statement that leaves
   * them.
   */
  void driverSelectedOneRow() {
    foundRows = 1;
    rowCount = -1;
  }

  /**
   * Records that the application's driver ran a SET before a statement (Connector/J's {@code SET
   * net_write_timeout} before a streamed one): ROW_COUNT() is 0 after it, and the diagnostics
   * area empty.
   */
  void driverRanSet() {
    rowCount = 0;
    ranStatement();
  }

  /**
   * A JDBC getter of this variable: Connector/J answers it with a one-row SELECT of the variable
   * while the connection is open, unless it keeps its own view of it.
   */
  private void asksServer(String variable) {
    if (!closed && !tablet.driverKeepsOwnView(variable)) {
      driverSelectedOneRow();
    }
  }

  /** Takes LAST_INSERT_ID() as the connection reports it after an insert. */
  void insertIdRead(long serverLastInsertId) {
    lastInsertId = serverLastInsertId;
  }

  /** Takes the values the server reports after a statement whose effect Sluice cannot see. */
  void serverHistory(ServerHistory read, long[] values) {
    switch (read) {
      case EVERYTHING -> {
        lastInsertId = values[0];
        foundRows = values[1];
        rowCount = values[2];
      }
      case LAST_INSERT_ID -> lastInsertId = values[0];
      case FOUND_ROWS, FOUND_ROWS_MAYBE -> foundRows = values[0];
      case COUNTS -> {
        foundRows = values[0];
        rowCount = values[1];
      }
    }
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

  @Override
  public long connectionId() {
    return connectionId;
  }

  @Override
  public long warningCount() {
    return diagnostics.warningCount();
  }

  @Override
  public long errorCount() {
    return diagnostics.errorCount();
  }

  Diagnostics diagnostics() {
    return diagnostics;
  }

  /** The diagnostics area the session's statement just left. */
  void diagnostics(Diagnostics next) {
    diagnostics = next;
  }

  /**
   * Reads the previous statement's warnings where they are still pending on the connection the
   * session holds ({@link Diagnostics#pending}): something other than the application's next
   * statement is about to run there, or the connection goes back.
   */
  void settleDiagnostics() {
    diagnostics.settle();
  }

  /**
   * Whether the previous statement's warnings are still pending on the connection the session
   * holds, where its next statement runs: a SHOW WARNINGS can read them there itself.
   */
  boolean diagnosticsPendingOnHeld() {
    Connection held = held();
    return held != null && diagnostics.pendingOn(held);
  }

  /** The connection the session holds between statements, if any: reserved, else transaction. */
  Connection held() {
    return reserved != null ? reserved : transaction;
  }

  /**
   * The literal for a read of {@code @name}. On a reserved connection the variables live on the
   * connection, so the read stays a read.
   */
  @Override
  public String userVariableLiteral(String name) {
    if (reserved != null) {
      return quotedVariable(name);
    }
    UserValue value = userVariables.get(name);
    return value == null ? UserValue.UNSET : value.literal();
  }

  // ---------------------------------------------------------------- session variables

  Settings settings() {
    return settings;
  }

  /** Takes new settings, and the plans for the sql_mode they give. */
  void settings(Settings next, String sqlModeLiteral) {
    settings = next;
    if (sqlModeLiteral != null) {
      plans = tablet.plans(LexerMode.of(tablet.serverVersionNumber(), SqlModes.text(sqlModeLiteral)));
    }
  }

  /** Keeps a user variable's value, as MySQL reported it after the app's SET. */
  void userVariable(String name, UserValue value) {
    if (userVariables.isEmpty()) {
      userVariables = new HashMap<>();
    }
    userVariables.put(name, value);
  }

  /** The settings the held connection of a lease carries now, after a SET changed them there. */
  void carriedBy(Lease lease, Settings applied) {
    lease.applied = applied;
    if (lease.kind() == Lease.Kind.TRANSACTION) {
      transactionApplied = applied;
    }
  }

  /**
   * The application changed the session's isolation level with SQL ({@code variable}) on a
   * lease's connection.
   */
  void isolationChangedBySql(String variable, int level, Lease lease) throws SQLException {
    if (lease.pooled()) {
      lease.physical().setTransactionIsolation(defaults.transactionIsolation());
      lease.borrowed = lease.borrowed.withIsolation(defaults.transactionIsolation());
    } else if (lease.kind() == Lease.Kind.TRANSACTION) {
      lease.physical().setTransactionIsolation(level);
    }
    restoreBySql(variable, lease);
    isolation = level;
  }

  /**
   * The application changed the session's read-only mode with SQL ({@code variable}) on a lease's
   * connection.
   */
  void readOnlyChangedBySql(String variable, boolean value, Lease lease) throws SQLException {
    if (lease.pooled()) {
      lease.physical().setReadOnly(defaults.readOnly());
      lease.borrowed = lease.borrowed.withReadOnly(defaults.readOnly());
    } else if (lease.kind() == Lease.Kind.TRANSACTION) {
      lease.physical().setReadOnly(value);
    }
    restoreBySql(variable, lease);
    readOnly = value;
  }

  /**
   * Puts a JDBC-state variable the application set with SQL back to the tablet's baseline, with
   * SQL, before its connection serves another session: a pooled one at once, a transaction's when
   * it is released. The driver never saw the application's SET, so its setters cannot be trusted
   * to undo it: with {@code useLocalSessionState} they compare with the driver's stale view and
   * send nothing, and with {@code readOnlyPropagatesToServer=false} {@code setReadOnly} never
   * reaches the server. The isolation and read-only setters still run, for the driver's own view
   * (which the session's state may have changed through them).
   */
  private void restoreBySql(String variable, Lease lease) throws SQLException {
    switch (lease.kind()) {
      case POOLED -> Physical.run(lease.physical(), tablet.baseline().restoreSql(List.of(variable)));
      case TRANSACTION -> {
        if (transactionSetBySql.isEmpty()) {
          transactionSetBySql = new TreeSet<>();
        }
        transactionSetBySql.add(variable);
      }
      case RESERVED -> {} // closed, never returned
    }
  }

  /**
   * Makes the connection of a lease the session's reserved one, for state that is now on it and
   * nowhere else (MySQL accepted a variable Sluice does not carry, or reported a state change
   * Sluice did not predict).
   */
  void reserveLeased(Lease lease, ReserveReason reason, String cause) throws SQLException {
    if (reserved != null) {
      reservedReasons.add(reason); // it holds that state now, too
      return;
    }
    if (!lease.pooled()) {
      reserve(reason, cause);
    } else {
      tablet.adoptAsReserved(Tablet.Origin.POOL);
      reserved = lease.physical();
      reservedOrigin = Tablet.Origin.POOL;
      lease.kind = Lease.Kind.RESERVED;
      reserved(reason, cause);
      moveStateTo(reserved, lease.applied);
    }
  }

  // ---------------------------------------------------------------- transactions

  boolean autoCommit() {
    return autoCommit;
  }

  void setAutoCommit(boolean value) throws SQLException {
    ensureOpen();
    if (value != autoCommit) {
      reportLoss(true); // the driver's SET autocommit reaches the server: a lost transaction fails
    }
    ranStatement();
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
    reportLoss(true);
    if (autoCommit) {
      runOnPooled(Connection::commit);
      return;
    }
    ranStatement();
    endWith(Connection::commit, false);
  }

  void rollback() throws SQLException {
    ensureOpen();
    if (lostOpen != null) {
      close();
      throw DriverErrors.rollbackLost();
    }
    if (autoCommit) {
      runOnPooled(Connection::rollback);
      return;
    }
    ranStatement();
    endWith(Connection::rollback, true);
  }

  /**
   * Connector/J runs a statement for this JDBC call ({@code SET autocommit}, {@code COMMIT},
   * {@code ROLLBACK}), which clears MySQL's diagnostics area as any statement does.
   */
  private void ranStatement() {
    diagnostics = Diagnostics.NONE;
  }

  /**
   * Ends the open transaction with a JDBC commit or rollback, on the connection that holds it. A
   * connection error ends the session as the same statement in SQL would ({@link
   * #connectionLost}).
   *
   * @param endsOnFailure whether another failure ends the transaction too (a rollback does; a
   *     failed commit leaves it open, as MySQL does)
   */
  private void endWith(PhysicalAction end, boolean endsOnFailure) throws SQLException {
    try {
      if (reserved != null) {
        end.apply(reserved);
      } else if (transaction != null) {
        try {
          end.apply(transaction);
          endTransaction(false);
        } catch (SQLException thrown) {
          SQLException e = DriverErrors.asDriverWould(transaction, thrown);
          boolean lost = Physical.isLost(e);
          if (lost || endsOnFailure) {
            endTransaction(true); // lost, or a rollback that failed: its state is unknown
          }
          if (lost) {
            close();
          }
          throw e;
        }
      }
    } catch (SQLException e) {
      if (reserved != null && Physical.isLost(e)) {
        throw reservationLost(e);
      }
      throw e;
    } finally {
      explicitTransaction = false;
    }
  }

  /** The connection holding the open transaction, opening one if needed (for savepoints). */
  Connection transactionConnection() throws SQLException {
    ensureOpen();
    reportLoss(true);
    Connection bound = bound();
    if (bound != null || autoCommit) {
      return bound;
    }
    beginTransaction();
    return transaction;
  }

  /**
   * Calls a method on a pooled connection in the tablet's default state, for the calls whose
   * only effect is Connector/J's own exception (commit with auto-commit on, invalid arguments):
   * the app then gets exactly the driver's error.
   */
  <T> T reproduceOnPooled(PhysicalCall<T> call) throws SQLException {
    Carried clean = Carried.clean(defaults);
    Connection pooled = tablet.borrow(LentFor.STATEMENT, clean);
    try {
      return call.apply(pooled);
    } finally {
      // through HikariCP, which resets its state
      tablet.giveBack(LentFor.STATEMENT, pooled, clean, false);
    }
  }

  /** {@link #reproduceOnPooled} for a call that returns nothing. */
  void runOnPooled(PhysicalAction action) throws SQLException {
    reproduceOnPooled(
        pooled -> {
          action.apply(pooled);
          return null;
        });
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
    asksServer("transaction_isolation");
    Connection bound = bound();
    return bound != null ? bound.getTransactionIsolation() : isolation;
  }

  void setIsolation(int level) throws SQLException {
    ensureOpen();
    if (level != isolation) {
      reportLoss(true);
    }
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
    asksServer("transaction_read_only");
    Connection bound = bound();
    return bound != null ? bound.isReadOnly() : readOnly;
  }

  void setReadOnly(boolean value) throws SQLException {
    ensureOpen();
    if (value != readOnly) {
      reportLoss(true);
    }
    Connection bound = bound();
    if (bound != null) {
      bound.setReadOnly(value);
    }
    readOnly = value;
  }

  /** The application's driver's view of the database: a USE in SQL does not change it. */
  String catalog() {
    return driverCatalog;
  }

  /**
   * setCatalog: as the application's driver, which with {@code useLocalSessionState} sends
   * nothing for the database it believes current, even when a USE in SQL moved the session.
   */
  void setCatalog(String value) throws SQLException {
    ensureOpen();
    if (value != null
        && value.equals(driverCatalog)
        && tablet.driverKeepsOwnView(Tablet.DATABASE)) {
      return;
    }
    use(value);
    driverCatalog = value;
  }

  /**
   * Changes the database the session's statements run in (USE, and setCatalog). MySQL validates
   * the name ({@code USE} fails for an unknown database), so the change is made on a physical
   * connection first, as Connector/J makes it, and kept only if it succeeds. The driver of every
   * connection serving the session knows its database, so that its setCatalog is right.
   */
  void use(String value) throws SQLException {
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

  /**
   * Takes the session's network timeout. The application's executor is checked as its own
   * connection checks it, but not kept: physical connections get the timeout through {@link
   * #IN_PLACE}.
   */
  void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    ensureOpen();
    if (executor == null || milliseconds < 0) {
      runOnPooled(c -> c.setNetworkTimeout(executor, milliseconds));
    }
    Connection bound = bound();
    if (bound != null) {
      bound.setNetworkTimeout(IN_PLACE, milliseconds);
    }
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

  /**
   * {@link #held()}, for a call that may run something there: the previous statement's warnings
   * pending there are read first.
   */
  private Connection bound() {
    settleDiagnostics();
    return held();
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
    settleDiagnostics();
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
    reservedReasons.clear();
    temporaryTables = List.of();
    if (connection != null) {
      context.metrics().reservedSessions.decrementAndGet();
      context.pinning().ended(reservation);
      reservation = null;
      context.keepalive().forget(this);
      tablet.closeReserved(connection, reservedOrigin);
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
        Physical.run(connection, "ROLLBACK");
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
        settleDiagnostics();
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
   * Ends a session whose reserved connection died, with the server-side state it kept there
   * (temporary tables, locks, variables, an open transaction): the session is closed, as the
   * application's own connection would be, and the application sees the driver's exception, which
   * carries Sluice's account of what was lost as a suppressed exception (also said at WARN).
   *
   * @param cause the driver's exception, or null when the keep-alive found the connection dead
   */
  SQLException reservationLost(SQLException cause) {
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
    close();
    if (cause == null) {
      return lost;
    }
    cause.addSuppressed(lost);
    return cause;
  }

  ReserveReason reservedFor() {
    return reservedFor;
  }

  // ---------------------------------------------------------------- under the session's lock
  // The only ways in for the logical connection, its statements and its metadata: each holds
  // the session's lock, so that one statement or change of state runs at a time.

  /**
   * The one way a statement of the application runs. Under the session's lock, as the session's
   * executing statement (which another session's KILL interrupts), the execution first does what
   * it does without a connection; then its body runs on the connection its plan needs, with the
   * session's state applied ({@link #acquire}) and the text the session sends ({@link #textFor}),
   * and the execution captures its outcome. The connection is then handed back ({@link
   * #afterStatement}), or, lost, ends what the session held there ({@link #connectionLost}); a read
   * whose pooled connection had died runs once more on another.
   *
   * @return whether the first outcome is a result set
   */
  boolean execute(Execution execution) throws SQLException {
    lock.lock();
    LogicalStatement outer = executing;
    executing = execution.statement;
    try {
      if (execution.answeredWithoutConnection()) {
        return false;
      }
      try {
        Lease lease = acquire(execution.plan, execution.hints);
        execution.acquired(lease);
        for (boolean retried = false; ; retried = true) {
          boolean succeeded = false;
          String sent = null;
          SQLException failure;
          execution.starting(lease);
          try {
            ServerHistory history = ServerHistory.of(execution.plan, tablet);
            if (history != null) {
              settleDiagnostics();
              history.putBefore(lease.physical(), this);
            }
            sent = textFor(execution.plan, lease, execution.sql);
            boolean first = execution.body.run(lease.physical(), sent);
            execution.captured(lease, first);
            succeeded = true;
            return first;
          } catch (SQLException thrown) {
            failure = execution.failed(lease, sent, thrown);
            if (execution.lost && !lease.pooled() && !killed) {
              throw connectionLost(lease, failure, execution.lossCloses());
            }
            if (retried) {
              throw failure;
            }
          } finally {
            boolean evict = execution.end(lease, succeeded);
            if (!execution.attachedResult()) {
              afterStatement(execution.plan, lease, succeeded, evict);
            }
          }
          if (!execution.mayRetry(lease, failure)) {
            throw failure;
          }
          // The connection it was lent had died (killed or dropped while idle): evicted, and a
          // read with no effect is run once more on another, as a pool validating it would have.
          log.debug("retrying a read on a fresh connection after: {}", failure.toString());
          lease = acquire(execution.plan, execution.hints);
        }
      } finally {
        if (execution.endsSession()) {
          endKilled(false);
        }
      }
    } catch (SQLException e) {
      if (killed) {
        endKilled(Physical.isLost(e));
      }
      throw e;
    } finally {
      execution.done();
      executing = outer;
      lock.unlock();
    }
  }

  /**
   * The application closed a result that stayed on its connection ({@link Execution#captured}):
   * the execution reads what it left, and the connection is handed back.
   */
  void attachedClosed(
      Execution execution,
      java.sql.Statement physical,
      Lease lease,
      StatementPlan plan,
      Diagnostics awaited,
      boolean evict) {
    lock.lock();
    try {
      attachedResultClosed(lease);
      afterStatement(
          plan, lease, true, execution.attachedClosed(physical, lease, plan, awaited, evict));
    } finally {
      lock.unlock();
    }
  }

  /** A change of the session's state (auto-commit, isolation, commit...), run under its lock. */
  @FunctionalInterface
  interface Change {
    void apply() throws SQLException;
  }

  /** Runs {@code change} under the session's lock. */
  void locked(Change change) throws SQLException {
    lock.lock();
    try {
      change.apply();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code call} on the session's reserved connection, reserving one for this reason if it
   * has none: for the escape hatches that hand out a physical object ({@link
   * #reservedConnection}).
   */
  <T> T onReserved(ReserveReason reason, String cause, PhysicalCall<T> call)
      throws SQLException {
    lock.lock();
    try {
      return call.apply(reservedConnection(reason, cause));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code call} on the open transaction's connection, opening a transaction if auto-commit
   * is off ({@link #transactionConnection}); with auto-commit on there is none, and the call runs
   * on a pooled connection in the tablet's default state for Connector/J's own error.
   */
  <T> T onTransaction(PhysicalCall<T> call) throws SQLException {
    lock.lock();
    try {
      Connection connection = transactionConnection();
      return connection != null ? call.apply(connection) : reproduceOnPooled(call);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code call} on a connection with the session's state ({@link #acquireForMetadata}). */
  <T> T onMetadataConnection(PhysicalCall<T> call) throws SQLException {
    lock.lock();
    try {
      Lease lease = acquireForMetadata();
      try {
        return call.apply(lease.physical());
      } finally {
        doneWithMetadata(lease);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The chain of warnings a statement left on the held connection, as the application's driver
   * would give it now: read there by the driver itself while they are still the connection's
   * latest, made from what the session read where it had to read them first (before the
   * connection went back, or before a query of its own), and none once a later statement has
   * replaced them (the driver, asking the connection, would not find them either).
   *
   * @param left the diagnostics the statement left
   */
  java.sql.SQLWarning warningsLeft(Diagnostics left) throws SQLException {
    lock.lock();
    try {
      if (diagnostics() != left) {
        return null;
      }
      if (!diagnosticsPendingOnHeld()) {
        return left.chain();
      }
      try (java.sql.Statement asking = held().createStatement()) {
        return asking.getWarnings();
      }
    } finally {
      lock.unlock();
    }
  }

  /** A reflective call on a physical connection, for DatabaseMetaData. */
  @FunctionalInterface
  interface ReflectiveCall<T> {
    T apply(Connection physical) throws SQLException, ReflectiveOperationException;
  }

  /**
   * Runs {@code call} on a connection with the session's state, in the database the application's
   * driver believes current ({@link #acquireForDatabaseMetaData}).
   */
  <T> T onDatabaseMetaData(ReflectiveCall<T> call)
      throws SQLException, ReflectiveOperationException {
    lock.lock();
    try {
      Lease lease = acquireForDatabaseMetaData();
      try {
        return call.apply(lease.physical());
      } finally {
        doneWithDatabaseMetaData(lease);
      }
    } finally {
      lock.unlock();
    }
  }
}
