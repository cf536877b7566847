package io.sluice.tablet;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Feeds a tablet's pools: opens physical connections with the application's own driver, URL and
 * properties, through the {@link PhysicalConnector} so that the agent does not multiplex them again.
 *
 * <p>Its name holds "Mysql" on purpose: HikariCP sets network timeouts synchronously only for a
 * data source whose class name does (MySQL bug 75615). Otherwise Connector/J applies them from
 * another thread, and may apply HikariCP's 5 s validation timeout after HikariCP restored "none",
 * leaving the socket to cut the next statement that runs longer than 5 s.
 */
final class MysqlPhysicalDataSource implements DataSource {
  private final PhysicalConnector connector;
  private final Driver driver;
  private final String url;
  private final Properties info;

  MysqlPhysicalDataSource(PhysicalConnector connector, Driver driver, String url, Properties info) {
    this.connector = connector;
    this.driver = driver;
    this.url = url;
    this.info = info;
  }

  /** The application's driver, which opens every physical connection. */
  Driver driver() {
    return driver;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = connector.connect(driver, url, info);
    if (connection == null) {
      throw new SQLException("the driver no longer accepts the URL of this tablet", "08001");
    }
    return connection;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("a tablet's credentials are fixed");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
