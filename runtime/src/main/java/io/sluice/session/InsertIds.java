package io.sluice.session;

import io.sluice.sql.InsertTarget;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.AutoIncrementColumns;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * When the insert id of an INSERT's or REPLACE's OK packet is what {@code LAST_INSERT_ID()} says
 * after it, so that the session need not read it from the connection. They differ when the
 * statement gives its table's AUTO_INCREMENT column an explicit value: the OK packet reports that
 * value, LAST_INSERT_ID() ignores it. A statement whose explicit column list does not name that
 * column cannot give it one ({@link io.sluice.tablet.AutoIncrementColumns} says which column it is,
 * and where a trigger could). Everything else is read from the connection, and so is everything on
 * a reserved connection, where a temporary table (which only such a connection holds) may stand
 * for the table named.
 */
final class InsertIds {
  private InsertIds() {}

  /**
   * Whether the OK packet's insert id of a statement of {@code plan}, run on {@code physical},
   * is LAST_INSERT_ID(). The statement has succeeded and its diagnostics have been read: this may
   * run a query of Sluice's own there (once per table).
   */
  static boolean fromOkPacket(StatementPlan plan, Session session, Connection physical)
      throws SQLException {
    InsertTarget target = plan.insertTarget();
    if (target == null
        || plan.has(StatementPlan.LAST_INSERT_ID_WRITE)
        || session.isReserved()) { // a temporary table there may hide the base table's name
      return false;
    }
    String schema = target.schema() != null ? target.schema() : database(physical);
    if (schema == null) {
      return false;
    }
    AutoIncrementColumns columns = session.tablet().autoIncrementColumns();
    String column =
        columns.column(physical, schema, target.table(), session::settleDiagnostics);
    return column != null && !target.names(column);
  }

  /** The connection's current database, as its driver knows it (no round trip). */
  private static String database(Connection physical) throws SQLException {
    String catalog = physical.getCatalog();
    return catalog != null && !catalog.isEmpty() ? catalog : physical.getSchema();
  }

  /**
   * Whether a statement may change a table's definition (its AUTO_INCREMENT column, its
   * triggers), so that what the tablet learned of tables must be forgotten: DDL, and statements
   * whose effect Sluice does not see (a procedure, a prepared statement, several statements, an
   * unclassified text).
   */
  static boolean mayRedefineTables(StatementPlan plan) {
    StatementKind kind = plan.kind();
    return kind == StatementKind.DDL
        || kind == StatementKind.CALL
        || kind == StatementKind.EXECUTE
        || kind == StatementKind.OTHER
        || plan.has(StatementPlan.MULTI_STATEMENT | StatementPlan.UNPARSED);
  }
}
