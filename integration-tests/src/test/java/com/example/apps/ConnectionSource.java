package com.example.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** The ways an application gets its JDBC connections. */
enum ConnectionSource {
  /** {@link DriverManager}, with Connector/J on the application's classpath. */
  DRIVER_MANAGER {
    @Override
    Opener open(AppArgs args) {
      return () -> DriverManager.getConnection(args.url(), args.user(), args.password());
    }
  },
  /** An application-side HikariCP pool sized to the {@code count} connections the app holds. */
  HIKARI {
    @Override
    Opener open(AppArgs args) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(args.url());
      config.setUsername(args.user());
      config.setPassword(args.password());
      config.setMaximumPoolSize(args.getInt("count"));
      HikariDataSource dataSource = new HikariDataSource(config);
      return new Opener() {
        @Override
        public Connection open() throws SQLException {
          return dataSource.getConnection();
        }

        @Override
        public void close() {
          dataSource.close();
        }
      };
    }
  },
  /**
   * Connector/J loaded from {@code driverJar} by a new child {@link URLClassLoader} (as plugin
   * hosts and application servers do), and called directly: DriverManager would not hand out a
   * driver its caller's loader cannot see.
   */
  CHILD_LOADER {
    @Override
    Opener open(AppArgs args) throws Exception {
      URL jar = Path.of(args.get("driverJar")).toUri().toURL();
      URLClassLoader loader =
          new URLClassLoader(new URL[] {jar}, ConnectionSource.class.getClassLoader());
      Driver driver =
          (Driver)
              loader.loadClass("com.mysql.cj.jdbc.Driver").getDeclaredConstructor().newInstance();
      Properties credentials = new Properties();
      credentials.setProperty("user", args.user());
      credentials.setProperty("password", args.password());
      return new Opener() {
        @Override
        public Connection open() throws SQLException {
          return driver.connect(args.url(), credentials);
        }

        @Override
        public void close() throws IOException {
          loader.close();
        }
      };
    }
  };

  /** Opens connections until closed. */
  interface Opener extends AutoCloseable {
    Connection open() throws SQLException;

    @Override
    default void close() throws IOException {}
  }

  abstract Opener open(AppArgs args) throws Exception;

  /** Whether the application's own class loader can see Connector/J. */
  static boolean driverOnClasspath() {
    try {
      Class.forName("com.mysql.cj.jdbc.Driver", false, ConnectionSource.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
