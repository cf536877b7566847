package io.sluice.session;

import io.sluice.tablet.Carried;
import io.sluice.vars.Settings;
import java.sql.Connection;

/**
 * The physical connection serving one statement of a session, whether the session keeps it
 * afterwards, and how the session's settings reach the statement: carried by the connection
 * ({@link #applied}), or as optimizer hints in the statement's text ({@link #hints}).
 */
final class Lease {

  enum Kind {
    /** Borrowed for this statement (or this open result) only; returned when it is done. */
    POOLED,
    /** The session's open transaction: kept until COMMIT or ROLLBACK. */
    TRANSACTION,
    /** The session's reserved connection: kept until the session closes. */
    RESERVED
  }

  private final Connection physical;
  /** Changes only from POOLED to RESERVED, when the session keeps the connection. */
  Kind kind;
  /** The settings the connection carries now; what a pooled one is reset from on return. */
  Settings applied;
  /**
   * For a pooled connection, what it carried when lent but its settings, which {@link #applied}
   * follows: the pool takes it back keyed by both.
   */
  Carried borrowed;
  /** SET_VAR hints the statement must carry, or null. */
  final String hints;

  Lease(Connection physical, Kind kind, Settings applied, String hints) {
    this.physical = physical;
    this.kind = kind;
    this.applied = applied;
    this.hints = hints;
  }

  Connection physical() {
    return physical;
  }

  Kind kind() {
    return kind;
  }

  boolean pooled() {
    return kind == Kind.POOLED;
  }
}
