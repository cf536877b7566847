package io.sluice.session;

import io.sluice.sql.Kill;
import io.sluice.sql.ReserveReason;
import io.sluice.sql.ShowDiagnostics;
import io.sluice.sql.SqlClassifier;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Physical;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Statement} the application holds. Each execution takes a physical connection from
 * its session, runs on a physical statement made the same way, and captures everything the
 * application may ask for afterwards (result sets, update counts, generated keys, warnings)
 * before the physical connection goes back.
 *
 * <p>Results that must stay on the server (streaming, cursor fetch, updatable result sets) keep
 * their physical statement, and a pooled connection, until the result set is closed.
 *
 * <p>A cancel, or a query timeout that may have fired, can leave a {@code KILL QUERY} on its way
 * to the physical connection: that connection is evicted, never handed to another session. A
 * transaction's connection stays with its transaction, which MySQL keeps open, until it ends.
 */
class LogicalStatement implements Statement {
  private static final Logger log = LoggerFactory.getLogger(LogicalStatement.class);

  final LogicalConnection connection;
  final Session session;
  final StatementShape shape;

  final StatementOptions options;
  private boolean closeOnCompletion;

  /**
   * The physical statement handed out by {@link #unwrap} to a driver type, and its text for a
   * prepared one: it lives on the session's reserved connection, and every execution there runs
   * on it, so that what the application set on it (a LOAD DATA LOCAL stream, an interceptor...)
   * takes effect as on its own connection.
   */
  private Statement pinned;
  private Connection pinnedOn;
  private String pinnedText;

  private final List<String> batch = new ArrayList<>();
  private Results results = Results.NONE;
  final StatementWarnings warnings;
  private final OutcomeRecorder outcome;
  private ResultSet generatedKeys;
  /**
   * What a physical {@code executeQuery} returned for a statement that produced no result set
   * (an OK packet: {@code SELECT ... INTO}, a CALL without results): the driver hands it to
   * executeQuery's caller only, outside the statement's outcomes.
   */
  private ResultSet queryWithoutRows;
  private boolean keysRequested;
  private boolean closed;

  // The execution under way: its physical statement, whether the driver holds its results open
  // past the statement's close, and a batch's counts.
  private Statement physical;
  /** The execution's lease while its body runs: what a kept server statement is keyed by. */
  Lease leased;
  private boolean resultsHeldOpen;
  private long[] batchCounts;
  /**
   * Whether the execution is a batch: its statements share one connection, which then carries
   * the session's settings itself (a batch's texts carry no hints).
   */
  private boolean batching;
  /** False during a batch of several texts, whose first plan does not tell its insert id. */
  private boolean batchOfOneText = true;
  /**
   * Whether the execution runs through Connector/J's server-side cursor, whose loss of the
   * connection leaves the application's connection open (see {@link Session#reportLoss}).
   */
  private boolean lossLeavesOpen;

  private final Cancellation cancellation = new Cancellation();

  LogicalStatement(LogicalConnection connection, StatementShape shape) {
    this.connection = connection;
    this.session = connection.session();
    this.shape = shape;
    this.options = new StatementOptions(session, shape);
    this.warnings = new StatementWarnings(session, options);
    this.outcome = new OutcomeRecorder(session);
  }

  // ------------------------------------------------------------------ execution

  /** One execution's work on its physical connection. */
  @FunctionalInterface
  interface Body {
    /**
     * Creates the physical statement for the (possibly rewritten) SQL text, hands it to {@link
     * #start}, and executes it.
     *
     * @return whether the first outcome is a result set
     */
    boolean run(Connection physical, String sql) throws SQLException;
  }

  /** A call on a physical statement with the execution's SQL text. */
  @FunctionalInterface
  interface Call {
    boolean apply(Statement physical, String sql) throws SQLException;
  }

  /**
   * Runs one execution on a physical connection of the session and captures its outcome.
   *
   * @return whether the first outcome is a result set
   */
  final boolean execute(String sql, StatementPlan plan, boolean wantKeys, Body body)
      throws SQLException {
    return execute(sql, plan, wantKeys, Expect.ANY, body);
  }

  /** What a JDBC call expects of its statement: Connector/J checks it on the text it is given. */
  enum Expect {
    ANY,
    /** {@code executeQuery}: the statement must produce results. */
    RESULTS,
    /** {@code executeUpdate}: the statement must not be a SELECT. */
    COUNT
  }

