package io.sluice.tablet;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The JDBC-visible state a fresh physical connection of a tablet starts with, read once from the
 * connection that verified the tablet's credentials.
 *
 * <p>A session starts from these values, and its statements change a borrowed physical connection
 * only where the session differs from them: the pool puts every returned connection back to them.
 */
public record JdbcDefaults(
    boolean autoCommit,
    int transactionIsolation,
    boolean readOnly,
    String catalog,
    String schema,
    int holdability,
    int networkTimeout) {

  static JdbcDefaults readFrom(Connection physical) throws SQLException {
    return new JdbcDefaults(
        physical.getAutoCommit(),
        physical.getTransactionIsolation(),
        physical.isReadOnly(),
        physical.getCatalog(),
        physical.getSchema(),
        physical.getHoldability(),
        physical.getNetworkTimeout());
  }
}
