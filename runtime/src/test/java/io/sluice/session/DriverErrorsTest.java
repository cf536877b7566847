package io.sluice.session;

import static io.sluice.testkit.Queries.longValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * What the application sees from a physical connection HikariCP has given up on: Connector/J's
 * own 08003, never HikariCP's bare "Connection is closed", which application code does not read
 * as a lost connection.
 */
class DriverErrorsTest {

  @Test
  void aConnectionHikariClosedAfterAConnectionErrorFailsAsConnectorJWould() throws Exception {
    EmbeddedMysql mysql = EmbeddedMysql.shared();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(mysql.jdbcUrl("driver_errors"));
    config.setUsername("root");
    config.setPassword("");
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config);
        Connection physical = pool.getConnection()) {
      long id = longValue(physical, "SELECT CONNECTION_ID()");
      try (Connection admin = mysql.rootConnection();
          Statement kill = admin.createStatement()) {
        kill.execute("KILL " + id);
      }
      SQLException lost = assertThrows(SQLException.class, () -> longValue(physical, "SELECT 1"));
      assertEquals("08", lost.getSQLState().substring(0, 2), lost.toString());
      assertSame(lost, DriverErrors.asDriverWould(physical, lost), "a lost connection stays as it is");

      SQLException bare = assertThrows(SQLException.class, () -> longValue(physical, "SELECT 1"));
      assertNull(bare.getSQLState(), "HikariCP's closed connection: " + bare);
      SQLException seen = DriverErrors.asDriverWould(physical, bare);
      assertEquals("08003", seen.getSQLState());
      assertEquals("No operations allowed after connection closed.", seen.getMessage());
      assertSame(bare, seen.getCause());
    }
  }

}
