package io.sluice.session;

import io.sluice.sql.StatementKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * What FOUND_ROWS() is after a statement, by its kind, measured on MySQL 8.0.31: a SELECT, DO and
 * UPDATE set it; every other statement, and every failed one, leaves it. (A data change or DDL
 * run by Connector/J's {@code execute} or {@code executeBatch} finds it 1: the driver first asks
 * the server whether the transaction is read-only, see {@link Session#driverSelectedOneRow}.)
 * Where the kind does not decide (SQL_CALC_FOUND_ROWS, INSERT ... SELECT, multi-table changes,
 * SHOW, EXPLAIN, procedures...), {@link ServerHistory} reads the server's.
 */
enum FoundRows {
  /** The rows of its first result; without one (SELECT ... INTO), the rows it assigned. */
  RESULT_ROWS,
  /** 1: DO. */
  ONE,
  /** The rows an UPDATE matched, which Connector/J reports as its count (CLIENT_FOUND_ROWS). */
  MATCHED,
  /** Unchanged. */
  KEPT;

  private static final Map<StatementKind, FoundRows> SUCCEEDED = new EnumMap<>(StatementKind.class);

  static {
    SUCCEEDED.put(StatementKind.SELECT, RESULT_ROWS);
    SUCCEEDED.put(StatementKind.UPDATE, MATCHED);
    SUCCEEDED.put(StatementKind.DO, ONE);
  }

  /**
   * FOUND_ROWS() after a statement of {@code kind}.
   *
   * @param count its last update count, -1 after a result
   * @param rows the rows of its first result, -1 without one
   */
  static long after(StatementKind kind, boolean succeeded, long previous, long count, long rows) {
    return switch (succeeded ? SUCCEEDED.getOrDefault(kind, KEPT) : KEPT) {
      case RESULT_ROWS -> rows >= 0 ? rows : count;
      case ONE -> 1;
      case MATCHED -> count;
      case KEPT -> previous;
    };
  }
}
