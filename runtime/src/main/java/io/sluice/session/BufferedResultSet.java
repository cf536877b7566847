package io.sluice.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A buffered result whose physical connection has already gone back: Connector/J's own result
 * set, detached by {@link ResultDetacher}, naming the logical statement as its statement.
 */
final class BufferedResultSet extends ForwardingResultSet {
  private final int rows;

  BufferedResultSet(ResultSet driverResult, Statement owner, int rows) {
    super(driverResult, owner);
    this.rows = rows;
  }

  /** The rows the result holds, read or not: what FOUND_ROWS() reports after a plain SELECT. */
  int rowCount() {
    return rows;
  }

  /** Closes the driver's result; a statement set to close on completion may then close too. */
  @Override
  public void close() throws SQLException {
    boolean wasOpen = !delegate.isClosed();
    delegate.close();
    if (wasOpen && owner instanceof LogicalStatement statement) {
      statement.resultClosed();
    }
  }
}