  /**
   * {@link #execute(String, StatementPlan, boolean, Body)} for a call that expects results or a
   * count. Connector/J judges that by the text's first keyword, which MariaDB's {@code SET
   * STATEMENT ... FOR} prefix would hide: where the call does not fit the statement, settings
   * ride on the connection instead, so that the driver sees, and rejects, the application's own
   * text as it would without Sluice.
   */
  final boolean execute(String sql, StatementPlan plan, boolean wantKeys, Expect expect, Body body)
      throws SQLException {
    ensureOpen();
    discardResults();
    session.lock.lock();
    LogicalStatement outer = session.executing;
    session.executing = this;
    try {
      if (driverRefuses(expect, sql)) {
        throw DriverVerdicts.of(session.tablet().driverClass())
            .refusal(expect, this instanceof PreparedStatement);
      }
      boolean asksReadOnly = (batching || expect == Expect.ANY) && asksReadOnly(sql);
      session.reportLoss(!asksReadOnly);
      if (asksReadOnly) {
        session.driverSelectedOneRow();
      }
      if (expect != Expect.COUNT
          && !batching
          && options.streams()
          && options.defaults.resetsAfterStreaming()) {
        // Connector/J raises net_write_timeout for a streamed result with a SET first.
        session.driverRanSet();
      }
      lossLeavesOpen =
          expect != Expect.COUNT
              && !batching
              && options.runsThroughCursor()
              && !(this instanceof PreparedStatement);
      if (plan.kind() == StatementKind.USE && plan.statementCount() == 1) {
        session.diagnostics(Diagnostics.NONE);
        session.use(plan.useSchema());
        session.recordOutcome(StatementKind.USE, 0, 0, -1);
        results = Results.ofUpdateCount(0);
        return false;
      }
      if (plan.kill() != null) {
        Session target = plan.kill().id() == Kill.SELF ? session : SessionIds.live(plan.kill().id());
        if (target == session) {
          return killSelf(sql, plan, plan.kill().connection());
        }
        if (killOther(target, plan.kill().connection(), expect)) {
          return false;
        }
      }
      ShowDiagnostics show = plan.showDiagnostics();
      String shown = sql;
      StatementPlan showPlan = plan;
      if (show != null) {
        warnings.answering = true;
        if (session.diagnosticsPendingOnHeld()) {
          // The held connection's diagnostics area is still the session's: MySQL answers there,
          // as on the application's own connection (and the driver reads it its own way).
          show = null;
        } else {
          sql = session.diagnostics().answer(show);
          plan = SqlClassifier.classify(sql);
        }
      }
      boolean fits =
          expect == Expect.ANY
              || (expect == Expect.RESULTS) == (plan.kind() == StatementKind.SELECT)
              || !session.tablet().hintsAsStatementPrefix();
      boolean hints = !batching && fits;
      Lease lease = session.acquire(plan, hints);
      if (showPlan.showDiagnostics() != null && show == null
          && !session.diagnostics().pendingOn(lease.physical())) {
        // Acquiring ran something of Sluice's own there first, after reading them.
        show = showPlan.showDiagnostics();
        sql = session.diagnostics().answer(show);
        plan = SqlClassifier.classify(sql);
      }
      if ((show != null || plan.has(StatementPlan.DIAGNOSTICS_READ))
          && options.fetchSize() > 0 && options.defaults.cursorFetch() && !batching
          && !(this instanceof PreparedStatement)) {
        conditionsOfFetching(lease.physical(), shown);
        if (show != null) {
          sql = session.diagnostics().answer(show);
          plan = SqlClassifier.classify(sql);
        }
      }
      try {
        return executeOn(lease, sql, plan, wantKeys, body);
      } catch (SQLException e) {
        if (!mayRetry(plan, lease, e)) {
          throw e;
        }
        // The connection it was lent had died (killed or dropped while idle): evicted, and a
        // read with no effect is run once more on another, as a pool validating it would have.
        log.debug("retrying a read on a fresh connection after: {}", e.toString());
        return executeOn(session.acquire(plan, hints), sql, plan, wantKeys, body);
      }
    } catch (SQLException e) {
      if (session.killed()) {
        session.endKilled(Physical.isLost(e));
      }
      throw e;
    } finally {
      warnings.answering = false;
      session.executing = outer;
      session.lock.unlock();
    }
  }

  /**
   * Whether the application's driver refuses {@code sql} for this kind of call ({@link
   * DriverVerdicts}): the application's text is judged before anything runs, and a text Sluice
   * rewrote that the driver would judge otherwise runs through {@code execute}.
   */
  final boolean driverRefuses(Expect expect, String sql) throws SQLException {
    return DriverVerdicts.of(session.tablet().driverClass())
        .refuses(expect, sql, session.plans().mode().noBackslashEscapes());
  }

