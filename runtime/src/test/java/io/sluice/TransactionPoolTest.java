package io.sluice;

import static io.sluice.testkit.Queries.globalStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.tablet.Tablet;
import io.sluice.testkit.AppUser;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The transaction path on a real MySQL 8.0.31, measured with MySQL's own counters: a steady-state
 * transaction costs MySQL exactly the statements the application sent, transactions wait for a
 * connection first come first served, and MySQL never sees more connections than the
 * application's own pool would have opened.
 */
class TransactionPoolTest {
  private static final String USER = "txpool_app";
  private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);
  /** The counters of what MySQL ran; Com_show_status counts the reads of them. */
  private static final List<String> COUNTERS =
      List.of(
          "Com_set_option",
          "Com_select",
          "Com_insert",
          "Com_update",
          "Com_commit",
          "Com_rollback",
          "Com_begin",
          "Com_show_warnings",
          "Com_change_db",
          "Com_stmt_prepare",
          "Com_stmt_execute",
          "Com_stmt_close");

  private static EmbeddedMysql mysql;
  private static AppUser app;

  private final ExecutorService threads = Executors.newCachedThreadPool();
  @RegisterExtension
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest();

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "txpool", USER, "txpool-secret");
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS txpool.accounts (id INT PRIMARY KEY, balance INT)");
    }
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
  }

  private Connection session(String args) throws SQLException {
    return session(args, "");
  }

  /** A session of the tablet for the URL with these properties added ({@code a=b&c=d}). */
  private Connection session(String args, String properties) throws SQLException {
    sluice.start(args);
    return at(properties).session(sluice);
  }

  private Connection direct(String properties) throws SQLException {
    return at(properties).direct();
  }

  private static AppUser at(String properties) {
    return properties.isEmpty() ? app : app.withUrlProperties("&" + properties);
  }

  private Tablet tablet() {
    return sluice.runtime().tablets().iterator().next();
  }

  /**
   * One transaction as a benchmark's terminal runs it, auto-commit off: a read, an insert, an
   * update, and the commit (or a rollback).
   */
  private static void transaction(Connection c, int id, boolean commit) throws SQLException {
    try (PreparedStatement read =
            c.prepareStatement("SELECT balance FROM txpool.accounts WHERE id = ?");
        PreparedStatement insert = c.prepareStatement("INSERT INTO txpool.accounts VALUES (?, 0)");
        PreparedStatement update =
            c.prepareStatement("UPDATE txpool.accounts SET balance = balance + 1 WHERE id = ?")) {
      read.setInt(1, id);
      try (ResultSet rs = read.executeQuery()) {
        rs.next();
      }
      insert.setInt(1, id);
      insert.executeUpdate();
      update.setInt(1, id);
      update.executeUpdate();
    }
    if (commit) {
      c.commit();
    } else {
      c.rollback();
    }
  }

  /**
   * What MySQL ran for {@code transactions} transactions of each connection after a warm-up one,
   * per counter, the statements of the status reads themselves left out.
   */
  private static Map<String, Long> ranFor(
      List<Connection> connections, int transactions, int isolation) throws SQLException {
    int id = 0;
    for (Connection c : connections) {
      c.setTransactionIsolation(isolation);
      c.setAutoCommit(false);
      transaction(c, 1_000_000 + id++, true); // warm-up
    }
    try (Connection root = mysql.rootConnection()) {
      Map<String, Long> before = counters(root);
      for (int i = 0; i < transactions; i++) {
        for (Connection c : connections) {
          transaction(c, id++, i % 2 == 0);
        }
      }
      Map<String, Long> after = counters(root);
      Map<String, Long> ran = new LinkedHashMap<>();
      for (String counter : COUNTERS) {
        ran.put(counter, after.get(counter) - before.get(counter));
      }
      return ran;
    }
  }

  private static Map<String, Long> counters(Connection root) throws SQLException {
    Map<String, Long> values = new LinkedHashMap<>();
    try (Statement s = root.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Com\\_%'")) {
      while (rs.next()) {
        values.put(rs.getString(1), rs.getLong(2));
      }
    }
    return values;
  }

  private static void truncate() throws SQLException {
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("TRUNCATE txpool.accounts");
    }
  }

  /**
   * Two sessions, each running transactions at its isolation level with auto-commit off, as a
   * benchmark's terminals do; also under the URL properties with which the driver answers from
   * its own view and skips setters it believes no-ops (HikariCP's recommended set).
   */
  @ParameterizedTest(name = "isolation {0}, properties \"{1}\"")
  @CsvSource({
    "4, ''",
    "8, ''",
    "8, useLocalSessionState=true&elideSetAutoCommits=true",
  })
  void aSteadyStateTransactionCostsMysqlExactlyTheStatementsTheAppSent(
      int isolation, String properties) throws SQLException {
    int transactions = 20;
    Map<String, Long> direct;
    truncate();
    try (Connection a = direct(properties);
        Connection b = direct(properties)) {
      direct = ranFor(List.of(a, b), transactions, isolation);
    }
    Map<String, Long> multiplexed;
    truncate();
    try (Connection a = session("queryserver_config_transaction_cap=2", properties);
        Connection b = session("", properties)) {
      multiplexed = ranFor(List.of(a, b), transactions, isolation);
    }
    System.out.println(
        "Com_* per transaction, isolation "
            + isolation
            + " "
            + properties
            + ": direct "
            + perTransaction(direct, 2 * transactions)
            + ", Sluice "
            + perTransaction(multiplexed, 2 * transactions));
    assertEquals(2L * transactions / 2, direct.get("Com_commit"), "the app's commits, direct");
    assertEquals(direct, multiplexed, "MySQL ran what the app sent, nothing more");
  }

  private static Map<String, String> perTransaction(Map<String, Long> ran, int transactions) {
    Map<String, String> per = new LinkedHashMap<>();
    ran.forEach(
        (counter, count) -> {
          if (count != 0) {
            per.put(counter, String.format("%.2f", count / (double) transactions));
          }
        });
    return per;
  }

  /**
   * The connection a transaction leaves idle with auto-commit off holds no open transaction: an
   * autocommit statement of another session on it commits at once, and the server shows no
   * transaction of the application's user open.
   */
  @Test
  void aConnectionLeftIdleByATransactionHoldsNoOpenTransaction() throws SQLException {
    truncate();
    try (Connection a =
            session("queryserver_config_pool_size=1,queryserver_config_transaction_cap=1");
        Connection b = session("");
        Connection root = mysql.rootConnection()) {
      a.setAutoCommit(false);
      long physical = io.sluice.testkit.Queries.connectionId(a);
      try (Statement s = a.createStatement()) {
        s.executeUpdate("INSERT INTO txpool.accounts VALUES (1, 1)");
      }
      a.commit();
      assertEquals(0, openTransactions(root), "the commit ended it before it went idle");
      assertEquals(physical, io.sluice.testkit.Queries.connectionId(b), "the idle one serves b");
      try (Statement s = b.createStatement()) {
        s.executeUpdate("INSERT INTO txpool.accounts VALUES (2, 1)");
      }
      assertEquals(0, openTransactions(root), "b's statement committed at once");
      assertEquals(2, count(root, "SELECT COUNT(*) FROM txpool.accounts"));
      try (Statement s = a.createStatement()) {
        s.executeUpdate("INSERT INTO txpool.accounts VALUES (3, 1)");
      }
      a.rollback();
      assertEquals(0, openTransactions(root));
      assertEquals(2, count(root, "SELECT COUNT(*) FROM txpool.accounts"), "row 3 rolled back");
    }
  }

  private static int openTransactions(Connection root) throws SQLException {
    // performance_schema is current; information_schema.innodb_trx is a cache.
    return count(
        root,
        "SELECT COUNT(*) FROM performance_schema.events_transactions_current e"
            + " JOIN performance_schema.threads t ON t.THREAD_ID = e.THREAD_ID"
            + " WHERE e.STATE = 'ACTIVE' AND t.PROCESSLIST_USER = '"
            + USER
            + "'");
  }

  private static int count(Connection root, String sql) throws SQLException {
    try (Statement s = root.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void transactionsWaitingForTheCapAreServedInArrivalOrder() throws Exception {
    Connection holder = session("queryserver_config_transaction_cap=1");
    holder.setAutoCommit(false);
    holder.createStatement().executeQuery("SELECT 1").close(); // holds the one connection
    int waiters = 6;
    List<Integer> served = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> done = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(waiters);
    List<Connection> sessions = new ArrayList<>();
    for (int i = 0; i < waiters; i++) {
      Connection c = session("");
      c.setAutoCommit(false);
      sessions.add(c);
    }
    for (int i = 0; i < waiters; i++) {
      int index = i;
      Connection c = sessions.get(i);
      long waitsBefore = tablet().stats().waitCount();
      done.add(
          threads.submit(
              () -> {
                ready.countDown();
                try (Statement s = c.createStatement()) {
                  s.executeQuery("SELECT 1").close(); // waits for the transaction connection
                  served.add(index);
                  c.commit();
                }
                return null;
              }));
      // the next one arrives only once this one waits
      await(() -> tablet().stats().waitCount() == waitsBefore + 1);
    }
    ready.await();
    Connection newcomer = session("");
    newcomer.setAutoCommit(false);
    holder.commit();
    // Arrives as the holder's connection is handed on: it must not barge ahead of the waiters.
    try (Statement s = newcomer.createStatement()) {
      s.executeQuery("SELECT 1").close();
      served.add(waiters);
      newcomer.commit();
    }
    for (Future<?> f : done) {
      f.get(20, TimeUnit.SECONDS);
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), served, "first come, first served");
    for (Connection c : sessions) {
      c.close();
    }
    newcomer.close();
    holder.close();
  }

  @Test
  void aFullTransactionPoolFailsNamingTheFlag() throws SQLException {
    try (Connection holder =
            session("queryserver_config_transaction_cap=1,queryserver_config_txpool_timeout=200ms");
        Connection other = session("")) {
      holder.setAutoCommit(false);
      holder.createStatement().executeQuery("SELECT 1").close();
      other.setAutoCommit(false);
      SQLTransientConnectionException e =
          assertThrows(
              SQLTransientConnectionException.class,
              () -> other.createStatement().executeQuery("SELECT 1"));
      assertTrue(
          e.getMessage().contains("raise queryserver_config_transaction_cap (now 1)"),
          e.getMessage());
      holder.commit();
      other.createStatement().executeQuery("SELECT 1").close(); // served once one is free
      other.commit();
    }
  }

  /**
   * K sessions busy at once, as an application pool of K lends them, half in transactions and
   * half running autocommit statements, over a tablet whose pool size and transaction cap add up
   * to more than K: MySQL never sees more than K connections of the application's user.
   */
  @Test
  void mysqlNeverSeesMoreConnectionsThanTheAppsPool() throws Exception {
    int k = 6;
    truncate();
    List<Connection> pool = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      pool.add(session("queryserver_config_pool_size=4,queryserver_config_transaction_cap=6"));
    }
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      await(() -> connections(root, "user = '" + USER + "'") == 0);
      // Other test classes' tablets may keep idle connections of their own users: they can only
      // close meanwhile, never open, so the app's peak is the server's above them.
      int others = connections(root, "user <> '" + USER + "'");
      s.execute("FLUSH STATUS"); // Max_used_connections starts again from the connections now
      long setsBefore = globalStatus(root, "Com_set_option");
      CyclicBarrier start = new CyclicBarrier(k);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < k; t++) {
        Connection c = pool.get(t);
        int base = t * 10_000;
        workers.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 200; i++) {
                    if ((i + base) % 2 == 0) {
                      c.setAutoCommit(false);
                      transaction(c, base + i, true);
                    } else {
                      c.setAutoCommit(true);
                      try (Statement st = c.createStatement()) {
                        st.executeQuery("SELECT COUNT(*) FROM txpool.accounts").close();
                        st.executeUpdate(
                            "INSERT INTO txpool.accounts VALUES (" + (base + i) + ", 1)");
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : workers) {
        f.get(120, TimeUnit.SECONDS);
      }
      long peak = globalStatus(root, "Max_used_connections");
      System.out.printf(
          "K=%d mixed load: MySQL peak %d app connections, Com_set_option %d for %d units of work%n",
          k, peak - 1 - others, globalStatus(root, "Com_set_option") - setsBefore, k * 200);
      int observers = others + 1; // and this root connection
      assertTrue(
          peak - observers <= k,
          "MySQL saw " + (peak - observers) + " connections of an app pool of " + k);
      assertTrue(tablet().stats().physicalConnections() <= k, tablet().stats().toString());
    } finally {
      for (Connection c : pool) {
        c.close();
      }
    }
  }

  /**
   * A result the application keeps open over its commit (an updatable one, whose updateRow needs
   * the connection) must not leave that connection to another session's transaction: direct, the
   * update runs in the session's own next transaction; through Sluice it either does that or
   * fails, and is never silently part of another session's transaction, rolled back with it.
   */
  @Test
  void aResultOpenOverItsCommitNeverWritesIntoAnotherSessionsTransaction() throws SQLException {
    truncate();
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("INSERT INTO txpool.accounts VALUES (1, 1), (2, 1)");
    }
    String args = "queryserver_config_pool_size=1,queryserver_config_transaction_cap=1";
    try (Connection a = session(args);
        Connection b = session(args)) {
      a.setAutoCommit(false);
      Statement updatable =
          a.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
      ResultSet rows =
          updatable.executeQuery("SELECT id, balance FROM txpool.accounts WHERE id = 1");
      assertTrue(rows.next());
      a.commit();
      b.setAutoCommit(false);
      try (Statement st = b.createStatement()) {
        st.executeUpdate("UPDATE txpool.accounts SET balance = 7 WHERE id = 2");
      }
      boolean updated;
      try {
        rows.updateInt(2, 99);
        rows.updateRow();
        updated = true;
      } catch (SQLException e) {
        updated = false; // its connection closed with the transaction: an error, nothing lost
      }
      b.rollback();
      a.commit();
      try (Connection root = mysql.rootConnection()) {
        assertEquals(
            updated ? 99 : 1,
            count(root, "SELECT balance FROM txpool.accounts WHERE id = 1"),
            "the update of a result kept over its commit");
      }
    }
  }

  /** Connections to the server matching {@code where}, but {@code root}'s own and the event scheduler. */
  private static int connections(Connection root, String where) {
    try {
      return count(
          root,
          "SELECT COUNT(*) FROM information_schema.processlist"
              + " WHERE user <> 'event_scheduler' AND id <> CONNECTION_ID() AND "
              + where);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Waits for a condition other threads bring about, checking it every millisecond. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached within 20 s");
      Thread.sleep(1);
    }
  }
}
