package io.sluice.session;

import io.sluice.sql.StatementPlan;
import io.sluice.tablet.Physical;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set that stays on the server (streaming, cursor fetch, updatable): Connector/J's own,
 * with the physical statement and connection it needs held until the application closes it.
 */
final class AttachedResultSet extends ForwardingResultSet {
  private final Statement physical;
  private final Lease lease;
  private final StatementPlan plan;
  private final Diagnostics awaited;
  private boolean closed;

  AttachedResultSet(
      ResultSet delegate,
      LogicalStatement owner,
      Statement physical,
      Lease lease,
      StatementPlan plan,
      Diagnostics awaited) {
    super(delegate, owner);
    this.physical = physical;
    this.lease = lease;
    this.plan = plan;
    this.awaited = awaited;
  }

  /** Closing gives the physical connection back; a broken one is evicted. */
  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    boolean evict = false;
    try {
      delegate.close();
    } catch (SQLException e) {
      evict = Physical.isLost(e);
      throw e;
    } finally {
      ((LogicalStatement) owner).attachedClosed(physical, lease, plan, awaited, evict); // as constructed
    }
  }
}
