package io.sluice.bench;

import io.sluice.sql.SessionValues;

/**
 * Session values that never change, standing in for a session's: the rewrite reads them the way
 * it reads a real session's, a field or one map lookup each.
 */
final class FixedValues implements SessionValues {
  @Override
  public long lastInsertId() {
    return 1042;
  }

  @Override
  public long rowCount() {
    return 1;
  }

  @Override
  public long foundRows() {
    return 20;
  }

  @Override
  public long connectionId() {
    return 1879048193;
  }

  @Override
  public long warningCount() {
    return 0;
  }

  @Override
  public long errorCount() {
    return 0;
  }

  @Override
  public String userVariableLiteral(String name) {
    return name.equals("last_order") ? "42" : "NULL";
  }
}
