package io.sluice.session;

import io.sluice.sql.RewritePoint;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Physical;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A statement's warnings as Connector/J keeps them, and the session's diagnostics area that each
 * execution replaces: what {@code getWarnings()} returns, what {@code SHOW WARNINGS}, {@code
 * @@warning_count} and {@code GET DIAGNOSTICS} read afterwards. Each execution's are captured
 * before its physical connection goes back (or left where MySQL keeps them, on a connection the
 * session holds), with the warnings MySQL would have raised for what Sluice rewrote.
 */
final class StatementWarnings {
  private static final Logger log = LoggerFactory.getLogger(StatementWarnings.class);

  private final Session session;
  private final StatementOptions options;
  /**
   * Warnings as Connector/J keeps them: the chain getWarnings() has returned, the last
   * execution's warnings it has not fetched yet, and whether clearWarnings() came since.
   */
  private SQLWarning chain;
  private SQLWarning pending;
  /**
   * The last execution's warnings where they were left on the session's held connection ({@link
   * #leftOnConnection}), until getWarnings() asks: null otherwise.
   */
  private Diagnostics left;
  private boolean cleared;
  /**
   * Whether the execution under way answers SHOW WARNINGS/ERRORS/COUNT(*) from the session's
   * diagnostics, which it must leave as they are.
   */
  boolean answering;

  StatementWarnings(Session session, StatementOptions options) {
    this.session = session;
    this.options = options;
  }

  /** Appends the last execution's warnings to the chain, once, as Connector/J fetches them. */
  SQLWarning get() throws SQLException {
    if (cleared) {
      return null;
    }
    if (left != null) {
      pending = SessionEntry.warningsLeft(session, left);
      left = null;
    }
    if (chain == null) {
      chain = pending;
    } else if (pending != null) {
      chain.setNextWarning(pending);
    }
    pending = null;
    return chain;
  }

  /** Until the next execution, getWarnings() returns null. */
  void clear() {
    cleared = true;
    chain = null;
  }

  /**
   * Before an execution: the previous one's warnings are gone.
   *
   * @param keepChain whether the chain fetched already stays ({@link
   *     LogicalStatement#keepsWarnings})
   */
  void discard(boolean keepChain) {
    if (!keepChain) {
      chain = null;
    }
    pending = null;
    left = null;
    cleared = false;
  }

  /** Whether the last execution's warnings are still to be fetched by getWarnings(). */
  boolean pending() {
    return pending != null;
  }

  /**
   * For a result that stays on the server: its warnings arrive after its rows, and are read when
   * it closes ({@link #readClosed}); only Sluice's own copies are known now.
   */
  void awaitRows(Statement physical, StatementPlan plan) throws SQLException {
    pending =
        DriverAccess.serverPrepared(physical) || options.fetchesByCursor(physical)
            ? null
            : withRewriteWarnings(plan, null);
  }

  /**
   * Captures a successful execution's warnings: left on a connection the session holds where
   * that is possible ({@link #leftOnConnection}), else read now.
   *
   * @param held whether the session holds the connection (a transaction's or a reserved one)
   * @param rewritten whether the warnings of Sluice's rewrites come first
   */
  void capture(Statement physical, StatementPlan plan, boolean held, boolean rewritten)
      throws SQLException {
    if (!(held && leftOnConnection(physical, plan))) {
      read(physical, plan, rewritten);
    }
  }

  /**
   * On a connection the session holds, leaves the execution's warnings where MySQL keeps them
   * until something asks (as Connector/J does): only their count, from the last OK or EOF packet,
   * is known now, and none are read when it is 0. Not for what Sluice follows up on the
   * connection itself (a SET's values, its own warnings of a rewrite), nor where the driver does
   * not tell the count.
   *
   * @return whether the warnings were left there
   */
  private boolean leftOnConnection(Statement physical, StatementPlan plan) throws SQLException {
    boolean shown = answering && session.diagnosticsPendingOnHeld();
    if ((answering && !shown)
        || !options.readsBuffered()
        || plan.kind() == StatementKind.SET
        || withRewriteWarnings(plan, null) != null) {
      return false;
    }
    Connection connection = physical.getConnection();
    int count = DriverAccess.warningCount(connection);
    if (count < 0) {
      return false;
    }
    pending = null;
    if (shown) {
      // A SHOW WARNINGS MySQL answered: the diagnostics area is still the previous statement's.
      left = count == 0 ? null : session.diagnostics();
      return true;
    }
    Diagnostics area = count == 0 ? Diagnostics.NONE : Diagnostics.pending(connection);
    left = count == 0 ? null : area;
    session.diagnostics(area);
    return true;
  }

