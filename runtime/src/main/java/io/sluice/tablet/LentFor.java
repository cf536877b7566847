package io.sluice.tablet;

/**
 * What a tablet lends a physical connection for. Both draw from the same idle connections; each
 * has its own cap, named by the flag that sets it, and its own wait list.
 */
public enum LentFor {
  /** One autocommit statement (or its open result), returned at once. */
  STATEMENT("queryserver_config_pool_size"),
  /** An open transaction, from its first statement to COMMIT or ROLLBACK. */
  TRANSACTION("queryserver_config_transaction_cap");

  /** The flag that caps how many connections are lent for this at once. */
  final String capFlag;

  LentFor(String capFlag) {
    this.capFlag = capFlag;
  }
}
