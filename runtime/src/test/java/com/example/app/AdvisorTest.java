package com.example.app;

import static io.sluice.testkit.Queries.connectionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.jdbc.JdbcConnection;
import io.sluice.SluiceUnderTest;
import io.sluice.log.StderrCapture;
import io.sluice.advisor.Advisor;
import io.sluice.testkit.AppUser;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Advise mode on a real MySQL 8.0.31: connections stay the driver's own, and what multiplexing
 * would do is counted. This class stands for the application, outside {@code io.sluice}, so that
 * call sites name its methods.
 */
class AdvisorTest {
  private static final String SELF = AdvisorTest.class.getName();
  private static EmbeddedMysql mysql;
  private static AppUser app;

  private final Driver driver = Drivers.connectorJ();
  // Ordered so that the runtime closes while its output is still captured.
  @RegisterExtension
  @Order(1)
  final StderrCapture stderr = new StderrCapture();

  @RegisterExtension
  @Order(2)
  final SluiceUnderTest sluice =
      SluiceUnderTest.eachTest(
          "mode=advise,queryserver_config_pool_size=3,queryserver_config_transaction_cap=2");

  @BeforeAll
  static void startServer() {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "advise", "advise_app", "advise-secret-password");
  }

  @Test
  void eachSessionIsTheDriversOwnConnection() throws Exception {
    try (Connection a = connect();
        Connection b = connect()) {
      assertTrue(a instanceof JdbcConnection, "casts to the driver's type work as without Sluice");
      assertTrue(a.isWrapperFor(JdbcConnection.class));
      long first = connectionId(a);
      assertEquals(first, connectionId(a), "one physical connection for the session");
      assertNotEquals(first, connectionId(b));
      try (Statement s = a.createStatement()) {
        assertEquals(a, s.getConnection());
        s.execute("SET @mine = 42");
        try (ResultSet rs = s.executeQuery("SELECT @mine")) {
          rs.next();
          assertEquals(42, rs.getInt(1));
        }
      }
      assertEquals(2, sluice.runtime().advisor().openSessions());
    }
    assertEquals(0, sluice.runtime().advisor().openSessions());
    assertEquals(2, sluice.runtime().advisor().peakSessions());
  }

  @Test
  void aTemporaryTableAndALockWouldPinNamingTheirMethods() throws Exception {
    try (Connection table = connect();
        Connection lock = connect()) {
      createScratchTable(table);
      takeLock(lock);
      takeLock(lock); // reserved already
      Advisor advisor = sluice.runtime().advisor();
      assertEquals(2, advisor.wouldReserveSessions());
      CompositeData[] rows = reservedSessions();
      assertEquals(2, rows.length);
      assertEquals("temporary table", rows[0].get("reason"));
      assertTrue(((String) rows[0].get("callSite")).startsWith(SELF + ".createScratchTable("));
      assertEquals("lock", rows[1].get("reason"));
      assertEquals("SELECT GET_LOCK(?, ?)", rows[1].get("digest"));
      assertTrue(((String) rows[1].get("callSite")).startsWith(SELF + ".takeLock("));
      assertEquals(2, jmx("Advisor", "WouldReserveSessions"));
      assertEquals(2L, jmx("Sessions", "ReservedSessions"));
      String json = sluice.runtime().status().json();
      assertTrue(json.contains("\"mode\":\"advise\""), json);
      assertTrue(json.contains(SELF + ".takeLock(AdvisorTest.java:"), json);
    }
    assertEquals(0, sluice.runtime().advisor().wouldReserveSessions());
    assertEquals(0, reservedSessions().length);
    String log = stderr.text();
    List<String> lines = log.lines().filter(l -> l.contains("session would pin")).toList();
    assertEquals(2, lines.size(), log);
    assertTrue(lines.get(0).contains(" at " + SELF + ".createScratchTable("), lines.get(0));
    assertTrue(lines.get(1).contains(" at " + SELF + ".takeLock("), lines.get(1));
  }

  @Test
  void projectsPooledTransactionAndReservedConnections() throws Exception {
    List<Connection> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        sessions.add(connect());
      }
      // One transaction open, held: a transaction connection.
      Connection tx = sessions.get(0);
      tx.setAutoCommit(false);
      try (Statement s = tx.createStatement()) {
        s.executeQuery("SELECT 1").close();
      }
      // Four autocommit statements at once: a pool of 3 would open 3.
      sleepTogether(sessions.subList(1, 5));
      Advisor advisor = sluice.runtime().advisor();
      assertEquals(3, advisor.peakPooled());
      assertEquals(1, advisor.peakTransactions());
      assertEquals(4, advisor.projectedPeak());
      // BEGIN ... COMMIT in SQL: the second transaction at once.
      try (Statement s = sessions.get(5).createStatement()) {
        s.execute("BEGIN");
        s.executeQuery("SELECT 1").close();
        assertEquals(2, advisor.peakTransactions());
        s.execute("COMMIT");
      }
      tx.commit();
      takeLock(sessions.get(5));
      assertEquals(
          5, advisor.projectedNow(), "3 pooled + 1 transaction at once, shared, + 1 reserved");
      assertEquals(5, advisor.projectedPeak());
      assertEquals(5, jmx("Advisor", "ProjectedPeakPhysicalConnections"));
      assertEquals(9, advisor.statements(), "1 + 4 + BEGIN, SELECT, COMMIT + GET_LOCK");
    } finally {
      for (Connection c : sessions) {
        c.close();
      }
    }
    assertEquals(4, sluice.runtime().advisor().projectedNow(), "the pool keeps its connections");
  }

  private void sleepTogether(List<Connection> sessions) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(sessions.size());
    CountDownLatch ready = new CountDownLatch(sessions.size());
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Connection c : sessions) {
        done.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  ready.await();
                  try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT SLEEP(0.5)").close();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      threads.shutdown();
    }
  }

  private Connection connect() throws SQLException {
    return app.session(sluice::connect);
  }

  private static void createScratchTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TEMPORARY TABLE IF NOT EXISTS scratch (x INT)");
    }
  }

  private static void takeLock(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT GET_LOCK('advise-lock', 5)").close();
    }
  }

  private static Object jmx(String type, String attribute) throws Exception {
    return ManagementFactory.getPlatformMBeanServer()
        .getAttribute(new ObjectName("io.sluice:type=" + type), attribute);
  }

  private static CompositeData[] reservedSessions() throws Exception {
    return (CompositeData[])
        ManagementFactory.getPlatformMBeanServer()
            .invoke(new ObjectName("io.sluice:type=Sessions"), "reservedSessions", null, null);
  }
}