  /**
   * Reads the execution's warnings before anything else runs on the connection: once (SHOW
   * WARNINGS), and only where the last OK or EOF packet counted some, into both the chain
   * getWarnings() returns (made as the driver makes it) and the session's diagnostics area. Where
   * the driver does not tell the count, the execution answers a SHOW WARNINGS, or Sluice's read
   * would not be buffered ({@link StatementOptions#readsBuffered}), the driver reads them for the
   * chain, as before.
   *
   * @param rewritten whether the warnings of Sluice's rewrites come first
   */
  private void read(Statement physical, StatementPlan plan, boolean rewritten) throws SQLException {
    Connection connection = physical.getConnection();
    int count = answering || !options.readsBuffered() ? -1 : DriverAccess.warningCount(connection);
    Diagnostics read = null;
    if (count >= 0) {
      try {
        read = count == 0 ? Diagnostics.NONE : Diagnostics.of(connection);
      } catch (SQLException e) {
        if (Physical.isLost(e)) {
          throw e; // the driver closed the statement with its connection: its results are gone
        }
        // The statement succeeded (a KILL QUERY landing now...): the driver reads them instead.
      }
    }
    if (read == null) {
      SQLWarning server = physical.getWarnings();
      keep(physical, rewritten ? withRewriteWarnings(plan, server) : server, server);
      return;
    }
    SQLWarning server = read.chain();
    pending = rewritten ? withRewriteWarnings(plan, server) : server;
    session.diagnostics(Diagnostics.after(pending, server, read));
  }

  /**
   * Takes the execution's warnings, and makes them the session's diagnostics area, read on the
   * connection before any query of Sluice's own can clear it there.
   */
  private void keep(Statement physical, SQLWarning warnings, SQLWarning server)
      throws SQLException {
    pending = warnings;
    if (!answering) {
      session.diagnostics(Diagnostics.after(physical.getConnection(), warnings, server));
    }
  }

  /**
   * After a failed execution: a server error leaves its conditions in the connection's diagnostics
   * area; a lost connection leaves none; an error of the driver's own, raised before anything was
   * sent, leaves the session's as they were.
   */
  void failed(Lease lease, SQLException e) {
    if (answering) {
      return; // an answer to SHOW WARNINGS leaves the session's diagnostics as they are
    }
    if (Physical.isLost(e)) {
      session.diagnostics(Diagnostics.NONE);
    } else if (e.getErrorCode() > 0) {
      session.diagnostics(Diagnostics.afterError(lease.physical(), e));
    }
  }

  /**
   * The warnings MySQL would have added for what Sluice answered itself: each FOUND_ROWS() read
   * draws a deprecation warning on MySQL 8.0.17 and later, raised while parsing, so first (and
   * so not for a statement the server prepared: see {@link DriverAccess#serverPrepared}). In a
   * text of several statements the server answers FOUND_ROWS() itself, and warns itself.
   */
  private SQLWarning withRewriteWarnings(StatementPlan plan, SQLWarning server) {
    if (!plan.has(StatementPlan.FOUND_ROWS_READ)
        || plan.has(StatementPlan.MULTI_STATEMENT)
        || !session.tablet().deprecatesFoundRows()) {
      return server;
    }
    SQLWarning first = null;
    SQLWarning last = null;
    for (RewritePoint read : plan.functionReads()) {
      if (read.target() == RewritePoint.Target.FOUND_ROWS) {
        SQLWarning warning =
            new SQLWarning(
                "FOUND_ROWS() is deprecated and will be removed in a future release. Consider"
                    + " using COUNT(*) instead.",
                "HY000",
                1287);
        if (first == null) {
          first = warning;
        } else {
          last.setNextWarning(warning);
        }
        last = warning;
      }
    }
    if (last != null && server != null) {
      last.setNextWarning(server);
    }
    return first != null ? first : server;
  }

  /**
   * Reads the closed result's warnings: for getWarnings(), where the application has not fetched
   * them yet, and where {@code diagnose}, for the session's diagnostics.
   *
   * @return whether the connection was found dead meanwhile
   */
  boolean readClosed(Statement physical, StatementPlan plan, boolean diagnose) {
    try {
      SQLWarning server = physical.getWarnings();
      if (pending != null) {
        pending = warningsAfterClose(physical, plan, server);
      }
      if (diagnose) {
        readDiagnostics(physical, server);
      }
      return false;
    } catch (SQLException e) {
      if (diagnose) {
        session.diagnostics(Diagnostics.NONE);
      }
      log.debug("reading a closed result's warnings failed: {}", e.toString());
      return Physical.isLost(e);
    }
  }

  /**
   * The warnings getWarnings() reports once a result that stayed on the server is closed: the
   * server's arrive after the rows, and a streamed result's close sends Connector/J's restoring
   * SET, whose warnings (none) replace the result's own, Sluice's copies of what the server would
   * have warned included.
   */
  private SQLWarning warningsAfterClose(Statement physical, StatementPlan plan, SQLWarning server)
      throws SQLException {
    return StatementOptions.streams(physical) && options.defaults.resetsAfterStreaming()
        ? server
        : withRewriteWarnings(plan, server);
  }

  /**
   * The closed result's diagnostics, as the connection holds them. A statement's warnings the
   * driver reports only when the last reply counted any, and then reads the server's (SHOW
   * WARNINGS, which leaves FOUND_ROWS() alone), so ROW_COUNT() is read after them as it stands;
   * a cursor's statement does not report its cursor's, so those are read on the connection,
   * where ROW_COUNT() stays the cursor's SELECT's, -1.
   */
  private void readDiagnostics(Statement physical, SQLWarning server) throws SQLException {
    session.diagnostics(
        server == null && options.fetchesByCursor(physical)
            ? Diagnostics.of(physical.getConnection())
            : Diagnostics.after(physical.getConnection(), server, server));
  }
}
