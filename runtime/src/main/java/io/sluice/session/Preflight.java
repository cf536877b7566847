package io.sluice.session;

import io.sluice.sql.Kill;
import io.sluice.sql.Route;
import io.sluice.sql.SessionEvent;
import io.sluice.sql.SqlClassifier;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Physical;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an execution does under the session's lock before its body runs ({@link
 * SessionEntry#execute}): the checks the application's driver makes before it sends anything
 * (it refuses a text for the call, asks the server whether the transaction is read-only, sends a
 * SET first), what Sluice answers itself without a connection ({@code USE}, a {@code KILL} of a
 * session of this JVM) and the SHOW WARNINGS/ERRORS it answers from the session's diagnostics;
 * then, once the execution has its connection, what that answer still needs there.
 *
 * <p>Static methods on the {@link Execution}, whose fields hold the execution under way and what
 * these decide for the rest of it (hints, a KILL of the session itself, the SHOW answered): a
 * statement costs no object more, and the statement's path no frame more, than when they were the
 * execution's own methods.
 */
final class Preflight {
  /** Named for Execution, whose messages these were: the log levels set for it still apply. */
  private static final Logger log = LoggerFactory.getLogger(Execution.class);
  private static final AtomicBoolean FOREIGN_KILL_WARNED = new AtomicBoolean();

  private Preflight() {}

  /**
   * What the execution does before it has a connection: the checks the application's driver
   * makes, and what Sluice answers itself.
   *
   * @return whether it was answered without a connection (as an update count of 0)
   */
  static boolean answeredWithoutConnection(Execution e) throws SQLException {
    Session session = e.session;
    Batch batch = e.batch;
    Expect expect = e.expect;
    if (batch != null) {
      if (batch.controlsSession) {
        // Sluice follows such changes only statement by statement.
        session.reservedConnection(
            SessionEvent.BATCH_CONTROLS_SESSION.reason(),
            "batch with transaction or schema control");
      }
      e.statement.beforeExecution();
    }
    if (driverRefuses(session, expect, e.sql)) {
      throw DriverVerdicts.of(session.tablet().driverClass()).refusal(expect, e.prepared);
    }
    boolean asksReadOnly = (batch != null || expect == Expect.ANY) && asksReadOnly(e);
    session.reportLoss(!asksReadOnly);
    if (asksReadOnly) {
      session.driverSelectedOneRow();
    }
    StatementOptions options = e.options;
    if (expect != Expect.COUNT
        && batch == null
        && options.streams()
        && options.defaults.resetsAfterStreaming()) {
      // Connector/J raises net_write_timeout for a streamed result with a SET first.
      session.driverRanSet();
    }
    e.lossLeavesOpen =
        expect != Expect.COUNT && batch == null && options.runsThroughCursor() && !e.prepared;
    if (e.plan.route().absorb() == Route.Absorb.USE) {
      session.diagnostics(Diagnostics.NONE);
      session.use(e.plan.useSchema());
      session.recordOutcome(StatementKind.USE, 0, 0, -1);
      e.results = Results.ofUpdateCount(0);
      return true;
    }
    Kill kill = e.plan.kill();
    if (kill != null) {
      Session target = kill.id() == Kill.SELF ? session : SessionIds.live(kill.id());
      if (target == session) {
        killSelf(e, kill.connection());
        return false;
      }
      if (killOther(e, target, kill.connection())) {
        return true;
      }
    }
    e.show = e.plan.showDiagnostics();
    e.shown = e.sql;
    e.showPlan = e.plan;
    if (e.show != null) {
      e.warnings.answering = true;
      if (session.diagnosticsPendingOnHeld()) {
        // The held connection's diagnostics area is still the session's: MySQL answers there,
        // as on the application's own connection (and the driver reads it its own way).
        e.show = null;
      } else {
        answer(e);
      }
    }
    boolean fits =
        expect == Expect.ANY
            || (expect == Expect.RESULTS) == (e.plan.kind() == StatementKind.SELECT)
            || !session.tablet().hintsAsStatementPrefix();
    e.hints = batch == null && fits;
    return false;
  }

  /**
   * Whether the application's driver refuses {@code sql} for this kind of call ({@link
   * DriverVerdicts}): the application's text is judged before anything runs, and a text Sluice
   * rewrote that the driver would judge otherwise runs through {@code execute}.
   */
  static boolean driverRefuses(Session session, Expect expect, String sql) throws SQLException {
    return DriverVerdicts.of(session.tablet().driverClass())
        .refuses(expect, sql, session.plans().mode().noBackslashEscapes());
  }

