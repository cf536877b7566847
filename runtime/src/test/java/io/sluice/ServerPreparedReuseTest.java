package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.SluiceConfig;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.testkit.AppUser;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server prepared statements ({@code useServerPrepStmts=true}) kept per physical connection, on a
 * real MySQL 8.0.31, counted with the server's own counters: a statement is prepared once per
 * physical connection, not once per execution; the server never holds more than the pool's
 * connections times the kept size; and nothing one session did to a statement reaches the next
 * session that runs the same statement on the same connection. The same checks run on
 * client-side prepared statements (the driver's default), which are made anew each execution.
 */
class ServerPreparedReuseTest {
  private static final String DB = "spreuse";
  private static final String OTHER_DB = "spreuse_other";
  private static final String SERVER_PREP = "useServerPrepStmts=true";
  private static EmbeddedMysql mysql;
  private static AppUser app;

  private Sluice sluice;

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, DB, "spreuse_app", "spreuse-secret");
    mysql.jdbcUrl(OTHER_DB);
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS spreuse.t (id INT PRIMARY KEY, v VARCHAR(20), d DOUBLE)");
      s.execute("CREATE TABLE IF NOT EXISTS spreuse_other.t (id INT PRIMARY KEY, v VARCHAR(20), d DOUBLE)");
      s.execute("TRUNCATE spreuse.t");
      s.execute("TRUNCATE spreuse_other.t");
      s.execute(
          "INSERT INTO spreuse.t WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
              + " WHERE i < 10) SELECT i, CONCAT('v', i), i * 1e20 FROM n");
      s.execute("INSERT INTO spreuse_other.t VALUES (1, 'other', 0.5)");
    }
  }

  @AfterEach
  void closeRuntime() {
    if (sluice != null) {
      sluice.close();
      sluice = null;
    }
  }

  private Connection session(String properties, String config) throws SQLException {
    return app.withUrlProperties("&" + properties).session(runtime(config)::connect);
  }

  /**
   * The test's one runtime, started by the first session: synchronized, because sessions open on
   * several threads at once, and each runtime has its own tablet and pool (four threads starting
   * four runtimes prepared on up to four pools of 3, and left three of them open).
   */
  private synchronized Sluice runtime(String config) {
    if (sluice == null) {
      sluice = new Sluice(SluiceConfig.parse(config), PhysicalConnector.DIRECT);
    }
    return sluice;
  }

  private Connection direct(String properties) throws SQLException {
    return app.withUrlProperties("&" + properties).direct();
  }

  /** MySQL's global counter or gauge, read with a plain statement (which prepares nothing). */
  private static long status(String name) throws SQLException {
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
      rs.next();
      return rs.getLong(2);
    }
  }

  /**
   * How many commands of one kind the app's user sent MySQL (performance_schema): unlike the
   * global {@code Com_*} counters, not moved by what other test classes left running.
   */
  private static long byAppUser(String event) throws SQLException {
    try (Connection root = mysql.rootConnection();
        PreparedStatement s =
            root.prepareStatement(
                "SELECT COUNT_STAR FROM performance_schema.events_statements_summary_by_user_by_event_name"
                    + " WHERE USER = 'spreuse_app' AND EVENT_NAME = ?")) {
      s.setString(1, event);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  // ------------------------------------------------------------------ (a) prepares per execution

  /**
   * 460 executions of one statement, by 20 sessions on 4 threads over a pool of 3: prepared at
   * most once per physical connection, where each execution prepared anew before.
   */
  @Test
  void oneStatementIsPreparedOncePerPhysicalConnection() throws Exception {
    long[] direct = preparesFor(() -> direct(SERVER_PREP));
    long[] multiplexed =
        preparesFor(() -> session(SERVER_PREP, "queryserver_config_pool_size=3"));
    System.out.printf(
        "460 executions: Com_stmt_prepare direct %d, Sluice %d; Com_stmt_close direct %d, Sluice %d%n",
        direct[0], multiplexed[0], direct[1], multiplexed[1]);
    assertEquals(20, direct[0], "direct prepares once per session (its own connection)");
    assertTrue(
        multiplexed[0] >= 1 && multiplexed[0] <= 3, "prepares with Sluice: " + multiplexed[0]);
    assertTrue(
        multiplexed[1] <= multiplexed[0], "closed once, when their connections close: " + multiplexed[1]);
  }

  /** The same, with the statements kept none ({@code prepStmtCacheSize=0}): as before. */
  @Test
  void keepingNonePreparesAtEachExecution() throws Exception {
    long[] multiplexed =
        preparesFor(
            () -> session(SERVER_PREP + "&prepStmtCacheSize=0", "queryserver_config_pool_size=3"));
    assertEquals(460, multiplexed[0]);
    assertEquals(460, multiplexed[1]);
  }

  @FunctionalInterface
  private interface Opener {
    Connection open() throws SQLException;
  }

  /**
   * 20 sessions (5 on each of 4 threads) each prepare once and execute 23 times.
   *
   * @return MySQL's COM_STMT_PREPARE and COM_STMT_CLOSE count meanwhile
   */
  private long[] preparesFor(Opener opener) throws Exception {
    long before = byAppUser("statement/com/Prepare");
    long closesBefore = byAppUser("statement/com/Close stmt");
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(
            threads.submit(
                () -> {
                  for (int session = 0; session < 5; session++) {
                    try (Connection c = opener.open();
                        PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                      for (int i = 0; i < 23; i++) {
                        ps.setInt(1, i % 10 + 1);
                        try (ResultSet rs = ps.executeQuery()) {
                          assertTrue(rs.next());
                          assertEquals("v" + (i % 10 + 1), rs.getString(1));
                        }
                      }
                    }
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
    closeRuntime();
    return new long[] {
      byAppUser("statement/com/Prepare") - before, byAppUser("statement/com/Close stmt") - closesBefore
    };
  }

  // ------------------------------------------------------------------ (b) bounded on the server

  /**
   * 40 distinct texts over a pool of 2 keeping 5 each: the server never holds more than 10 of
   * them, and none once the tablet's connections closed.
   */
  @Test
  void preparedStatementCountStaysWithinPoolTimesKeptSize() throws Exception {
    long baseline = status("Prepared_stmt_count");
    long closesBefore = status("Com_stmt_close");
    String properties = SERVER_PREP + "&prepStmtCacheSize=5";
    String config = "queryserver_config_pool_size=2";
    long most = 0;
    try (Connection a = session(properties, config);
        Connection b = session(properties, config)) {
      for (int round = 0; round < 3; round++) {
        for (int text = 0; text < 40; text++) {
          for (Connection c : List.of(a, b)) {
            try (PreparedStatement ps =
                c.prepareStatement("SELECT v FROM t WHERE id = ? AND " + text + " = " + text)) {
              ps.setInt(1, 1);
              try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
              }
            }
          }
          most = Math.max(most, status("Prepared_stmt_count") - baseline);
        }
      }
    }
    assertTrue(most <= 10, "server statements held at most: " + most);
    assertTrue(status("Com_stmt_close") - closesBefore > 0, "evicted statements are closed");
    closeRuntime();
    assertEquals(baseline, status("Prepared_stmt_count"), "gone with their connections");
  }

  // ------------------------------------------------------------------ (c), (d) as direct

  /** What one session does on its connection; it notes what it observed. */
  @FunctionalInterface
  private interface Work {
    void run(Connection c, List<String> seen) throws SQLException;
  }

  /**
   * Runs each work on a connection of its own, one after the other: direct, then as sessions of
   * one tablet over one physical connection, so that each session reuses the server statements
   * the ones before it left; both must observe the same.
   */
  private void assertSameAsDirect(String properties, String config, Work... works)
      throws SQLException {
    List<String> direct = new ArrayList<>();
    for (Work work : works) {
      try (Connection c = direct(properties)) {
        work.run(c, direct);
      }
    }
    List<String> multiplexed = new ArrayList<>();
    for (Work work : works) {
      try (Connection c = session(properties, "queryserver_config_pool_size=1," + config)) {
        work.run(c, multiplexed);
      }
    }
    closeRuntime();
    assertEquals(String.join("\n", direct), String.join("\n", multiplexed), properties);
  }

  private static final String ROWS = "SELECT id, v, d FROM t WHERE id <= ? ORDER BY id";

  private static void rows(PreparedStatement ps, List<String> seen) {
    try (ResultSet rs = ps.executeQuery()) {
      StringBuilder out = new StringBuilder("fetch size " + rs.getFetchSize() + ":");
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        out.append(' ');
        for (int i = 1; i <= columns; i++) {
          out.append(i > 1 ? "/" : "").append(rs.getString(i));
        }
      }
      seen.add(out.toString());
      for (java.sql.SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
        seen.add("warning " + w.getErrorCode() + " " + w.getMessage());
      }
    } catch (SQLException e) {
      seen.add("error " + e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage());
    }
  }

  /**
   * One session sets parameters, max rows, fetch size and a query timeout on a statement; the
   * next runs the same text without them: no parameter, no row limit, no fetch size, no timeout
   * reach it through the server statement they shared.
   */
  @Test
  void nothingASessionSetReachesTheNext() throws SQLException {
    for (String properties :
        List.of(
            "useServerPrepStmts=false",
            "cachePrepStmts=true",
            SERVER_PREP,
            SERVER_PREP + "&cachePrepStmts=true",
            SERVER_PREP + "&useCursorFetch=true")) {
      assertSameAsDirect(
          properties,
          "",
          (c, seen) -> {
            try (PreparedStatement ps = c.prepareStatement(ROWS)) {
              ps.setInt(1, 5);
              ps.setMaxRows(4);
              ps.setFetchSize(3);
              ps.setQueryTimeout(1);
              rows(ps, seen);
            }
          },
          (c, seen) -> {
            try (PreparedStatement ps = c.prepareStatement(ROWS)) {
              rows(ps, seen); // no parameter set: the driver's own error
              ps.setInt(1, 5);
              rows(ps, seen);
            }
            try (PreparedStatement sleep = c.prepareStatement("SELECT SLEEP(?), 1")) {
              sleep.setDouble(1, 1.3); // longer than the other session's timeout
              rows(sleep, seen);
            }
          },
          (c, seen) -> {
            try (PreparedStatement sleep = c.prepareStatement("SELECT SLEEP(?), 1")) {
              sleep.setQueryTimeout(1);
              sleep.setDouble(1, 0);
              rows(sleep, seen);
            }
          });
    }
  }

  /**
   * The same text in another database, or under another sql_mode carried by the connection (the
   * settings pool, hints off), is another server statement: MySQL resolved its tables and parsed
   * its operators when it prepared it.
   */
  @Test
  void databaseAndSettingsDecideWhichStatementRuns() throws SQLException {
    String concat = "SELECT 'a' || ?, v FROM t WHERE id = 1";
    Work plain =
        (c, seen) -> {
          try (PreparedStatement ps = c.prepareStatement(concat)) {
            ps.setString(1, "b");
            rows(ps, seen);
          }
        };
    Work other =
        (c, seen) -> {
          c.setCatalog(OTHER_DB);
          plain.run(c, seen);
        };
    Work pipes =
        (c, seen) -> {
          try (Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, ',PIPES_AS_CONCAT')");
          }
          plain.run(c, seen);
        };
    for (String properties : List.of("useServerPrepStmts=false", SERVER_PREP)) {
      assertSameAsDirect(
          properties, "enable_set_var=false", plain, other, plain, pipes, plain, pipes, other);
    }
  }

  /** Results through kept statements are the direct connection's, row for row, type for type. */
  @Test
  void resultsAreDirects() throws SQLException {
    Work work =
        (c, seen) -> {
          try (PreparedStatement ps = c.prepareStatement(ROWS)) {
            for (int n = 0; n <= 10; n += 5) {
              ps.setInt(1, n);
              rows(ps, seen);
            }
          }
          try (PreparedStatement update = c.prepareStatement("UPDATE t SET v = v WHERE id <= ?")) {
            update.setInt(1, 3);
            seen.add("updated " + update.executeUpdate());
          }
        };
    assertSameAsDirect("useServerPrepStmts=false", "", work, work, work);
    assertSameAsDirect(SERVER_PREP, "", work, work, work);
    assertSameAsDirect(
        SERVER_PREP + "&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048",
        "",
        work,
        work);
  }
}
