package io.sluice.tablet;

/**
 * A tablet's counters at one moment, as JMX shows them.
 *
 * @param capacity pooled connections at most ({@code queryserver_config_pool_size})
 * @param inUse pooled connections lent out now
 * @param available pooled connections that could be lent now without waiting (idle or not yet
 *     opened)
 * @param waitCount borrows that waited because as many connections were lent for statements, or
 *     for transactions, as that use's cap allows, ever
 * @param reservedConnections reserved connections open now
 * @param reservedConnectionsCreated reserved connections opened, ever
 * @param transactionConnections transaction connections lent out now
 * @param physicalConnections every connection open to MySQL now: lent for statements or
 *     transactions, idle, reserved
 * @param settingsPoolHits borrows by a session with settings that found a connection carrying
 *     them, ever
 * @param settingsPoolMisses borrows by a session with settings that had to apply them, ever
 * @param settingsIdle connections idle in the pool now that carry settings
 * @param settingsStacks distinct settings among them
 */
public record TabletStats(
    int capacity,
    int inUse,
    int available,
    long waitCount,
    int reservedConnections,
    long reservedConnectionsCreated,
    int transactionConnections,
    int physicalConnections,
    long settingsPoolHits,
    long settingsPoolMisses,
    int settingsIdle,
    int settingsStacks) {}
