package io.sluice.sql;

import java.util.List;

/**
 * The table and explicit column list of a single INSERT or REPLACE with the form {@code INSERT
 * [INTO] [db.]t (c1, c2, ...) VALUES | VALUE | SELECT | TABLE | WITH ...} and no {@code ON
 * DUPLICATE KEY UPDATE}: the columns that can receive a value the statement gives. Any other form
 * (SET, no column list, PARTITION, several statements) has none.
 *
 * @param schema the database as written, without quotes; null when the name is unqualified
 * @param table the table's name as written, without quotes
 * @param columns the listed columns' names, without quotes or qualifiers
 */
public record InsertTarget(String schema, String table, List<String> columns) {
  public InsertTarget {
    columns = List.copyOf(columns);
  }

  /** Whether the list names {@code column} (column names are case-insensitive in MySQL). */
  public boolean names(String column) {
    for (String listed : columns) {
      if (listed.equalsIgnoreCase(column)) {
        return true;
      }
    }
    return false;
  }
}
