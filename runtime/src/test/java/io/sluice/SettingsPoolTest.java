package io.sluice;

import static io.sluice.testkit.Queries.longValue;
import static io.sluice.testkit.Queries.rootLong;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.tablet.TabletStats;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The settings pool on a real MySQL 8.0.31: pooled connections that carry settings wait in stacks
 * keyed by them and serve the next statement with the same settings as they are, within the pool
 * size, observed at the server.
 */
class SettingsPoolTest {
  private static final String USER = "settings_app";
  private static final String PASSWORD = "settings-secret";
  private static EmbeddedMysql mysql;

  private final Driver driver = Drivers.connectorJ();
  @RegisterExtension
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest();

  @BeforeAll
  static void startServer() {
    mysql = EmbeddedMysql.shared();
    mysql.createUser(USER, PASSWORD);
  }

  private Connection connect(EmbeddedMysql server, String args) throws SQLException {
    sluice.start(args);
    Properties info = new Properties();
    info.setProperty("user", USER);
    info.setProperty("password", PASSWORD);
    return sluice.connect(driver, server.jdbcUrl("settings"), info);
  }

  private TabletStats stats() {
    return sluice.runtime().tablets().iterator().next().stats();
  }

  @Test
  void repeatedWorkWithTheSameSettingsReusesTheConnectionCarryingThem() throws SQLException {
    try (Connection a = connect(mysql, "queryserver_config_pool_size=4")) {
      a.createStatement().execute("SET default_week_format = 3");
      Set<Long> ids = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        ids.add(io.sluice.testkit.Queries.connectionId(a));
        assertEquals(3, longValue(a, "SELECT @@default_week_format"));
      }
      assertEquals(1, ids.size(), "the same connection, carrying the settings, every time");
      assertTrue(stats().settingsPoolHits() >= 199, stats().toString());
      assertEquals(1, stats().settingsIdle(), "it waits in the settings pool");
      long carrying =
          rootLong(
              mysql,
              "SELECT COUNT(*) FROM performance_schema.variables_by_thread v"
                  + " JOIN performance_schema.threads t ON t.THREAD_ID = v.THREAD_ID"
                  + " WHERE t.PROCESSLIST_USER = '"
                  + USER
                  + "' AND v.VARIABLE_NAME = 'default_week_format' AND v.VARIABLE_VALUE = '3'");
      assertEquals(1, carrying, "MySQL shows the pooled connection carrying the setting");
      assertEquals(0, sluice.runtime().metrics().reservedSessions());
    }
  }

  @Test
  void sessionsWithOtherSettingsOrNoneShareTheConnectionsCorrectly() throws SQLException {
    try (Connection a = connect(mysql, "queryserver_config_pool_size=1");
        Connection b = connect(mysql, "");
        Connection clean = connect(mysql, "")) {
      a.createStatement().execute("SET default_week_format = 2");
      b.createStatement().execute("SET default_week_format = 5, sql_notes = 0");
      for (int i = 0; i < 20; i++) {
        assertEquals(2, longValue(a, "SELECT @@default_week_format"));
        assertEquals(5, longValue(b, "SELECT @@default_week_format"));
        assertEquals(0, longValue(b, "SELECT @@sql_notes"));
        assertEquals(0, longValue(clean, "SELECT @@default_week_format"));
        assertEquals(1, longValue(clean, "SELECT @@sql_notes"));
      }
      assertTrue(stats().settingsPoolMisses() > 0, stats().toString());
      assertTrue(stats().physicalConnections() <= 1, stats().toString());
    }
  }

  @Test
  void twiceMaxConnectionsSessionsWithSettingsDoNotExhaustMysql() throws Exception {
    try (EmbeddedMysql small =
        EmbeddedMysql.start(EmbeddedMysql.Options.defaults().withMaxConnections(20))) {
      small.createUser(USER, PASSWORD);
      try (Connection root = small.rootConnection();
          Statement s = root.createStatement()) {
        s.execute("CREATE DATABASE IF NOT EXISTS settings");
        s.execute("GRANT ALL ON settings.* TO '" + USER + "'@'%'");
      }
      int sessions = 40;
      List<Connection> open = new ArrayList<>();
      ExecutorService threads = Executors.newFixedThreadPool(8);
      try {
        for (int i = 0; i < sessions; i++) {
          open.add(connect(small, "queryserver_config_pool_size=6"));
        }
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
          Connection c = open.get(i);
          int format = i % 3;
          work.add(
              threads.submit(
                  () -> {
                    c.createStatement().execute("SET default_week_format = " + format);
                    for (int round = 0; round < 20; round++) {
                      assertEquals(format, longValue(c, "SELECT @@default_week_format"));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : work) {
          f.get();
        }
        assertTrue(stats().physicalConnections() <= 6, stats().toString());
        assertEquals(0, sluice.runtime().metrics().reservedSessions());
      } finally {
        threads.shutdownNow();
        for (Connection c : open) {
          c.close();
        }
      }
    }
  }
}