  /**
  /**
   * Whether the application's driver asks the server whether the transaction is read-only before
   * this execute or batch: unless it keeps its own view of that, for every batch and every text
   * it does not judge read-only safe.
   */
  private boolean asksReadOnly(String sql) throws SQLException {
    return !session.tablet().driverKeepsOwnView("transaction_read_only")
        && (batching
            || DriverVerdicts.of(session.tablet().driverClass())
                .asksReadOnly(sql, session.plans().mode().noBackslashEscapes()));
  }

  /**
   * {@code KILL [QUERY] n} of this session itself: MySQL interrupts the KILL statement (1317), and
   * a KILL CONNECTION then ends the connection. The KILL QUERY goes to the connection the statement
   * runs on, for the driver's own error; a KILL CONNECTION ends the session after it.
   */
  private boolean killSelf(String sql, StatementPlan plan, boolean connection) throws SQLException {
    try {
      return executeOn(session.acquire(plan, false), sql, plan, false,
          (c, text) -> start(shape.create(c)).execute("KILL QUERY " + DriverAccess.threadId(c)));
    } finally {
      if (connection) {
        session.endKilled(false);
      }
    }
  }

  /**
   * {@code KILL [QUERY] n} of another session of this JVM, which Sluice carries out itself: MySQL
   * knows no thread n. A session of another tablet (another server or user, whose privileges would
   * decide) is left to MySQL, which answers 1094 Unknown thread id.
   *
   * @return whether it was carried out: the application sees MySQL's outcome of a KILL
   */
  private boolean killOther(Session target, boolean connection, Expect expect) throws SQLException {
    if (target == null) {
      return false;
    }
    if (target.tablet() != session.tablet()) {
      if (FOREIGN_KILL_WARNED.compareAndSet(false, true)) {
        log.warn("a KILL names a session of another tablet ({}, not {}): it goes to MySQL,"
            + " which does not know its id", target.tablet().name(), session.tablet().name());
      }
      return false;
    }
    target.killedBy(connection);
    session.diagnostics(Diagnostics.NONE);
    results = Results.ofUpdateCount(0);
    if (expect == Expect.RESULTS) {
      throw DriverErrors.noResultSet();
    }
    return true;
  }

