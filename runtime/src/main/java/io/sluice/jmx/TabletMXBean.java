package io.sluice.jmx;

/** {@code io.sluice:type=Tablet,name="user@host:port/db"}: one tablet's physical connections. */
public interface TabletMXBean {
  /** Pooled connections at most ({@code queryserver_config_pool_size}). */
  int getCapacity();

  /** Pooled connections lent out now. */
  int getInUse();

  /** Pooled connections that could be lent now without waiting. */
  int getAvailable();

  /**
   * Borrows that had to wait for a connection because as many were lent for statements ({@code
   * queryserver_config_pool_size}), or for transactions ({@code
   * queryserver_config_transaction_cap}), as the cap allows, ever.
   */
  long getWaitCount();

  /** Borrows served by an idle connection already carrying the session's settings. */
  long getSettingsPoolHits();

  /** Borrows whose settings had to be applied to a connection. */
  long getSettingsPoolMisses();

  /** Pooled connections idle now in the settings pool, carrying settings. */
  int getSettingsIdle();

  /** Distinct settings among the connections idle in the settings pool. */
  int getSettingsStacks();

  /** Reserved connections open now. */
  int getReservedConnections();

  /** Reserved connections opened, ever. */
  long getReservedConnectionsCreated();

  /** Transaction connections lent out now. */
  int getTransactionConnections();

  /**
   * Every connection open to MySQL now: lent for statements or transactions, idle, and reserved.
   */
  int getPhysicalConnections();
}
