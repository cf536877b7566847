package io.sluice.session;

import io.sluice.sql.ReserveReason;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Physical;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ways into a {@link Session} from its JDBC objects ({@link LogicalConnection}, {@link
 * LogicalStatement}, {@link LogicalPreparedStatement}, {@link LogicalMetaData}): each takes the
 * session's lock, so that, as on Connector/J's connection, one statement or change of state runs
 * at a time, and the parts of the session only ever run under it. Apart from {@link
 * Session#killedBy}, nothing else takes that lock; the JDBC objects never do.
 *
 * <p>{@link #execute} is the one way a statement runs; the others run a change of state, or a
 * call on the physical connection an escape hatch or a metadata call needs. Static, so that a
 * session costs no object more and the statement path no frame more than a method of the
 * session's own.
 */
final class SessionEntry {
  /** The session's logger, which operators know for the statement path. */
  private static final Logger log = LoggerFactory.getLogger(Session.class);

  private SessionEntry() {}

  /**
   * The one way a statement of the application runs. Under the session's lock, as the session's
   * executing statement (which another session's KILL interrupts), the execution first does what
   * it does without a connection ({@link Preflight}); then its body runs on the connection its
   * plan needs, with the session's state applied ({@link Session#acquire}) and the text the
   * session sends ({@link Session#textFor}), and the execution captures its outcome. The
   * connection is then handed back ({@link Session#afterStatement}), or, lost, ends what the
   * session held there ({@link Session#connectionLost}); a read whose pooled connection had died
   * runs once more on another.
   *
   * @return whether the first outcome is a result set
   */
  static boolean execute(Session session, Execution execution) throws SQLException {
    session.lock.lock();
    LogicalStatement outer = session.executing;
    session.executing = execution.statement;
    try {
      if (Preflight.answeredWithoutConnection(execution)) {
        return false;
      }
      try {
        Lease lease = session.acquire(execution.plan, execution.hints);
        Preflight.acquired(execution, lease);
        for (boolean retried = false; ; retried = true) {
          boolean succeeded = false;
          String sent = null;
          SQLException failure;
          execution.starting(lease);
          try {
            ServerHistory history = ServerHistory.of(execution.plan, session.tablet());
            if (history != null) {
              session.settleDiagnostics();
              history.putBefore(lease.physical(), session);
            }
            sent = session.textFor(execution.plan, lease, execution.sql);
            boolean first = execution.body.run(lease.physical(), sent);
            execution.captured(lease, first);
            succeeded = true;
            return first;
          } catch (SQLException thrown) {
            failure = execution.failed(lease, sent, thrown);
            if (execution.lost && !lease.pooled() && !session.killed()) {
              throw session.connectionLost(lease, failure, execution.lossCloses());
            }
            if (retried) {
              throw failure;
            }
          } finally {
            boolean evict = execution.end(lease, succeeded);
            if (!execution.attachedResult()) {
              session.afterStatement(execution.plan, lease, succeeded, evict);
            }
          }
          if (!execution.mayRetry(lease, failure)) {
            throw failure;
          }
          // The connection it was lent had died (killed or dropped while idle): evicted, and a
          // read with no effect is run once more on another, as a pool validating it would have.
          log.debug("retrying a read on a fresh connection after: {}", failure.toString());
          lease = session.acquire(execution.plan, execution.hints);
        }
      } finally {
        if (Preflight.endsSession(execution)) {
          session.endKilled(false);
        }
      }
    } catch (SQLException e) {
      if (session.killed()) {
        session.endKilled(Physical.isLost(e));
      }
      throw e;
    } finally {
      execution.done();
      session.executing = outer;
      session.lock.unlock();
    }
  }

  /**
   * The application closed a result that stayed on its connection ({@link Execution#captured}):
   * the execution reads what it left, and the connection is handed back.
   */
  static void attachedClosed(
      Session session,
      Execution execution,
      Statement physical,
      Lease lease,
      StatementPlan plan,
      Diagnostics awaited,
      boolean evict) {
    session.lock.lock();
    try {
      session.attachedResultClosed(lease);
      session.afterStatement(
          plan, lease, true, execution.attachedClosed(physical, lease, plan, awaited, evict));
    } finally {
      session.lock.unlock();
    }
  }

  /** A change of the session's state (auto-commit, isolation, commit...), run under its lock. */
  @FunctionalInterface
  interface Change {
    void apply() throws SQLException;
  }

  /** Runs {@code change} under the session's lock. */
  static void locked(Session session, Change change) throws SQLException {
    session.lock.lock();
    try {
      change.apply();
    } finally {
      session.lock.unlock();
    }
  }

  /**
   * Runs {@code call} on the session's reserved connection, reserving one for this reason if it
   * has none: for the escape hatches that hand out a physical object ({@link
   * #reservedConnection}).
   */
  static <T> T onReserved(
      Session session, ReserveReason reason, String cause, Session.PhysicalCall<T> call)
      throws SQLException {
    session.lock.lock();
    try {
      return call.apply(session.reservedConnection(reason, cause));
    } finally {
      session.lock.unlock();
    }
  }

  /**
   * Runs {@code call} on the open transaction's connection, opening a transaction if auto-commit
   * is off ({@link Session#transactionConnection}); with auto-commit on there is none, and the
   * call runs on a pooled connection in the tablet's default state for Connector/J's own error.
   */
  static <T> T onTransaction(Session session, Session.PhysicalCall<T> call) throws SQLException {
    session.lock.lock();
    try {
      Connection connection = session.transactionConnection();
      return connection != null ? call.apply(connection) : session.reproduceOnPooled(call);
    } finally {
      session.lock.unlock();
    }
  }

  /**
   * Runs {@code call} on a connection with the session's state ({@link
   * Session#acquireForMetadata}).
   */
  static <T> T onMetadataConnection(Session session, Session.PhysicalCall<T> call)
      throws SQLException {
    session.lock.lock();
    try {
      Lease lease = session.acquireForMetadata();
      try {
        return call.apply(lease.physical());
      } finally {
        session.doneWithMetadata(lease);
      }
    } finally {
      session.lock.unlock();
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
  static SQLWarning warningsLeft(Session session, Diagnostics left) throws SQLException {
    session.lock.lock();
    try {
      if (session.diagnostics() != left) {
        return null;
      }
      if (!session.diagnosticsPendingOnHeld()) {
        return left.chain();
      }
      try (Statement asking = session.held().createStatement()) {
        return asking.getWarnings();
      }
    } finally {
      session.lock.unlock();
    }
  }

  /** A reflective call on a physical connection, for DatabaseMetaData. */
  @FunctionalInterface
  interface ReflectiveCall<T> {
    T apply(Connection physical) throws SQLException, ReflectiveOperationException;
  }

  /**
   * Runs {@code call} on a connection with the session's state, in the database the application's
   * driver believes current ({@link Session#acquireForDatabaseMetaData}).
   */
  static <T> T onDatabaseMetaData(Session session, ReflectiveCall<T> call)
      throws SQLException, ReflectiveOperationException {
    session.lock.lock();
    try {
      Lease lease = session.acquireForDatabaseMetaData();
      try {
        return call.apply(lease.physical());
      } finally {
        session.doneWithDatabaseMetaData(lease);
      }
    } finally {
      session.lock.unlock();
    }
  }
}