  private static final java.util.concurrent.atomic.AtomicBoolean FOREIGN_KILL_WARNED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Whether a statement on the reserved connection is judged by the server's tracker: only when
   * the session may give the connection back, and only where Sluice did not predict the change
   * itself (a temporary table's creation or drop).
   */
  private boolean watchesReserved(StatementPlan plan) {
    return session.context().config().releaseReservedWhenClean()
        && !plan.has(StatementPlan.TEMPORARY_TABLE);
  }

  /**
   * Whether a statement that failed with a connection error may run again on another connection:
   * a single SELECT without locks, assignments or counts kept on the connection, on a pooled
   * connection lent for it alone. Running it again cannot change anything, whether or not it ran;
   * any other statement may already have changed data, so its error is the application's.
   */
  private boolean mayRetry(StatementPlan plan, Lease lease, SQLException e) {
    return lease.pooled()
        && !batching
        && Physical.isLost(e)
        && !cancellation.requested()
        && plan.kind() == StatementKind.SELECT
        && plan.statementCount() == 1
        && plan.reserveReason() == null
        && !plan.has(
            StatementPlan.LOCKING_READ
                | StatementPlan.CALC_FOUND_ROWS
                | StatementPlan.LAST_INSERT_ID_WRITE
                | StatementPlan.USER_VARIABLE_WRITE);
  }

  private boolean executeOn(Lease lease, String sql, StatementPlan plan, boolean wantKeys, Body body)
      throws SQLException {
    boolean succeeded = false;
    boolean evict = false;
    boolean attached = false;
    long started = System.nanoTime();
    batchCounts = null;
    outcome.connectionLost = false;
    String sent = null;
    try {
      ServerHistory history = ServerHistory.of(plan, session.tablet());
      if (history != null) {
        session.settleDiagnostics();
        history.putBefore(lease.physical(), session);
      }
      sent = session.textFor(plan, lease, sql);
      leased = lease;
      boolean first = body.run(lease.physical(), sent);
      boolean untracked =
          (lease.kind() != Lease.Kind.RESERVED || watchesReserved(plan))
              && plan.kind() != StatementKind.SET
              && lease.hints == null
              && DriverAccess.sessionStateChanged(lease.physical());
      if (batchCounts != null) {
        captureBatch(physical, batchCounts, wantKeys, plan, !lease.pooled());
      } else if (first && (options.holdsServerResult() || !detachable())) {
        // Its warnings arrive after its rows, read when it closes; an answer to SHOW WARNINGS
        // leaves the session's diagnostics as they are.
        Diagnostics awaited = warnings.answering ? null : Diagnostics.awaited();
        if (awaited != null) {
          session.diagnostics(awaited);
        }
        warnings.awaitRows(physical, plan);
        results =
            Results.of(
                new AttachedResultSet(physical.getResultSet(), this, physical, lease, plan, awaited));
        attached = true;
        session.resultAttached(lease);
      } else {
        capture(physical, first, wantKeys, plan, !lease.pooled());
        if (plan.kind() == StatementKind.SET && plan.statementCount() == 1) {
          SetAbsorber.absorb(session, plan, lease, warnings.pending());
        }
      }
      if (untracked && lease.kind() == Lease.Kind.RESERVED) {
        session.reservedStateUnseen();
      } else if (untracked && !attached) {
        // The statement changed state Sluice did not predict (a trigger set a variable...): that
        // state is on this connection only. (A SET_VAR hint that changes a value raises the
        // tracker's flag by itself, measured on 8.0.31, so hinted statements are not judged.)
        session.reserveLeased(lease, ReserveReason.UNTRACKED_STATE, plan.digest());
      }
      succeeded = true;
      return first;
    } catch (SQLException thrown) {
      SQLException e = DriverErrors.asDriverWould(lease.physical(), thrown);
      boolean lost = Physical.isLost(e);
      evict = e instanceof SQLTimeoutException || lost;
      if (!evict && e.getErrorCode() != 0) {
        // The server's error (the driver's own carry no code): the statement ran, and failed.
        // What it leaves depends on the kind the server's parser met first, also for a text
        // sent as rejected.
        session.recordFailure(session.plans().plan(sql).kind());
        if (sent != null && !sent.equals(sql) && parsesAsSent()) {
          e = OriginalParse.errorFor(lease.physical(), sql, e);
        }
      }
      warnings.failed(lease, e);
      if (lost && !lease.pooled() && !session.killed()) {
        throw session.connectionLost(lease, e, !lossLeavesOpen);
      }
      throw e;
    } finally {
      evict |= cancellation.end() | options.timeoutMayHaveFired(started);
      // A connection that died after its statement succeeded: a pooled one is not handed on; a
      // transaction's or reservation's is left to fail the session's next statement, as the
      // application's own connection would, so that nothing of it ends unseen.
      evict |= outcome.connectionLost && lease.pooled();
      if (outcome.connectionLost && lease.kind() == Lease.Kind.RESERVED) {
        session.reservedConnectionDied();
      }
      if (!attached) {
        if (!succeeded) {
          closeResultOf(physical);
        }
        release(physical, evict);
        session.afterStatement(plan, lease, succeeded, evict);
      }
      physical = null;
      leased = null;
    }
  }

  /**
   * Makes a physical statement the execution's own: applies this statement's settings and lets
   * cancel() reach it.
   */
  final <S extends Statement> S start(S statement) throws SQLException {
    physical = statement;
    resultsHeldOpen = ResultDetacher.holdResultsOpen(statement);
    options.applyTo(statement);
    cancellation.begin(statement);
    return statement;
  }

  /** A body for a plain statement: create it the application's way, then {@code call}. */
  private Body plain(Call call) {
    return (c, sql) -> call.apply(start(physicalFor(c, sql)), sql);
  }

  /**
   * Whether this execution's results can leave their connection: the driver must offer to hold
   * them open past the statement's close, and its result sets must be detachable.
   */
  private boolean detachable() throws SQLException {
    ResultSet produced = physical.getResultSet();
    return resultsHeldOpen && produced != null && ResultDetacher.canDetach(produced);
  }

  /**
   * A SHOW WARNINGS/ERRORS, or a read of {@code @@warning_count} or {@code @@error_count},
   * fetched by cursor: Connector/J prepares the text on the server for that, where MySQL refuses
   * to prepare these (1295), and the driver then runs it as text; the refusal has replaced the
   * connection's diagnostics first, so a read after a clean statement counts 1. Which texts the
   * driver prepares is its own rule, so the physical driver is asked to prepare the same text,
   * on a connection whose diagnostics area was emptied first: what it then holds is what the
   * driver's preparing left, which becomes the session's. When that fails, the session's stay:
   * the answer runs next, and a connection that died fails it as it would the application's.
   */
  private void conditionsOfFetching(Connection physical, String shown) {
    try {
      Physical.run(physical, "DO 0");
      physical.prepareStatement(shown, shape.type(), shape.concurrency()).close();
      Diagnostics left = Diagnostics.of(physical);
      if (left.warningCount() > 0) {
        session.diagnostics(left);
      }
    } catch (SQLException e) {
      log.debug("showing a read of diagnostics to the driver failed: {}", e.toString());
    }
  }

  /**
   * Captures everything the application may ask after the physical statement is gone, and what
   * the session answers later for LAST_INSERT_ID(), ROW_COUNT() and FOUND_ROWS().
   */
  private void capture(
      Statement physical, boolean first, boolean wantKeys, StatementPlan plan, boolean held)
      throws SQLException {
    // Generated keys first: Connector/J derives them from the current update count, which
    // draining the results moves past.
    keysRequested = wantKeys;
    if (wantKeys) {
      generatedKeys = ResultDetacher.detach(physical.getGeneratedKeys(), this);
    }
    warnings.capture(physical, plan, held, !DriverAccess.serverPrepared(physical));
    long insertId = DriverAccess.lastInsertId(physical); // draining resets it
    results = Results.drain(physical, first, this);
    outcome.record(
        physical,
        insertId,
        results.lastUpdateCount(),
        results.rowsOfFirstResult(),
        plan,
        batchOfOneText);
  }

  /** Captures a batch's outcome. */
  private void captureBatch(
      Statement physical, long[] counts, boolean wantKeys, StatementPlan plan, boolean held)
      throws SQLException {
    results = Results.NONE;
    warnings.capture(physical, plan, held, false);
    keysRequested = wantKeys;
    if (wantKeys) {
      generatedKeys = ResultDetacher.detach(physical.getGeneratedKeys(), this);
    }
    outcome.record(
        physical,
        DriverAccess.lastInsertId(physical),
        counts.length == 0 ? 0 : counts[counts.length - 1],
        -1,
        plan,
        batchOfOneText);
  }

  /**
   * Called by an attached result set when the application closes it. Only now has the server
   * sent every row of a streamed or cursor result, so only now do its warnings, FOUND_ROWS() and
   * a LAST_INSERT_ID(expr) evaluated per row hold what the application would read next; and what
   * the driver sent after it (a streamed result's restoring SET) counts as on a direct connection.
   *
   * @param awaited the session's diagnostics while the result was open, or null where it answered
   *     SHOW WARNINGS; they are replaced only if no other statement has reported since
   */
  final void attachedClosed(
      Statement physical, Lease lease, StatementPlan plan, Diagnostics awaited, boolean evict)
      throws SQLException {
    session.lock.lock();
    try {
      session.attachedResultClosed(lease);
      outcome.connectionLost = false;
      boolean diagnose = !evict && awaited != null && session.diagnostics() == awaited;
      if (!evict && (diagnose || warnings.pending())) {
        outcome.connectionLost = warnings.readClosed(physical, plan, diagnose);
      }
      release(physical, evict || outcome.connectionLost);
      if (!evict && !outcome.connectionLost) {
        outcome.recordAttached(lease.physical(), plan);
      }
      evict |= outcome.connectionLost && lease.pooled();
      session.afterStatement(plan, lease, true, evict);
    } finally {
      session.lock.unlock();
    }
    resultClosed();
  }

  /**
   * Called when one of this statement's result sets is closed: a statement set to {@link
   * #closeOnCompletion()} closes once none is left open.
   */
  final void resultClosed() throws SQLException {
    if (closeOnCompletion && !closed && results.allClosed()) {
      close();
    }
  }

  /**
   * The physical statement for an execution on {@code c} with this text: the pinned one where it
   * was made on that connection for that text, else a new one.
   */
  @SuppressWarnings("unchecked")
  final <S extends Statement> S physicalFor(Connection c, String text) throws SQLException {
    if (pinned != null && pinnedOn == c && java.util.Objects.equals(pinnedText, madeFor(text))) {
      return (S) pinned;
    }
    return (S) forExecution(c, text);
  }

  /** The physical statement for one execution: a new one, unless one is kept for it. */
  Statement forExecution(Connection c, String text) throws SQLException {
    return newPhysical(c, text);
  }

  /**
   * Keeps an execution's physical statement for later ones instead of closing it.
   *
   * @param evict whether its connection is being evicted
   * @return whether it was kept
   */
  boolean keep(Statement physical, boolean evict) {
    return false;
  }

  /** A new physical statement made the application's way; its text matters to a prepared one. */
  Statement newPhysical(Connection c, String text) throws SQLException {
    return shape.create(c);
  }

  /** The text a physical statement is made for: none for a plain statement. */
  String madeFor(String text) {
    return null;
  }

  /** Closes an execution's physical statement, unless it is the pinned one or is kept. */
  private void release(Statement physical, boolean evict) {
    if (physical != pinned && !keep(physical, evict)) {
      closeQuietly(physical);
    }
  }

  /**
   * Closes the result a failed execution left on its physical statement: a query that timed out
   * after MySQL began to send its rows leaves them streaming, and the statement holds its results
   * open past its close ({@link ResultDetacher#holdResultsOpen}), so they would block the
   * connection's next statement where the application's own statement, closed, would not.
   */
  private static void closeResultOf(Statement physical) {
    if (physical == null) {
      return;
    }
    try (ResultSet left = physical.getResultSet()) {
      // closed by try-with-resources
    } catch (SQLException e) {
      log.debug("closing a failed statement's result failed: {}", e.toString());
    }
  }

  static void closeQuietly(Statement physical) {
    if (physical == null) {
      return;
    }
    try {
      physical.close();
    } catch (SQLException e) {
      log.debug("closing a physical statement failed: {}", e.toString());
    }
  }

  private void discardResults() throws SQLException {
    Results previous = results;
    results = Results.NONE;
    warnings.discard(keepsWarnings());
    generatedKeys = null;
    queryWithoutRows = null;
    previous.close();
  }

  /**
   * Ends a body's physical {@code executeQuery}: the driver raised its own exception where the
   * statement cannot produce results.
   *
   * @return whether the first outcome is a result set; when it is not, the driver's result set
   *     is kept, detached, for {@link #queryResult()}
   */
  final boolean queried(Statement physical, ResultSet returned) throws SQLException {
    if (physical.getResultSet() != null) {
      return true;
    }
    queryWithoutRows = ResultDetacher.detach(returned, this);
    return false;
  }

  /** What executeQuery returns: the first result set, or the driver's one without rows. */
  final ResultSet queryResult() {
    ResultSet first = results.resultSet();
    return first != null ? first : queryWithoutRows;
  }

  final void ensureOpen() throws SQLException {
    if (closed) {
      throw DriverErrors.statementClosed();
    }
    session.ensureOpenForStatement();
  }

  /**
   * The plan of a text. Several statements in one text, where the URL does not allow them, are a
   * syntax error on the server: such a text goes there as written, for the server to say so.
   */
  final StatementPlan plan(String sql) {
    StatementPlan plan = session.plans().plan(sql);
    return plan.has(StatementPlan.MULTI_STATEMENT) && !session.tablet().allowsMultiQueries()
        ? StatementPlan.rejected(plan)
        : plan;
  }

  /**
   * Whether the server parses the application's text as given to execute: not for a client-side
   * prepared statement, whose text the driver builds with the parameters' values.
   */
  boolean parsesAsSent() {
    return true;
  }

  // ------------------------------------------------------------------ Statement: execution

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    execute(sql, plan(sql), false, Expect.RESULTS, plain((s, text) -> {
      if (text != sql && driverRefuses(Expect.RESULTS, text)) {
        // The application's text passed the driver's judge; Sluice's (MariaDB's SET STATEMENT
        // prefix...) would not.
        return s.execute(text);
      }
      return queried(s, s.executeQuery(text));
    }));
    return queryResult();
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return (int) executeLargeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return (int) executeLargeUpdate(sql, autoGeneratedKeys);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return (int) executeLargeUpdate(sql, columnIndexes);
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return (int) executeLargeUpdate(sql, columnNames);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return update(sql, false, updating((s, text) -> s.executeLargeUpdate(text)));
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return update(sql, autoGeneratedKeys == RETURN_GENERATED_KEYS,
        updating((s, text) -> s.executeLargeUpdate(text, autoGeneratedKeys)));
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return update(sql, true, updating((s, text) -> s.executeLargeUpdate(text, columnIndexes)));
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    return update(sql, true, updating((s, text) -> s.executeLargeUpdate(text, columnNames)));
  }

