package io.sluice.testkit;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * An application's user and database on an embedded MySQL, as a test connects to them: directly
 * through Connector/J, or through anything that connects as {@link java.sql.Driver#connect} does,
 * such as a Sluice runtime ({@code app.session(sluice::connect)}).
 *
 * @param url the database's Connector/J URL, without credentials
 */
public record AppUser(EmbeddedMysql server, String url, String user, String password) {

  /** Connects as a driver would, to a URL with these properties: a Sluice runtime's {@code connect}. */
  @FunctionalInterface
  public interface Connector {
    /** A connection of {@code driver} to {@code url}. */
    Connection connect(Driver driver, String url, Properties info) throws SQLException;
  }

  /** Creates (if missing) the database and a user with every privilege on {@code server}. */
  public static AppUser create(
      EmbeddedMysql server, String database, String user, String password) {
    String url = server.jdbcUrl(database);
    server.createUser(user, password);
    return new AppUser(server, url, user, password);
  }

  /** The same user and database, the URL carrying more properties ({@code "&name=value..."}). */
  public AppUser withUrlProperties(String properties) {
    return new AppUser(server, url + properties, user, password);
  }

  /** The user's credentials as the driver takes them. */
  public Properties credentials() {
    Properties info = new Properties();
    info.setProperty("user", user);
    info.setProperty("password", password);
    return info;
  }

  /** A plain Connector/J connection of the user, as the application would open without Sluice. */
  public Connection direct() throws SQLException {
    return Drivers.connectorJ().connect(url, credentials());
  }

  /** A connection of the user through {@code connector}, with Connector/J as the driver. */
  public Connection session(Connector connector) throws SQLException {
    return connector.connect(Drivers.connectorJ(), url, credentials());
  }
}