  /** The execution becomes the session's answer to the SHOW WARNINGS/ERRORS it is. */
  private static void answer(Execution e) {
    e.sql = e.session.diagnostics().answer(e.show);
    e.plan = SqlClassifier.classify(e.sql);
  }

  /**
   * Whether the application's driver asks the server whether the transaction is read-only before
   * this execute or batch: unless it keeps its own view of that, for every batch and every text
   * it does not judge read-only safe.
   */
  private static boolean asksReadOnly(Execution e) throws SQLException {
    Session session = e.session;
    return !session.tablet().driverKeepsOwnView("transaction_read_only")
        && (e.batch != null
            || DriverVerdicts.of(session.tablet().driverClass())
                .asksReadOnly(e.sql, session.plans().mode().noBackslashEscapes()));
  }

  /**
   * {@code KILL [QUERY] n} of this session itself: MySQL interrupts the KILL statement (1317), and
   * a KILL CONNECTION then ends the connection. The KILL QUERY goes to the connection the statement
   * runs on, for the driver's own error; a KILL CONNECTION ends the session after it ({@link
   * #endsSession}).
   */
  private static void killSelf(Execution e, boolean connection) {
    e.killsSelf = true;
    e.killsConnection = connection;
    e.hints = false;
    e.wantKeys = false;
    e.body =
        (c, text) ->
            e.start(e.statement.shape.create(c)).execute("KILL QUERY " + DriverAccess.threadId(c));
  }

  /** Whether the execution was a KILL CONNECTION of its own session, which ends now. */
  static boolean endsSession(Execution e) {
    return e.killsConnection;
  }

  /**
   * {@code KILL [QUERY] n} of another session of this JVM, which Sluice carries out itself: MySQL
   * knows no thread n. A session of another tablet (another server or user, whose privileges would
   * decide) is left to MySQL, which answers 1094 Unknown thread id.
   *
   * @return whether it was carried out: the application sees MySQL's outcome of a KILL
   */
  private static boolean killOther(Execution e, Session target, boolean connection)
      throws SQLException {
    if (target == null) {
      return false;
    }
    Session session = e.session;
    if (target.tablet() != session.tablet()) {
      if (FOREIGN_KILL_WARNED.compareAndSet(false, true)) {
        log.warn("a KILL names a session of another tablet ({}, not {}): it goes to MySQL,"
            + " which does not know its id", target.tablet().name(), session.tablet().name());
      }
      return false;
    }
    target.killedBy(connection);
    session.diagnostics(Diagnostics.NONE);
    e.results = Results.ofUpdateCount(0);
    if (e.expect == Expect.RESULTS) {
      throw DriverErrors.noResultSet();
    }
    return true;
  }

  /**
   * The execution has its connection: a SHOW WARNINGS the held connection would have answered is
   * answered by Sluice where acquiring ran something of Sluice's own there first (after reading
   * them), and one fetched by cursor gets the conditions the driver's preparing leaves.
   */
  static void acquired(Execution e, Lease lease) {
    if (e.killsSelf) {
      return;
    }
    if (e.showPlan.showDiagnostics() != null && e.show == null
        && !e.session.diagnostics().pendingOn(lease.physical())) {
      e.show = e.showPlan.showDiagnostics();
      answer(e);
    }
    if ((e.show != null || e.plan.has(StatementPlan.DIAGNOSTICS_READ))
        && e.options.fetchSize() > 0
        && e.options.defaults.cursorFetch()
        && e.batch == null
        && !e.prepared) {
      conditionsOfFetching(e, lease.physical());
      if (e.show != null) {
        answer(e);
      }
    }
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
  private static void conditionsOfFetching(Execution e, Connection physical) {
    try {
      Physical.run(physical, "DO 0");
      physical
          .prepareStatement(e.shown, e.statement.shape.type(), e.statement.shape.concurrency())
          .close();
      Diagnostics left = Diagnostics.of(physical);
      if (left.warningCount() > 0) {
        e.session.diagnostics(left);
      }
    } catch (SQLException ex) {
      log.debug("showing a read of diagnostics to the driver failed: {}", ex.toString());
    }
  }
}