  /**
   * An update: the physical statement's count is read back from the captured outcome, where
   * Connector/J leaves it after {@code executeUpdate}.
   */
  private long update(String sql, boolean wantKeys, Call call) throws SQLException {
    execute(sql, plan(sql), wantKeys, Expect.COUNT, plain(call));
    return results.updateCount();
  }

  /** An update call: its count stays on the physical statement, which the capture reads. */
  @FunctionalInterface
  interface UpdateCall {
    long apply(Statement physical, String sql) throws SQLException;
  }

  private static Call updating(UpdateCall call) {
    return (s, text) -> {
      call.apply(s, text);
      return false;
    };
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return execute(sql, plan(sql), false, plain(Statement::execute));
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return execute(sql, plan(sql), autoGeneratedKeys == RETURN_GENERATED_KEYS,
        plain((s, text) -> s.execute(text, autoGeneratedKeys)));
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return execute(sql, plan(sql), true, plain((s, text) -> s.execute(text, columnIndexes)));
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return execute(sql, plan(sql), true, plain((s, text) -> s.execute(text, columnNames)));
  }

  // ------------------------------------------------------------------ batches

  @Override
  public void addBatch(String sql) throws SQLException {
    ensureOpen();
    batch.add(sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    ensureOpen();
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return narrow(executeLargeBatch());
  }

  static int[] narrow(long[] counts) {
    int[] narrow = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      narrow[i] = (int) counts[i];
    }
    return narrow;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    ensureOpen();
    List<StatementPlan> plans = new ArrayList<>(batch.size());
    for (String sql : batch) {
      plans.add(plan(sql));
    }
    List<String> statements = List.copyOf(batch);
    batch.clear();
    if (statements.isEmpty()) {
      return new long[0];
    }
    // Connector/J offers a plain statement's batch's generated keys unasked.
    return executeBatch(statements.get(0), plans, true, (c, ignored) -> {
      Statement physical = start(physicalFor(c, null));
      for (int i = 0; i < statements.size(); i++) {
        StatementPlan each = plans.get(i);
        physical.addBatch(each.needsRewrite() ? each.rewrite(session) : statements.get(i));
      }
      return runBatch(physical);
    });
  }

