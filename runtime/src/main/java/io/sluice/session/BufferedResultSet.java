package io.sluice.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A buffered result whose physical connection has already gone back: Connector/J's own result
 * set, detached by {@link ResultDetacher}, naming the logical statement as its statement.
 */
final class BufferedResultSet extends ForwardingResultSet {
  private final Statement owner;
  private final int rows;

  BufferedResultSet(ResultSet driverResult, Statement owner, int rows) {
    super(driverResult);
    this.owner = owner;
    this.rows = rows;
  }

  /** The rows the result holds, read or not: what FOUND_ROWS() reports after a plain SELECT. */
  int rowCount() {
    return rows;
  }

  @Override
  public Statement getStatement() throws SQLException {
    delegate.getStatement(); // the driver's check that the result set is open
    return owner;
  }

  @Override
  public void close() throws SQLException {
    delegate.close();
  }
}
