package io.sluice.session;

import io.sluice.sql.StatementKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * What FOUND_ROWS() is after a statement, by its kind, measured on MySQL 8.0.31: SET, USE,
 * transaction control, LOCK, FLUSH and PREPARE leave it; a failed SELECT or DO leaves it, a failed
 * data change or DDL makes it 1. Where the kind does not decide (SQL_CALC_FOUND_ROWS, INSERT ...
 * SELECT, multi-table changes, SHOW, EXPLAIN, procedures...), {@link ServerHistory} reads the
 * server's.
 */
enum FoundRows {
  /** The rows of its first result; without one (SELECT ... INTO), the rows it assigned. */
  RESULT_ROWS,
  /** 1, whatever it changed: INSERT, REPLACE, DELETE, DO, DDL. */
  ONE,
  /** The rows an UPDATE matched, which Connector/J reports as its count (CLIENT_FOUND_ROWS). */
  MATCHED,
  /** Unchanged. */
  KEPT;

  private static final Map<StatementKind, FoundRows> SUCCEEDED = new EnumMap<>(StatementKind.class);
  private static final Map<StatementKind, FoundRows> FAILED = new EnumMap<>(StatementKind.class);

  static {
    SUCCEEDED.put(StatementKind.SELECT, RESULT_ROWS);
    SUCCEEDED.put(StatementKind.UPDATE, MATCHED);
    put(SUCCEEDED, ONE, StatementKind.INSERT, StatementKind.REPLACE, StatementKind.DELETE,
        StatementKind.DO, StatementKind.DDL);
    put(FAILED, ONE, StatementKind.INSERT, StatementKind.REPLACE, StatementKind.UPDATE,
        StatementKind.DELETE, StatementKind.DDL);
  }

  private static void put(
      Map<StatementKind, FoundRows> table, FoundRows rule, StatementKind... kinds) {
    for (StatementKind kind : kinds) {
      table.put(kind, rule);
    }
  }

  /**
   * FOUND_ROWS() after a statement of {@code kind}.
   *
   * @param count its last update count, -1 after a result
   * @param rows the rows of its first result, -1 without one
   */
  static long after(StatementKind kind, boolean succeeded, long previous, long count, long rows) {
    return switch ((succeeded ? SUCCEEDED : FAILED).getOrDefault(kind, KEPT)) {
      case RESULT_ROWS -> rows >= 0 ? rows : count;
      case ONE -> 1;
      case MATCHED -> count;
      case KEPT -> previous;
    };
  }
}
