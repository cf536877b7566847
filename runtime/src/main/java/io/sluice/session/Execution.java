package io.sluice.session;

import io.sluice.sql.Route;
import io.sluice.sql.SessionEvent;
import io.sluice.sql.ShowDiagnostics;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Physical;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical statement's executions, as {@link SessionEntry#execute} runs them: the execution
 * under way, the physical statement its body runs, and the capture of everything the application
 * may ask afterwards before the physical connection goes back. What it does before its body runs
 * (the driver's own checks, what Sluice answers itself: USE, a KILL of a session of this JVM, SHOW
 * WARNINGS from the session's diagnostics) is {@link Preflight}'s, on these fields. The session
 * does the rest: its lock, the connection with the session's state applied, and what the
 * connection's end means for it.
 *
 * <p>One per logical statement, reused by each execution: the execution under way is held in
 * its fields, so running one allocates nothing of its own.
 */
final class Execution {
  private static final Logger log = LoggerFactory.getLogger(Execution.class);

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

  /** An update call: its count stays on the physical statement, which the capture reads. */
  @FunctionalInterface
  interface UpdateCall {
    long apply(Statement physical, String sql) throws SQLException;
  }

  /** The call of an update, whose first outcome is a count. */
  static Call updating(UpdateCall call) {
    return (s, text) -> {
      call.apply(s, text);
      return false;
    };
  }

  final LogicalStatement statement;
  final Session session;
  final StatementOptions options;
  final StatementWarnings warnings;
  private final OutcomeRecorder outcome;
  final boolean prepared;
  final Cancellation cancellation = new Cancellation();

  // What the last execution captured, for the application to ask after its connection went back.
  Results results = Results.NONE;
  private ResultSet generatedKeys;
  private boolean keysRequested;
  /**
   * What a physical {@code executeQuery} returned for a statement that produced no result set
   * (an OK packet: {@code SELECT ... INTO}, a CALL without results): the driver hands it to
   * executeQuery's caller only, outside the statement's outcomes.
   */
  private ResultSet queryWithoutRows;

  // The execution under way as the statement asked for it; its text and plan become those of
  // the answer where Sluice answers a SHOW WARNINGS.
  String sql;
  StatementPlan plan;
  boolean wantKeys;
  Expect expect;
  /** The statement's work on its physical connection, which the session runs. */
  Body body;

  // What Preflight decided before the body runs, for the rest of the execution.
  /** Whether the session's settings may ride on the text as hints. */
  boolean hints;
  /** A SHOW WARNINGS/ERRORS Sluice answers, its text and plan as the application gave them. */
  ShowDiagnostics show;
  String shown;
  StatementPlan showPlan;
  /** A {@code KILL [QUERY] n} of the session itself, and whether it is a KILL CONNECTION. */
  boolean killsSelf;
  boolean killsConnection;
  /**
   * Whether the execution runs through Connector/J's server-side cursor, whose loss of the
   * connection leaves the application's connection open (see {@link Session#reportLoss}).
   */
  boolean lossLeavesOpen;

  // The execution on its connection: its physical statement, whether the driver holds its
  // results open past the statement's close, and a batch's counts.
  private Statement physical;
  /** The execution's lease while its body runs: what a kept server statement is keyed by. */
  Lease leased;
  private boolean resultsHeldOpen;
  long[] batchCounts;
  private long started;
  private boolean evict;
  /** The execution failed because its connection is gone. */
  boolean lost;
  /** Its first result stays open on its connection until the application closes it. */
  private boolean attached;

  /**
   * The batch the execution runs, or null: its statements share one connection, which then
   * carries the session's settings itself (a batch's texts carry no hints).
   */
  Batch batch;

  Execution(LogicalStatement statement) {
    this.statement = statement;
    this.session = statement.session;
    this.options = statement;
    this.warnings = statement.warnings;
    this.outcome = new OutcomeRecorder(session);
    this.prepared = statement instanceof PreparedStatement;
  }

  /** Readies the next execution, for {@link SessionEntry#execute}. */
  Execution of(String sql, StatementPlan plan, boolean wantKeys, Expect expect, Body body) {
    this.sql = sql;
    this.plan = plan;
    this.wantKeys = wantKeys;
    this.expect = expect;
    this.body = body;
    return this;
  }

  /** Makes the next execution the batch's. */
  void batch(Batch batch) {
    this.batch = batch;
  }

  // ------------------------------------------------------------------ what it captured

  /** Before an execution: the last one's outcome goes, and its open results close. */
  void discard(boolean keepWarnings) throws SQLException {
    Results previous = results;
    results = Results.NONE;
    warnings.discard(keepWarnings);
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
  boolean queried(Statement physical, ResultSet returned) throws SQLException {
    if (physical.getResultSet() != null) {
      return true;
    }
    queryWithoutRows = ResultDetacher.detach(returned, statement);
    return false;
  }

  /** What executeQuery returns: the first result set, or the driver's one without rows. */
  ResultSet queryResult() {
    ResultSet first = results.resultSet();
    return first != null ? first : queryWithoutRows;
  }

  /** The generated keys, where the execution asked for them. */
  ResultSet generatedKeys() throws SQLException {
    if (!keysRequested) {
      throw DriverErrors.generatedKeysNotRequested();
    }
    return generatedKeys;
  }

  // ------------------------------------------------------------------ on a connection

  /** Before the session runs the execution's body on the lease's connection. */
  void starting(Lease lease) {
    leased = lease;
    started = System.nanoTime();
    batchCounts = null;
    outcome.connectionLost = false;
    evict = false;
    lost = false;
    attached = false;
  }

  /**
   * Captures the outcome of the body, which has run on the lease's connection.
   *
   * @param first whether the first outcome is a result set
   */
  void captured(Lease lease, boolean first) throws SQLException {
    boolean untracked =
        (lease.kind() != Lease.Kind.RESERVED || watchesReserved())
            && plan.kind() != StatementKind.SET
            && lease.hints == null
            && DriverAccess.sessionStateChanged(lease.physical());
    if (batchCounts != null) {
      captureBatch(lease);
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
              new AttachedResultSet(
                  physical.getResultSet(), statement, physical, lease, plan, awaited));
      attached = true;
      session.resultAttached(lease);
    } else {
      capture(first, lease);
      if (plan.route().absorb() == Route.Absorb.SET) {
        SetAbsorber.absorb(session, plan, lease, warnings.pending());
      }
    }
    if (untracked && lease.kind() == Lease.Kind.RESERVED) {
      session.reservedStateUnseen();
    } else if (untracked && !attached) {
      // The statement changed state Sluice did not predict (a trigger set a variable...): that
      // state is on this connection only. (A SET_VAR hint that changes a value raises the
      // tracker's flag by itself, measured on 8.0.31, so hinted statements are not judged.)
      session.reserveLeased(lease, SessionEvent.STATE_CHANGE_UNPREDICTED.reason(), plan.digest());
    }
  }

  /**
   * Whether a statement on the reserved connection is judged by the server's tracker: only when
   * the session may give the connection back, and only where Sluice did not predict the change
   * itself (a temporary table's creation or drop).
   */
  private boolean watchesReserved() {
    return session.context().config().releaseReservedWhenClean()
        && !plan.has(StatementPlan.TEMPORARY_TABLE);
  }

  /**
   * Makes a physical statement the execution's own: applies the statement's options and lets
   * cancel() reach it.
   */
  <S extends Statement> S start(S statement) throws SQLException {
    physical = statement;
    resultsHeldOpen = ResultDetacher.holdResultsOpen(statement);
    options.applyTo(statement);
    cancellation.begin(statement);
    return statement;
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
   * Captures everything the application may ask after the physical statement is gone, and what
   * the session answers later for LAST_INSERT_ID(), ROW_COUNT() and FOUND_ROWS().
   */
  private void capture(boolean first, Lease lease) throws SQLException {
    // Generated keys first: Connector/J derives them from the current update count, which
    // draining the results moves past.
    keysRequested = wantKeys;
    if (wantKeys) {
      generatedKeys = ResultDetacher.detach(physical.getGeneratedKeys(), statement);
    }
    warnings.capture(physical, plan, !lease.pooled(), !DriverAccess.serverPrepared(physical));
    long insertId = DriverAccess.lastInsertId(physical); // draining resets it
    results = Results.drain(physical, first, statement);
    outcome.record(
        physical,
        insertId,
        results.lastUpdateCount(),
        results.rowsOfFirstResult(),
        plan,
        batch == null || batch.oneText);
  }

  /** Captures a batch's outcome. */
  private void captureBatch(Lease lease) throws SQLException {
    long[] counts = batchCounts;
    results = Results.NONE;
    warnings.capture(physical, plan, !lease.pooled(), false);
    keysRequested = wantKeys;
    if (wantKeys) {
      generatedKeys = ResultDetacher.detach(physical.getGeneratedKeys(), statement);
    }
    outcome.record(
        physical,
        DriverAccess.lastInsertId(physical),
        counts.length == 0 ? 0 : counts[counts.length - 1],
        -1,
        plan,
        batch.oneText);
  }

  /**
   * The exception the application sees for a failed execution, and what it leaves: a server error
   * ran and failed; a timeout or a lost connection evicts the connection.
   *
   * @param sent the text sent, or null if it failed before
   */
  SQLException failed(Lease lease, String sent, SQLException thrown) throws SQLException {
    SQLException e = DriverErrors.asDriverWould(lease.physical(), thrown);
    lost = Physical.isLost(e);
    evict = e instanceof SQLTimeoutException || lost;
    if (!evict && e.getErrorCode() != 0) {
      // The server's error (the driver's own carry no code): the statement ran, and failed.
      // What it leaves depends on the kind the server's parser met first, also for a text
      // sent as rejected.
      session.recordFailure(session.plans().plan(sql).kind());
      if (sent != null && !sent.equals(sql) && statement.parsesAsSent()) {
        e = OriginalParse.errorFor(lease.physical(), sql, e);
      }
    }
    warnings.failed(lease, e);
    return e;
  }

  /**
   * Whether a statement that failed with a connection error may run again on another connection:
   * a single SELECT without locks, assignments or counts kept on the connection, on a pooled
   * connection lent for it alone. Running it again cannot change anything, whether or not it ran;
   * any other statement may already have changed data, so its error is the application's.
   */
  boolean mayRetry(Lease lease, SQLException e) {
    return lease.pooled()
        && batch == null
        && Physical.isLost(e)
        && !cancellation.requested()
        && plan.route().retryable();
  }

  /** Whether the driver closes the application's connection when this execution's is lost. */
  boolean lossCloses() {
    return !lossLeavesOpen;
  }

  /**
   * Ends the execution on its connection: the physical statement is closed (or kept), unless its
   * result stays open on the connection ({@link #attachedResult}).
   *
   * @return whether the connection must be evicted: a cancel or timeout's {@code KILL QUERY} may
   *     still come, or it died after the statement succeeded
   */
  boolean end(Lease lease, boolean succeeded) {
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
      statement.release(physical, evict);
    }
    physical = null;
    leased = null;
    return evict;
  }

  /** Whether the execution's first result stays open on its connection. */
  boolean attachedResult() {
    return attached;
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

  /** Closes a physical statement, without failing what closes it. */
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

  /** After the execution, whatever its end, still under the session's lock. */
  void done() {
    body = null; // it may hold the parameters' values (streams, LOBs) of a prepared statement
    warnings.answering = false;
    killsSelf = false;
    killsConnection = false;
    if (batch != null) {
      if (batch.redefines) {
        session.tablet().autoIncrementColumns().forget();
      }
      batch = null;
    }
  }

  // ------------------------------------------------------------------ after an attached result

  /**
   * An attached result set was closed. Only now has the server sent every row of a streamed or
   * cursor result, so only now do its warnings, FOUND_ROWS() and a LAST_INSERT_ID(expr) evaluated
   * per row hold what the application would read next; and what the driver sent after it (a
   * streamed result's restoring SET) counts as on a direct connection.
   *
   * @param awaited the session's diagnostics while the result was open, or null where it answered
   *     SHOW WARNINGS; they are replaced only if no other statement has reported since
   * @return whether the connection must be evicted
   */
  boolean attachedClosed(
      Statement physical, Lease lease, StatementPlan plan, Diagnostics awaited, boolean evict) {
    outcome.connectionLost = false;
    boolean diagnose = !evict && awaited != null && session.diagnostics() == awaited;
    if (!evict && (diagnose || warnings.pending())) {
      outcome.connectionLost = warnings.readClosed(physical, plan, diagnose);
    }
    statement.release(physical, evict || outcome.connectionLost);
    if (!evict && !outcome.connectionLost) {
      outcome.recordAttached(lease.physical(), plan);
    }
    return evict || (outcome.connectionLost && lease.pooled());
  }
}
