package io.sluice.tablet;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens a physical connection through the application's own driver, without being multiplexed
 * again.
 *
 * <p>Under the agent, {@code Driver.connect} is advised and would hand back another logical
 * session; the agent's implementation sets its bypass flag around the call. Without an agent
 * (unit and runtime tests) {@link #DIRECT} simply calls the driver.
 */
@FunctionalInterface
public interface PhysicalConnector {

  /** Calls the driver directly: right when no agent advises it. */
  PhysicalConnector DIRECT = Driver::connect;

  /**
   * Opens one physical connection.
   *
   * @return the driver's connection; never {@code null} for a URL the driver accepts
   * @throws SQLException exactly as the driver throws it (bad password, unknown host, ...)
   */
  Connection connect(Driver driver, String url, Properties info) throws SQLException;
}
