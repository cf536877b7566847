package io.sluice.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Servers for tests: the embedded MySQL 8.0.31, or servers named by environment variables {@code
 * PREFIX_URL}, {@code PREFIX_USER} (default {@code root}) and {@code PREFIX_PASSWORD} (default
 * empty), e.g. {@code SLUICE_TEST_MARIADB_URL=jdbc:mysql://127.0.0.1:3306/test}.
 *
 * <p>Where Docker is available, Testcontainers' MySQL module could add other MySQL versions here;
 * it is not wired in because the build machines have no Docker.
 */
public final class TestServers {
  /** Prefix of the variables naming a MySQL server to use instead of the embedded one. */
  public static final String MYSQL = "SLUICE_TEST_MYSQL";

  /** Prefix of the variables naming a MariaDB server. */
  public static final String MARIADB = "SLUICE_TEST_MARIADB";

  private TestServers() {}

  /** A server to connect to: its URL (with a database) and credentials. */
  public record Server(String jdbcUrl, String user, String password) {
    /** A new plain JDBC connection through {@link DriverManager}. */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl, user, password);
    }

    @Override
    public String toString() {
      return user + " at " + jdbcUrl; // never the password
    }
  }

  /**
   * The MySQL named by {@code SLUICE_TEST_MYSQL_*}, else the shared embedded MySQL's database
   * {@code test}.
   */
  public static Server mysql() {
    return fromEnvironment(MYSQL)
        .orElseGet(() -> new Server(EmbeddedMysql.shared().jdbcUrl("test"), "root", ""));
  }

  /**
   * The MariaDB named by {@code SLUICE_TEST_MARIADB_*}, if any; tests skip MariaDB cases without
   * one.
   */
  public static Optional<Server> mariadb() {
    return fromEnvironment(MARIADB);
  }

  /**
   * The server named by {@code prefix_URL}, {@code prefix_USER} and {@code prefix_PASSWORD}, if the
   * URL is set.
   */
  public static Optional<Server> fromEnvironment(String prefix) {
    return fromVariables(System.getenv(), prefix);
  }

  static Optional<Server> fromVariables(Map<String, String> variables, String prefix) {
    String url = variables.get(prefix + "_URL");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new Server(
            url,
            variables.getOrDefault(prefix + "_USER", "root"),
            variables.getOrDefault(prefix + "_PASSWORD", "")));
  }
}
