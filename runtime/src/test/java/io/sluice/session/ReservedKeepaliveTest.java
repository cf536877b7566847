package io.sluice.session;

import static io.sluice.testkit.Queries.longValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.Sluice;
import io.sluice.config.SluiceConfig;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session holding a user lock survives being idle longer than MySQL's {@code wait_timeout}: its
 * reserved connection is pinged. On a server of its own, since it shortens wait_timeout.
 */
class ReservedKeepaliveTest {
  private static final int WAIT_TIMEOUT_SECONDS = 2;
  private static EmbeddedMysql mysql;

  @BeforeAll
  static void start() {
    mysql =
        EmbeddedMysql.start(
            EmbeddedMysql.Options.defaults().withServerArgs("--wait-timeout=" + WAIT_TIMEOUT_SECONDS));
  }

  @AfterAll
  static void stop() {
    mysql.close();
  }

  @Test
  void aHeldLockOutlivesWaitTimeout() throws Exception {
    String url = mysql.jdbcUrl("keepalive");
    Properties root = new Properties();
    root.setProperty("user", "root");
    root.setProperty("password", "");
    try (Sluice sluice =
            new Sluice(SluiceConfig.parse("reserved_keepalive_interval=500ms"), PhysicalConnector.DIRECT);
        Connection holder = sluice.connect(Drivers.connectorJ(), url, root)) {
      assertEquals(1, longValue(holder, "SELECT GET_LOCK('keepalive', 0)"));
      // Idle for twice wait_timeout: what is under test here is idleness itself. (A plain
      // connection idle that long is closed by the server.)
      Thread.sleep(2_000L * WAIT_TIMEOUT_SECONDS);
      try (Connection observer = mysql.rootConnection()) {
        assertEquals(1, longValue(observer, "SELECT IS_USED_LOCK('keepalive') IS NOT NULL"), "held");
      }
      assertEquals(1, longValue(holder, "SELECT RELEASE_LOCK('keepalive')"), "by the same session");
    }
  }

}
