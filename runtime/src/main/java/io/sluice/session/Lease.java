package io.sluice.session;

import java.sql.Connection;

/**
 * The physical connection serving one statement of a session, and whether the session keeps it
 * afterwards.
 */
record Lease(Connection physical, Kind kind) {

  enum Kind {
    /** Borrowed for this statement (or this open result) only; returned when it is done. */
    POOLED,
    /** The session's open transaction: kept until COMMIT or ROLLBACK. */
    TRANSACTION,
    /** The session's reserved connection: kept until the session closes. */
    RESERVED
  }

  boolean pooled() {
    return kind == Kind.POOLED;
  }
}
