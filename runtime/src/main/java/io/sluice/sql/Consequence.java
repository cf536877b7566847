package io.sluice.sql;

/**
 * What a statement means for the session that runs it. Declaration order is severity: a statement
 * with several aspects has the most severe one's consequence.
 */
public enum Consequence {
  /** Runs on any pooled connection whose settings match the session's. */
  MULTIPLEX,
  /** As {@link #MULTIPLEX}, after {@link StatementPlan#rewrite} splices session values in. */
  REWRITE,
  /** The session absorbs it into its own state rather than leaving it on a connection (USE). */
  SESSION_STATE,
  /**
   * Part of the session's transaction state machine: BEGIN, COMMIT, ROLLBACK, savepoints, SET
   * autocommit and the transaction characteristics, which the session emulates.
   */
  TRANSACTION_CONTROL,
  /** Needs a reserved connection; {@link StatementPlan#reserveReason()} says why. */
  RESERVE
}
