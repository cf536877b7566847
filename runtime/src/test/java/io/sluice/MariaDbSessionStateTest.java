package io.sluice;

import static io.sluice.testkit.Queries.run;
import static io.sluice.testkit.Queries.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.config.SluiceConfig;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.TestServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Session settings on MariaDB (named by {@code SLUICE_TEST_MARIADB_URL}): they ride on each
 * statement as {@code SET STATEMENT ... FOR}, MariaDB's form of SET_VAR, and the one pooled
 * connection carries none of them.
 */
class MariaDbSessionStateTest {

  @Test
  void settingsRideAsSetStatementOnMariaDb() throws SQLException {
    Optional<TestServers.Server> mariadb = TestServers.mariadb();
    assumeTrue(mariadb.isPresent(), "SLUICE_TEST_MARIADB_URL is not set");
    TestServers.Server server = mariadb.get();
    Properties info = new Properties();
    info.setProperty("user", server.user());
    info.setProperty("password", server.password());
    try (Sluice sluice =
            new Sluice(
                SluiceConfig.parse("queryserver_config_pool_size=1"), PhysicalConnector.DIRECT);
        Connection a = sluice.connect(Drivers.connectorJ(), server.jdbcUrl(), info);
        Connection b = sluice.connect(Drivers.connectorJ(), server.jdbcUrl(), info)) {
      String baseline = text(b, "SELECT @@sql_mode");
      run(a, "SET sql_mode = 'NO_ENGINE_SUBSTITUTION', time_zone = '+03:00', @v = 'x'");
      for (int i = 0; i < 5; i++) {
        assertEquals("NO_ENGINE_SUBSTITUTION", text(a, "SELECT @@sql_mode"));
        assertEquals("+03:00", text(a, "SELECT @@time_zone"));
        assertEquals("x", text(a, "SELECT @v"));
        assertEquals(baseline, text(b, "SELECT @@sql_mode"));
        assertEquals("SYSTEM", text(b, "SELECT @@time_zone"));
      }
      assertTrue(sluice.metrics().setVarRewrites() >= 10, "a's statements carried the prefix");
      assertEquals(0, sluice.tablets().iterator().next().stats().settingsPoolMisses());
      assertEquals(0, sluice.metrics().reservedSessions());
    }
  }
}
