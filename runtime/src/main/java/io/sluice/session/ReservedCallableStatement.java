package io.sluice.session;

import io.sluice.codegen.Forwarding;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A callable statement on the session's reserved connection: Connector/J's own, except that it
 * names the logical connection as its connection. Every other method is the generated {@link
 * CallableStatementForwarder}'s: the physical statement's.
 */
@Forwarding(CallableStatement.class)
final class ReservedCallableStatement extends CallableStatementForwarder {
  private final Connection logical;

  ReservedCallableStatement(CallableStatement physical, Connection logical) {
    super(physical);
    this.logical = logical;
  }

  /** The logical connection, after the driver's own check that the statement is open. */
  @Override
  public Connection getConnection() throws SQLException {
    delegate.getConnection();
    return logical;
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
