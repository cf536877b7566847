package io.sluice.session;

import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Physical;
import io.sluice.tablet.Tablet;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

/**
 * LAST_INSERT_ID(), FOUND_ROWS() and ROW_COUNT() around the statements that change them in ways
 * only the server sees. The session answers these functions from its own history everywhere else;
 * around these statements the server answers, so the session first puts its history on the
 * connection the statement reads it from (a reserved one, whose own values are those of Sluice's
 * statements there), and afterwards reads back what the next statement would see. What the other
 * statements leave, measured on 8.0.31, is {@link FoundRows}' table.
 */
enum ServerHistory {
  /**
   * A procedure, or several statements in one text: any of them may read or change all three
   * values. ROW_COUNT() read by the text's first statement stays the session's literal (it reads
   * the statement before the text, which only the session knows).
   */
  EVERYTHING(true, true, "SELECT LAST_INSERT_ID(), FOUND_ROWS(), ROW_COUNT()"),
  /** LAST_INSERT_ID(expr): sets the value where it is evaluated, and only there. */
  LAST_INSERT_ID(true, false, "SELECT LAST_INSERT_ID()"),
  /**
   * SQL_CALC_FOUND_ROWS, INSERT ... SELECT (the rows selected), a multi-table UPDATE or DELETE (0),
   * an UPDATE where the driver reports the rows changed rather than matched ({@code
   * useAffectedRows=true}): a count only the server knows; it always replaces FOUND_ROWS().
   */
  FOUND_ROWS(false, false, "SELECT FOUND_ROWS()"),
  /**
   * SHOW, EXPLAIN and other statements whose kind does not tell: SHOW TABLES, DESCRIBE t, EXPLAIN
   * ANALYZE and OPTIMIZE TABLE change FOUND_ROWS(), SHOW CREATE TABLE, EXPLAIN SELECT and CHECK
   * TABLE leave it. Not for SHOW WARNINGS and GET DIAGNOSTICS, which read the previous
   * statement's diagnostics (and leave FOUND_ROWS() alone).
   */
  FOUND_ROWS_MAYBE(false, true, "SELECT FOUND_ROWS()"),
  /**
   * After a result that stayed on the server (streamed, cursor): FOUND_ROWS() and ROW_COUNT() as
   * the connection holds them once the application closed it, after whatever the driver sent
   * then (Connector/J restores net_write_timeout with a SET after a streamed result).
   */
  COUNTS(false, false, "SELECT FOUND_ROWS(), ROW_COUNT()");

  private static final Set<StatementKind> KIND_UNTOLD =
      EnumSet.of(
          StatementKind.SHOW,
          StatementKind.EXPLAIN,
          StatementKind.OTHER,
          StatementKind.LOAD,
          StatementKind.KILL,
          StatementKind.XA,
          StatementKind.EXECUTE,
          StatementKind.HANDLER);

  private final boolean putsInsertId;
  private final boolean putsFoundRows;
  /** What is read back, in the order {@link Session#serverHistory} takes it. */
  final String readBack;

  ServerHistory(boolean putsInsertId, boolean putsFoundRows, String readBack) {
    this.putsInsertId = putsInsertId;
    this.putsFoundRows = putsFoundRows;
    this.readBack = readBack;
  }

  /** Whether LAST_INSERT_ID() is put on the connection before the statement and read back after. */
  boolean readsInsertId() {
    return putsInsertId;
  }

  /** What a statement needs, or null when the session sees its effect on these values itself. */
  static ServerHistory of(StatementPlan plan, Tablet tablet) {
    if (plan.kind() == StatementKind.CALL || plan.has(StatementPlan.MULTI_STATEMENT)) {
      return EVERYTHING;
    }
    if (plan.has(StatementPlan.LAST_INSERT_ID_WRITE)) {
      return LAST_INSERT_ID;
    }
    if (plan.has(StatementPlan.CALC_FOUND_ROWS | StatementPlan.ROWS_FROM_QUERY)
        || (plan.kind() == StatementKind.UPDATE && tablet.countsAffectedRows())) {
      return FOUND_ROWS;
    }
    return KIND_UNTOLD.contains(plan.kind())
            && !plan.has(StatementPlan.DIAGNOSTICS | StatementPlan.DIAGNOSTICS_SHOW)
        ? FOUND_ROWS_MAYBE
        : null;
  }

  /**
   * What is read back when a statement's result that stayed on the server is closed: all three
   * where the session's LAST_INSERT_ID() was put on the connection for it, else the counts.
   */
  static ServerHistory afterAttached(StatementPlan plan, Tablet tablet) {
    ServerHistory history = of(plan, tablet);
    return history != null && history.putsInsertId ? EVERYTHING : COUNTS;
  }

  /**
   * Puts the session's values on the connection. The SET and the SELECT go in the order that also
   * leaves ROW_COUNT() as the session's where it can (-1 after a SELECT, 0 after a SET), for a
   * procedure's body to read; other counts only the text's first statement reads, as a literal.
   */
  void putBefore(Connection physical, Session session) throws SQLException {
    String insertId =
        putsInsertId
            ? "SET last_insert_id = " + Long.toUnsignedString(session.lastInsertId())
            : null;
    String found =
        putsFoundRows
            ? foundRows(session.foundRows(), session.tablet().hintsAsStatementPrefix())
            : null;
    boolean selectLast = session.rowCount() == -1;
    for (String sql : selectLast ? new String[] {insertId, found} : new String[] {found, insertId}) {
      if (sql != null) {
        Physical.run(physical, sql);
      }
    }
  }

  /**
   * A SELECT after which FOUND_ROWS() is {@code n}, whatever the tables hold: a recursive CTE of
   * {@code n} rows, its recursion limit raised for this statement only (MySQL's SET_VAR hint;
   * MariaDB, which stops at 1000 iterations without an error, takes {@code SET STATEMENT}).
   */
  static String foundRows(long n, boolean mariadb) {
    if (n <= 0) {
      return "SELECT SQL_CALC_FOUND_ROWS 1 FROM DUAL WHERE FALSE LIMIT 0";
    }
    String rows =
        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + n + ")";
    return mariadb
        ? "SET STATEMENT max_recursive_iterations = " + n + " FOR " + rows
            + " SELECT SQL_CALC_FOUND_ROWS 1 FROM n LIMIT 0"
        : rows + " SELECT /*+ SET_VAR(cte_max_recursion_depth = " + n + ") */ SQL_CALC_FOUND_ROWS 1"
            + " FROM n LIMIT 0";
  }
}
