package io.sluice.testkit.oracle;

/**
 * Unexpected {@link java.sql.SQLException}s of one SQLState and vendor code: how many, and the
 * first one's message (with its session and operation index) and statement.
 */
public record ErrorStat(
    String sqlState, int errorCode, long count, String firstMessage, String firstSql) {

  /** The key errors are grouped by: {@code SQLState/code}. */
  public String key() {
    return sqlState + "/" + errorCode;
  }

  ErrorStat plus(ErrorStat other) {
    return new ErrorStat(sqlState, errorCode, count + other.count, firstMessage, firstSql);
  }

  @Override
  public String toString() {
    return key() + " x" + count + " (first: " + firstMessage + " on " + firstSql + ")";
  }
}
