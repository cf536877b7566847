package io.sluice.session;

import io.sluice.codegen.Forwarding;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set that forwards every method to a driver's result set, but for the two a session must
 * own: {@link #getStatement()} answers the logical statement, not the physical one, and {@link
 * #close()} is the subclass's (an attached result also gives back its physical connection).
 *
 * <p>The forwarding itself, one method per {@link ResultSet} method with the interface's default
 * methods included so the driver's own behaviour shows through unchanged, is the generated {@link
 * ResultSetForwarder} (see {@link Forwarding}).
 */
@Forwarding(ResultSet.class)
public abstract class ForwardingResultSet extends ResultSetForwarder {

  /** The logical statement that produced it; null where the driver has none (metadata). */
  protected final Statement owner;

  protected ForwardingResultSet(ResultSet delegate, Statement owner) {
    super(delegate);
    this.owner = owner;
  }

  /** The logical statement, after the driver's own check that the result set is open. */
  @Override
  public final Statement getStatement() throws SQLException {
    delegate.getStatement();
    return owner;
  }

  @Override
  public abstract void close() throws SQLException;
}