  /** Executes the batch added to the execution's physical statement, for its capture. */
  final boolean runBatch(Statement physical) throws SQLException {
    batchCounts = physical.executeLargeBatch();
    return false;
  }

  private static boolean controlsTransactionOrSchema(StatementKind kind) {
    return switch (kind) {
      case BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ROLLBACK_TO_SAVEPOINT, RELEASE_SAVEPOINT, USE, SET ->
          true;
      default -> false;
    };
  }

  /**
   * Runs a batch as one execution. A batch's statements share one physical connection, so the
   * batch is planned as its strictest statement: any reason to reserve reserves, and statements
   * that change the transaction, the schema or session variables inside a batch reserve too,
   * since Sluice follows such changes only statement by statement.
   *
   * @param wantKeys whether the batch's generated keys are offered afterwards
   * @return the batch's update counts
   */
  final long[] executeBatch(String first, List<StatementPlan> plans, boolean wantKeys, Body body)
      throws SQLException {
    StatementPlan chosen = plans.get(0);
    boolean controlsSession = false;
    boolean redefines = plans.stream().anyMatch(InsertIds::mayRedefineTables);
    for (StatementPlan each : plans) {
      if (each.reserveReason() != null) {
        chosen = each;
        break;
      }
      controlsSession |= controlsTransactionOrSchema(each.kind());
    }
    session.lock.lock();
    try {
      if (controlsSession) {
        session.reservedConnection(ReserveReason.UNTRACKED_STATE, "batch with transaction or schema control");
      }
      batching = true;
      // The batch's insert id is its last statement's: the first's plan tells only if all agree.
      batchOfOneText = plans.stream().map(StatementPlan::sql).distinct().count() == 1;
      execute(first, chosen, wantKeys, body);
      return batchCounts;
    } finally {
      batching = false;
      batchOfOneText = true;
      if (redefines) {
        session.tablet().autoIncrementColumns().forget();
      }
      session.lock.unlock();
    }
  }

