package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.SluiceUnderTest;
import io.sluice.log.StderrCapture;
import io.sluice.testkit.AppUser;
import io.sluice.testkit.EmbeddedMysql;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Why sessions pinned, as an operator reads it in JMX and in the log, on a real MySQL 8.0.31.
 * This class stands for the application: it lives outside {@code io.sluice}, so the call sites
 * Sluice records name its methods.
 */
class WhyPinnedTest {
  private static final String LOCK_NAME = "lock-secret-name";
  private static final String COLUMN_DEFAULT = "column-secret-default";
  private static final String SELF = WhyPinnedTest.class.getName();
  private static EmbeddedMysql mysql;
  private static AppUser app;

  // Ordered so that the runtime closes while its output is still captured.
  @RegisterExtension
  @Order(1)
  final StderrCapture stderr = new StderrCapture();

  @RegisterExtension
  @Order(2)
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest("queryserver_config_pool_size=2");

  @BeforeAll
  static void startServer() {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "pinning", "pin_app", "pin-secret-password");
  }

  @Test
  void aTemporaryTableShowsWithItsStatementAndCallSiteUntilTheSessionCloses() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMPORARY TABLE scratch (x VARCHAR(30) DEFAULT '" + COLUMN_DEFAULT + "')");
      CompositeData row = only(reservedSessions());
      assertEquals("temporary table", row.get("reason"));
      assertEquals("CREATE TEMPORARY TABLE scratch (x VARCHAR(?) DEFAULT ?)", row.get("digest"));
      assertCallSite("aTemporaryTableShowsWithItsStatementAndCallSiteUntilTheSessionCloses", row);
      assertTrue(
          ((String) row.get("tablet")).startsWith(app.user() + "@127.0.0.1:"), row.toString());
      Instant since = Instant.parse((String) row.get("since"));
      assertFalse(since.isAfter(Instant.now()));
      assertTrue((long) row.get("heldSeconds") >= 0);
    }
    assertEquals(0, reservedSessions().length, "closing the session removes its row");
  }

  @Test
  void aLockShowsWithItsStatementAndCallSiteUntilTheSessionCloses() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT GET_LOCK('" + LOCK_NAME + "', 5)").close();
      CompositeData row = only(reservedSessions());
      assertEquals("lock", row.get("reason"));
      assertEquals("SELECT GET_LOCK(?, ?)", row.get("digest"));
      assertCallSite("aLockShowsWithItsStatementAndCallSiteUntilTheSessionCloses", row);
    }
    assertEquals(0, reservedSessions().length, "closing the session removes its row");
  }

  @Test
  void sessionsReservedTogetherShowOneRowEachOldestFirst() throws Exception {
    try (Connection table = connect();
        Connection lock = connect()) {
      createScratchTable(table);
      takeLock(lock);
      CompositeData[] rows = reservedSessions();
      assertEquals(2, rows.length);
      assertCallSite("createScratchTable", rows[0]);
      assertCallSite("takeLock", rows[1]);
      table.close();
      assertCallSite("takeLock", only(reservedSessions()));
    }
  }

  @Test
  void causesAreRankedByCountAndTellCallSitesApart() throws Exception {
    for (int i = 0; i < 3; i++) {
      try (Connection c = connect()) {
        takeLock(c);
      }
    }
    for (int i = 0; i < 2; i++) {
      try (Connection c = connect()) {
        createScratchTable(c);
      }
    }
    try (Connection c = connect()) {
      takeLockElsewhere(c);
    }
    CompositeData[] causes = topPinningCauses();
    assertEquals(3, causes.length);
    assertCause(causes[0], "lock", "takeLock", 3);
    assertCause(causes[1], "temporary table", "createScratchTable", 2);
    assertCause(causes[2], "lock", "takeLockElsewhere", 1);
    assertEquals("SELECT GET_LOCK(?, ?)", causes[2].get("digest"));
    String first = (String) causes[0].get("firstSeen");
    String last = (String) causes[0].get("lastSeen");
    assertTrue(Instant.parse(first).isBefore(Instant.parse(last)), first + " " + last);
  }

  @Test
  void eachNewCauseIsLoggedOnceAtInfoWithoutValues() throws Exception {
    for (int i = 0; i < 2; i++) {
      try (Connection c = connect()) {
        takeLock(c);
        createScratchTable(c); // the session is reserved already: no new reservation
      }
    }
    try (Connection c = connect()) {
      createScratchTable(c);
    }
    String log = stderr.text();
    List<String> lines = log.lines().filter(line -> line.contains("session pinned")).toList();
    assertEquals(2, lines.size(), log);
    assertTrue(lines.get(0).startsWith("[sluice] INFO Pinning: "), lines.get(0));
    assertTrue(lines.get(0).contains(" (lock) by \"SELECT GET_LOCK(?, ?)\""), lines.get(0));
    assertTrue(lines.get(0).contains(" at " + SELF + ".takeLock(WhyPinnedTest.java:"));
    assertTrue(lines.get(0).contains(" on " + app.user() + "@127.0.0.1:"), lines.get(0));
    assertTrue(lines.get(1).contains(" (temporary table) by \"CREATE TEMPORARY TABLE"));
    assertTrue(lines.get(1).contains(" at " + SELF + ".createScratchTable(WhyPinnedTest.java:"));
    for (String secret : List.of(LOCK_NAME, COLUMN_DEFAULT, app.password())) {
      assertFalse(log.contains(secret), "the log shows " + secret + ":\n" + log);
    }
  }

  private Connection connect() throws SQLException {
    return app.session(sluice::connect);
  }

  private static void createScratchTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMPORARY TABLE IF NOT EXISTS scratch (x VARCHAR(30) DEFAULT '"
              + COLUMN_DEFAULT
              + "')");
    }
  }

  private static void takeLock(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT GET_LOCK('" + LOCK_NAME + "', 5)").close();
    }
  }

  private static void takeLockElsewhere(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT GET_LOCK('" + LOCK_NAME + "-2', 7)").close();
    }
  }

  /** The operation's result as JConsole gets it: open types through the platform MBean server. */
  private static CompositeData[] invoke(String operation) throws Exception {
    Object result =
        ManagementFactory.getPlatformMBeanServer()
            .invoke(new ObjectName("io.sluice:type=Sessions"), operation, null, null);
    return (CompositeData[]) result;
  }

  private static CompositeData[] reservedSessions() throws Exception {
    return invoke("reservedSessions");
  }

  private static CompositeData[] topPinningCauses() throws Exception {
    return invoke("topPinningCauses");
  }

  private static CompositeData only(CompositeData[] rows) {
    assertEquals(1, rows.length, List.of(rows).toString());
    return rows[0];
  }

  private static void assertCallSite(String method, CompositeData row) {
    String callSite = (String) row.get("callSite");
    assertTrue(callSite.startsWith(SELF + "." + method + "(WhyPinnedTest.java:"), callSite);
    assertTrue(callSite.endsWith(")"), callSite);
  }

  private static void assertCause(CompositeData cause, String reason, String method, long count) {
    assertEquals(reason, cause.get("reason"), cause.toString());
    assertCallSite(method, cause);
    assertEquals(count, cause.get("count"), cause.toString());
  }
}
