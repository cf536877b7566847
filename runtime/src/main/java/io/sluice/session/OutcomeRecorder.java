package io.sluice.session;

import io.sluice.jdbc.InternalQuery;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Physical;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the session what a successful statement left that MySQL answers later on the same
 * connection: {@code LAST_INSERT_ID()}, {@code ROW_COUNT()}, {@code FOUND_ROWS()} and the values
 * {@link ServerHistory} reads back, from the statement's outcome and, where that does not tell,
 * from its connection before it goes back.
 */
final class OutcomeRecorder {
  private static final Logger log = LoggerFactory.getLogger(OutcomeRecorder.class);

  private final Session session;
  /** The connection died after the execution had succeeded: it must not be handed on. */
  boolean connectionLost;

  OutcomeRecorder(Session session) {
    this.session = session;
  }

  /**
   * Records a successful execution's outcome in the session, and reads back on its connection
   * what the outcome alone does not tell.
   *
   * @param oneText whether the plan is the only text the execution ran (a batch of several texts'
   *     first plan does not tell its insert id)
   */
  void record(
      Statement physical,
      long insertId,
      long updateCount,
      long rows,
      StatementPlan plan,
      boolean oneText)
      throws SQLException {
    session.recordOutcome(plan.kind(), insertId, updateCount, rows);
    ServerHistory history = ServerHistory.of(plan, session.tablet());
    if (history != null) {
      session.settleDiagnostics();
      readServerHistory(physical.getConnection(), history); // before a probe changes FOUND_ROWS()
    }
    if ((history == null || !history.readsInsertId())
        && insertId != 0 && insertId != -1 && insertsRows(plan)
        && !(oneText && idFromOkPacket(plan, physical.getConnection()))) {
      // The OK packet's insert id is also an explicit value written to an AUTO_INCREMENT
      // column (INSERT ... SELECT included), which LAST_INSERT_ID() ignores: only the connection
      // knows which it was.
      probe(physical.getConnection(), "SELECT LAST_INSERT_ID()", v -> session.insertIdRead(v[0]));
    }
  }

  /** {@link InsertIds#fromOkPacket}; a failure to learn leaves the id to be read. */
  private boolean idFromOkPacket(StatementPlan plan, Connection connection) {
    try {
      return InsertIds.fromOkPacket(plan, session, connection);
    } catch (SQLException e) {
      connectionLost = Physical.isLost(e);
      log.debug("learning a table's AUTO_INCREMENT column failed: {}", e.toString());
      return false;
    }
  }

  /**
   * Reads values the statement just left on its connection. The statement has succeeded, so a
   * failure here never becomes its error: the values keep what the OK packet said, and a
   * connection that died meanwhile is dealt with as {@link #connectionLost} says.
   */
  private void readServerHistory(Connection connection, ServerHistory history) {
    probe(connection, history.readBack, v -> session.serverHistory(history, v));
  }

  private void probe(Connection connection, String sql, Consumer<long[]> read) {
    session.settleDiagnostics();
    try (Statement probe = InternalQuery.statement(connection);
        ResultSet values = InternalQuery.results(probe, sql)) {
      values.next();
      long[] row = new long[values.getMetaData().getColumnCount()];
      for (int i = 0; i < row.length; i++) {
        row[i] = values.getLong(i + 1);
      }
      read.accept(row);
    } catch (SQLException e) {
      connectionLost = Physical.isLost(e);
      log.debug("reading the values a statement left failed: {}", e.toString());
    }
  }

  private static boolean insertsRows(StatementPlan plan) {
    return plan.kind() == StatementKind.INSERT || plan.kind() == StatementKind.REPLACE;
  }

  /**
   * Records the outcome of a result that stayed on the server, once the application closed it:
   * only now has the server sent every row.
   */
  void recordAttached(Connection connection, StatementPlan plan) {
    session.recordOutcome(plan.kind(), 0, -1, -1);
    readServerHistory(connection, ServerHistory.afterAttached(plan, session.tablet()));
  }
}