  // ------------------------------------------------------------------ outcome

  @Override
  public ResultSet getResultSet() throws SQLException {
    ensureOpen();
    return results.resultSet();
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return (int) getLargeUpdateCount();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    ensureOpen();
    return results.updateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return getMoreResults(CLOSE_CURRENT_RESULT);
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    ensureOpen();
    return results.next(current);
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    ensureOpen();
    if (!keysRequested) {
      throw DriverErrors.generatedKeysNotRequested();
    }
    return generatedKeys;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    ensureOpen();
    return warnings.get();
  }

  @Override
  public void clearWarnings() throws SQLException {
    ensureOpen();
    warnings.clear();
  }

  /**
   * Whether executions keep the warnings fetched before them: a plain statement of Connector/J
   * before 8.3.0 cleared its chain only on clearWarnings() (its Bug#112195).
   */
  boolean keepsWarnings() {
    return session.tablet().statementsKeepWarnings();
  }

  // ------------------------------------------------------------------ cancel and close

  /**
   * Sends the cancel to the physical statement that is executing, if any. The execution waits
   * for this call to finish before its physical connection can be handed on, and evicts it.
   */
  @Override
  public void cancel() throws SQLException {
    ensureOpen();
    cancellation.interrupt(Statement::cancel);
  }

  /**
   * Kills the query (or, with {@code connection}, the connection) of the physical statement that
   * is executing, if any, by its MySQL thread id: for a KILL from another session, whose error
   * must be the one MySQL gives a killed statement, not the driver's "cancelled".
   *
   * @return whether a statement was executing
   */
  final boolean killRunning(boolean connection) throws SQLException {
    return cancellation.interrupt(
        target -> session.tablet().kill(connection, DriverAccess.threadId(target.getConnection())));
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    try {
      discardResults();
    } finally {
      closed = true;
      closeQuietly(pinned);
      pinned = null;
      pinnedOn = null;
      connection.forget(this);
    }
  }

