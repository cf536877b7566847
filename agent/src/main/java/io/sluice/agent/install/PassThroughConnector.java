package io.sluice.agent.install;

import io.sluice.bootstrap.SluiceBridge;
import io.sluice.tablet.PhysicalConnector;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the runtime's physical connections through the application's driver inside a bridge
 * pass-through scope, so the advised {@code connect} runs the driver instead of handing back
 * another logical session.
 */
final class PassThroughConnector implements PhysicalConnector {

  @Override
  public Connection connect(Driver driver, String url, Properties info) throws SQLException {
    SluiceBridge.enterPassThrough();
    try {
      return driver.connect(url, info);
    } finally {
      SluiceBridge.exitPassThrough();
    }
  }
}
