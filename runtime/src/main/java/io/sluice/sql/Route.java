package io.sluice.sql;

/**
 * Where a statement, or a JDBC call that is not one, goes: the one decision {@link SessionRules}
 * makes for it, which the session carries out and advise mode follows. A statement's route is
 * computed once, with its plan, and cached with it.
 *
 * @param consequence what it means for the session; {@link Consequence#RESERVE} with a reason
 * @param reason why it reserves, or null when it does not
 * @param absorb what the session takes into its own state from it
 * @param transaction how it begins or ends the session's transaction
 * @param retryable whether, failing on a connection that died, it may run once more on another:
 *     a single read that changes nothing wherever it ran
 * @param controlsSession whether it changes the transaction, the schema or session variables,
 *     which the session follows only statement by statement (in a batch it reserves)
 */
public record Route(
    Consequence consequence,
    ReserveReason reason,
    Absorb absorb,
    Transaction transaction,
    boolean retryable,
    boolean controlsSession) {

  /** What the session absorbs into its own state. */
  public enum Absorb {
    /** Nothing: it runs on a connection and leaves what it changes there. */
    NONE,
    /** A single USE: the session changes its database and sends nothing. */
    USE,
    /** A single SET: after it succeeds, the session keeps what it set (its SetAbsorber). */
    SET
  }

  /** What a statement does to the session's transaction. */
  public enum Transaction {
    /** Neither begins nor ends one. */
    NONE,
    /** BEGIN or START TRANSACTION: a transaction until it ends, whatever auto-commit says. */
    BEGINS,
    /** COMMIT or ROLLBACK without AND CHAIN or RELEASE. */
    ENDS,
    /**
     * Commits implicitly: ends a transaction begun with BEGIN while auto-commit is on (with it off
     * MySQL opens the next transaction at the next statement, on the same connection).
     */
    COMMITS_IMPLICITLY
  }

  /** Whether it needs a reserved connection. */
  public boolean reserves() {
    return reason != null;
  }

  /** Whether it begins a transaction (BEGIN, START TRANSACTION). */
  public boolean begins() {
    return transaction == Transaction.BEGINS;
  }

  /** Whether a session with this auto-commit, outside a transaction, opens one for it. */
  public boolean opensTransaction(boolean autoCommit) {
    return !autoCommit || transaction == Transaction.BEGINS;
  }

  /**
   * Whether it ends the session's transaction once it succeeded.
   *
   * @param explicit whether the transaction was begun with BEGIN
   */
  public boolean endsTransaction(boolean explicit, boolean autoCommit) {
    return transaction == Transaction.ENDS
        || (transaction == Transaction.COMMITS_IMPLICITLY && explicit && autoCommit);
  }

  @Override
  public String toString() {
    return reason == null ? consequence.name() : consequence + "(" + reason + ")";
  }
}