  /** Closes on the connection's behalf, without failing the connection's close. */
  final void closeQuietly() {
    try {
      close();
    } catch (SQLException e) {
      log.debug("closing a statement failed: {}", e.toString());
    }
  }

  @Override
  public boolean isClosed() {
    return closed || session.isClosed(); // Connector/J closes a closed connection's statements
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    ensureOpen();
    closeOnCompletion = true;
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    ensureOpen();
    return closeOnCompletion;
  }

  @Override
  public Connection getConnection() throws SQLException {
    ensureOpen();
    return connection;
  }

  // ------------------------------------------------------------------ options

  @Override
  public int getMaxFieldSize() throws SQLException {
    ensureOpen();
    return options.maxFieldSize();
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    ensureOpen();
    options.maxFieldSize(max);
  }

  @Override
  public int getMaxRows() throws SQLException {
    return (int) getLargeMaxRows();
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    ensureOpen();
    return options.maxRows();
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    ensureOpen();
    options.maxRows(max);
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    ensureOpen();
    options.escapeProcessing(enable);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    ensureOpen();
    return options.queryTimeout();
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    ensureOpen();
    options.queryTimeout(seconds);
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    ensureOpen();
    options.cursorName(name);
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    ensureOpen();
    options.fetchDirection(direction);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    ensureOpen();
    return options.fetchDirection();
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    ensureOpen();
    options.fetchSize(rows);
  }

  @Override
  public int getFetchSize() throws SQLException {
    ensureOpen();
    return options.fetchSize();
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    ensureOpen();
    return shape.concurrency();
  }

  @Override
  public int getResultSetType() throws SQLException {
    ensureOpen();
    return shape.type();
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    ensureOpen();
    return shape.holdability();
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    ensureOpen();
    options.poolable(poolable);
  }

  @Override
  public boolean isPoolable() throws SQLException {
    ensureOpen();
    return options.poolable();
  }

  // ------------------------------------------------------------------ wrapper

  /**
   * Unwraps to what the driver's statement is, as a direct connection would: to a driver type, the
   * session reserves its connection (the physical statement must outlive an execution), and the
   * physical statement made there becomes this statement's for every execution on it.
   */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (closed || !isWrapperFor(iface)) {
      // The driver's own refusal, or its closed statement (it unwraps one as it is).
      return onPooledPhysical(s -> s.unwrap(iface));
    }
    return session.onReserved(
        ReserveReason.UNTRACKED_STATE,
        "Statement.unwrap(" + iface.getName() + ")",
        reserved -> {
          if (pinned == null || pinnedOn != reserved) {
            closeQuietly(pinned);
            String text = pinnedTextOn();
            pinned = newPhysical(reserved, text);
            pinnedOn = reserved;
            pinnedText = madeFor(text);
          }
          return pinned.unwrap(iface);
        });
  }

  /** The text a statement pinned on the reserved connection is prepared with: none here. */
  String pinnedTextOn() {
    return null;
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || onPooledPhysical(s -> s.isWrapperFor(iface));
  }

  /** A call on a physical statement made this statement's way, on a pooled connection. */
  private <T> T onPooledPhysical(PhysicalStatementCall<T> call) throws SQLException {
    return session.reproduceOnPooled(c -> {
      try (Statement physical = newPhysical(c, pinnedTextOn())) {
        return call.apply(physical);
      }
    });
  }

  @FunctionalInterface
  private interface PhysicalStatementCall<T> {
    T apply(Statement physical) throws SQLException;
  }
}
