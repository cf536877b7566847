package io.sluice;

import static io.sluice.testkit.Queries.connectionId;
import static io.sluice.testkit.Queries.longValue;
import static io.sluice.testkit.Queries.rootLong;
import static io.sluice.testkit.Queries.rootRun;
import static io.sluice.testkit.Queries.run;
import static io.sluice.testkit.Queries.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.SluiceConfig;
import io.sluice.jmx.JmxRegistrar;
import io.sluice.session.SessionMetrics;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.tablet.Tablet;
import io.sluice.tablet.TabletStats;
import io.sluice.testkit.AppUser;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reserved connections on a real MySQL 8.0.31, observed at the server: the seeds' sentences about
 * reserved connections (temporary tables, user locks, table locks, settings), and the Vitess
 * end-to-end scenarios of vitess.md §9.1 (3, 8, 9), §9.2 (17–29) and §9.5 (39) ported to JDBC.
 *
 * <p>MySQL's own count of the application user's connections ({@code
 * information_schema.processlist}, read as root) is the truth; the JMX MBeans the runtime registers
 * ({@code io.sluice:type=Sessions}, {@code io.sluice:type=Tablet,name=...}) must agree with it and
 * with {@link Sluice#metrics()} and {@link TabletStats}. Every scenario runs with the settings pool
 * on and off.
 */
class ReservedConnectionsTest {
  private static final long AWAIT_MILLIS = 10_000;
  private static EmbeddedMysql mysql;
  private static AppUser app;
  private static ExecutorService threads;

  private final Driver driver = Drivers.connectorJ();
  private final List<Sluice> runtimes = new ArrayList<>();
  private Sluice sluice;

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "reserved", "reserved_app", "reserved-secret");
    rootRun(
        mysql,
        "CREATE TABLE IF NOT EXISTS reserved.items (id BIGINT PRIMARY KEY, name VARCHAR(64))");
    threads = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  @BeforeEach
  void cleanSlate() throws SQLException {
    rootRun(mysql, "TRUNCATE reserved.items");
    // The previous test's connections may still be leaving the server.
    awaitAppConnections(0);
  }

  @AfterEach
  void closeRuntimes() {
    runtimes.forEach(Sluice::close);
  }

  // ---------------------------------------------------------------- connection counts per kind

  /** What makes a session hold state on its connection, and how it gives that state up again. */
  enum Kind {
    TEMPORARY_TABLE(
        "CREATE TEMPORARY TABLE scratch (id INT)", "DROP TEMPORARY TABLE scratch", true, true),
    GET_LOCK("SELECT GET_LOCK('counted', 0)", "SELECT RELEASE_LOCK('counted')", true, true),
    LOCK_TABLES("LOCK TABLES items READ", "UNLOCK TABLES", true, true),
    /** default_week_format cannot ride as a SET_VAR hint: a connection must carry it. */
    SETTINGS("SET default_week_format = 3", "SET default_week_format = 0", false, true),
    /** The seeds: a SET to the global value is ignored. */
    SETTINGS_AT_GLOBAL_VALUE(
        "SET default_week_format = 0", "SET default_week_format = 0", false, false);

    final String sql;
    final String undo;
    final boolean reservesWithSettingsPool;
    final boolean reservesWithoutSettingsPool;

    Kind(String sql, String undo, boolean withPool, boolean withoutPool) {
      this.sql = sql;
      this.undo = undo;
      this.reservesWithSettingsPool = withPool;
      this.reservesWithoutSettingsPool = withoutPool;
    }

    int reserved(boolean settingsPool) {
      return (settingsPool ? reservesWithSettingsPool : reservesWithoutSettingsPool) ? 1 : 0;
    }

    /** The Sessions MBean attribute that counts this kind's reservations. */
    String counter() {
      return switch (this) {
        case TEMPORARY_TABLE -> "ReservationsForTemporaryTables";
        case GET_LOCK, LOCK_TABLES -> "ReservationsForLocks";
        case SETTINGS, SETTINGS_AT_GLOBAL_VALUE -> "ReservationsForSettings";
      };
    }
  }

  static List<Arguments> kindsAndModes() {
    List<Arguments> all = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      all.add(Arguments.of(kind, true));
      all.add(Arguments.of(kind, false));
    }
    return all;
  }

  /**
   * The seeds: a reservation is a connection of its own, outside the pool, which keeps serving the
   * other sessions; it lasts until the session disconnects (giving the state up is not enough),
   * and is then closed. A pool of one makes every extra connection visible at the server.
   */
  @ParameterizedTest(name = "{0}, settings pool {1}")
  @MethodSource("kindsAndModes")
  void aReservationIsOneMoreConnectionUntilTheSessionCloses(Kind kind, boolean settingsPool)
      throws Exception {
    start(settingsPool, "queryserver_config_pool_size=1");
    int extra = kind.reserved(settingsPool);
    int before;
    int during;
    try (Connection other = session()) {
      long otherId;
      try (Connection holder = session()) {
        longValue(holder, "SELECT 1");
        before = observe(1, 0, 0);
        assertEquals(2, attribute(sessionsBean(), "OpenSessions"));

        run(holder, kind.sql);
        long holderId = connectionId(holder);
        otherId = connectionId(other);
        assertEquals(holderId, connectionId(holder), "the holder stays on its connection");
        if (extra == 1) {
          assertNotEquals(holderId, otherId, "the reserved connection is the holder's alone");
        } else {
          assertEquals(holderId, otherId, "no reservation: both sessions share the one pooled");
        }
        during = observe(1 + extra, extra, extra);
        assertEquals(extra, attribute(sessionsBean(), kind.counter()), kind.counter());
        assertEquals(extra, reservationsEver(sluice.metrics()), "one reservation, one reason");
        TabletStats stats = stats();
        assertEquals(
            stats.capacity(), stats.available(), "a reservation takes nothing from the pool");
        if (kind == Kind.SETTINGS) {
          assertEquals(3, longValue(holder, "SELECT @@default_week_format"), "carried");
          assertEquals(0, longValue(other, "SELECT @@default_week_format"), "not leaked");
        }
        if (kind == Kind.SETTINGS_AT_GLOBAL_VALUE) {
          assertTrue(sluice.metrics().setsIgnored() >= 1, "a SET to the global value is ignored");
          assertEquals(sluice.metrics().setsIgnored(), attribute(sessionsBean(), "SetsIgnored"));
        }

        run(holder, kind.undo);
        assertEquals(holderId, connectionId(holder), "giving the state up does not end it");
        assertEquals(during, observe(1 + extra, extra, extra));
      }
      int after = observe(1, 0, extra);
      assertEquals(extra, attribute(tabletBean(), "ReservedConnectionsCreated"));
      assertEquals(1, attribute(sessionsBean(), "OpenSessions"));
      assertEquals(otherId, connectionId(other), "the pooled connection served on throughout");
      System.out.printf(
          "[counts] %s, settings pool %s: before %d, during %d, after %d%n",
          kind, settingsPool ? "on" : "off", before, during, after);
    }
  }

  /**
   * The seeds: each reserving session has a connection of its own, however small the pool, and
   * the others keep multiplexing on the pool; all of them go when their sessions do.
   */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void reservedConnectionsAddUpBesideThePool(boolean settingsPool) throws Exception {
    start(settingsPool, "queryserver_config_pool_size=1");
    List<Connection> holders = new ArrayList<>();
    try (Connection plain = session()) {
      longValue(plain, "SELECT 1");
      for (int i = 0; i < 3; i++) {
        Connection holder = session();
        holders.add(holder);
        run(holder, "CREATE TEMPORARY TABLE scratch (id INT)");
        run(holder, "SELECT GET_LOCK('many" + i + "', 0)");
        longValue(plain, "SELECT 1");
      }
      observe(4, 3, 3);
      assertEquals(3, attribute(sessionsBean(), "ReservationsForTemporaryTables"));
      assertEquals(0, attribute(sessionsBean(), "ReservationsForLocks"), "already reserved");
      for (Connection holder : holders) {
        holder.close();
      }
      observe(1, 0, 3);
      assertEquals(1, rootLong(mysql, "SELECT IS_FREE_LOCK('many0') + IS_FREE_LOCK('many2') = 2"));
    } finally {
      for (Connection holder : holders) {
        holder.close();
      }
    }
  }

  // ---------------------------------------------------------------- vitess.md §9.2: user locks

  /** 17 TestLockUnlock, with the holder's connection seen at the server. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void lockUnlock(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection c = session()) {
      assertNull(value(c, "SELECT RELEASE_LOCK('lock name')"), "not held: NULL");
      assertEquals(1, longValue(c, "SELECT GET_LOCK('lock name', 2)"));
      assertEquals(1, longValue(c, "SELECT GET_LOCK('lock name', 2)"));
      assertEquals(0, longValue(c, "SELECT IS_FREE_LOCK('lock name')"));
      Object usedBy = value(c, "SELECT IS_USED_LOCK('lock name')");
      assertNotNull(usedBy);
      long holder = connectionId(c);
      assertEquals(holder, ((Number) usedBy).longValue(), "held by the session's connection");
      assertEquals(holder, rootLong(mysql, "SELECT IS_USED_LOCK('lock name')"), "as MySQL sees it");
      assertEquals(1, longValue(c, "SELECT RELEASE_LOCK('lock name')"));
      assertEquals(1, longValue(c, "SELECT RELEASE_ALL_LOCKS()"), "the second grab");
      assertNull(value(c, "SELECT RELEASE_LOCK('lock name')"));
      observe(1, 1, 1);
    }
    observe(0, 0, 1);
  }

  /** 18 TestLocksDontIntersect. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void locksDontIntersect(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection one = session();
        Connection two = session()) {
      assertEquals(1, longValue(one, "SELECT GET_LOCK('lock1', 2)"));
      assertEquals(1, longValue(two, "SELECT GET_LOCK('lock2', 2)"));
      observe(2, 2, 2);
      assertEquals(1, longValue(one, "SELECT RELEASE_LOCK('lock1')"));
      assertEquals(1, longValue(two, "SELECT RELEASE_LOCK('lock2')"));
    }
    observe(0, 0, 2);
  }

  /** 19 TestLocksIntersect; a 0 s timeout instead of Vitess' 1 s, which fails the same way. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void locksIntersect(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection one = session();
        Connection two = session()) {
      assertEquals(1, longValue(one, "SELECT GET_LOCK('lock1', 100)"));
      assertEquals(1, longValue(two, "SELECT GET_LOCK('lock2', 100)"));
      assertEquals(0, longValue(one, "SELECT GET_LOCK('lock2', 0)"));
      assertEquals(0, longValue(two, "SELECT GET_LOCK('lock1', 0)"));
      assertEquals(0, longValue(one, "SELECT RELEASE_LOCK('lock2')"), "held by another");
      assertEquals(0, longValue(two, "SELECT RELEASE_LOCK('lock1')"), "held by another");
      assertEquals(1, longValue(one, "SELECT RELEASE_LOCK('lock1')"));
      assertEquals(1, longValue(two, "SELECT RELEASE_LOCK('lock2')"));
      observe(2, 2, 2);
    }
  }

  /** 20 TestLocksAreExplicitlyReleaseAndRegrab. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void locksAreExplicitlyReleasedAndRegrabbed(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection one = session();
        Connection two = session()) {
      assertEquals(1, longValue(one, "SELECT GET_LOCK('lock', 0)"));
      assertEquals(1, longValue(one, "SELECT RELEASE_LOCK('lock')"));
      assertEquals(1, longValue(two, "SELECT GET_LOCK('lock', 0)"));
      assertEquals(connectionId(two), rootLong(mysql, "SELECT IS_USED_LOCK('lock')"));
    }
  }

  /** 21 TestLocksAreReleasedWhenConnectionIsClosed: closing the session closes its connection. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void locksAreReleasedWhenTheSessionCloses(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection two = session()) {
      long holderId;
      try (Connection one = session()) {
        assertEquals(1, longValue(one, "SELECT GET_LOCK('lock', 0)"));
        holderId = connectionId(one);
      }
      // The lock goes when MySQL ends the closed connection's thread: GET_LOCK waits for that.
      assertEquals(1, longValue(two, "SELECT GET_LOCK('lock', 10)"));
      assertEquals(
          0,
          rootLong(
              mysql,
              "SELECT COUNT(*) FROM information_schema.processlist WHERE id = " + holderId));
      observe(1, 1, 2);
    }
  }

  /** 22 TestLocksBlockEachOther: a second session's GET_LOCK waits at the server until release. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void locksBlockEachOther(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection one = session();
        Connection two = session()) {
      assertEquals(1, longValue(one, "SELECT GET_LOCK('lock', 0)"));
      Future<Long> waiting = threads.submit(() -> longValue(two, "SELECT GET_LOCK('lock', 10)"));
      awaitLockWaiters("lock", 1);
      assertFalse(waiting.isDone(), "blocked while the other session holds it");
      assertEquals(1, longValue(one, "SELECT RELEASE_LOCK('lock')"));
      assertEquals(1, waiting.get(10, TimeUnit.SECONDS));
      assertEquals(connectionId(two), rootLong(mysql, "SELECT IS_USED_LOCK('lock')"));
    }
  }

  /** 23 TestLocksBlocksWithTx: the holder's transaction neither releases nor disturbs the lock. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void locksBlockAcrossTheHoldersTransaction(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection one = session();
        Connection two = session()) {
      assertEquals(1, longValue(one, "SELECT GET_LOCK('lock', 0)"));
      Future<Long> waiting = threads.submit(() -> longValue(two, "SELECT GET_LOCK('lock', 10)"));
      awaitLockWaiters("lock", 1);
      one.setAutoCommit(false);
      run(one, "INSERT INTO items VALUES (23, 'in tx')");
      one.commit();
      one.setAutoCommit(true);
      assertEquals(1, rootLong(mysql, "SELECT COUNT(*) FROM reserved.items WHERE id = 23"));
      assertFalse(waiting.isDone(), "still blocked after the holder's commit");
      assertEquals(1, lockWaiters("lock"));
      assertEquals(1, longValue(one, "SELECT RELEASE_LOCK('lock')"));
      assertEquals(1, waiting.get(10, TimeUnit.SECONDS));
      observe(2, 2, 2);
    }
  }

  /**
   * 24 TestLocksWithTxFailure, where Sluice differs from Vitess on purpose. Vitess holds locks on
   * a connection apart from the transaction's, so the lock outlives the killed transaction. A
   * session of Sluice has one reserved connection, as the application's own MySQL connection
   * would: the transaction runs where the lock is, killing it loses both, and the session ends as
   * that connection would (the driver's 08S01, then 08003) instead of going on as if it still held
   * the lock.
   */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void aKilledTransactionOnTheLockConnectionLosesTheLockAndEndsTheSession(boolean settingsPool)
      throws Exception {
    start(settingsPool, "");
    try (Connection one = session();
        Connection two = session()) {
      assertEquals(1, longValue(one, "SELECT GET_LOCK('lock', -1)"));
      long lockId = connectionId(one);
      run(one, "BEGIN");
      run(one, "INSERT INTO items VALUES (24, 'lost')");
      assertEquals(lockId, connectionId(one), "the transaction runs on the lock's connection");
      kill(lockId);
      SQLException commit = assertThrows(SQLException.class, () -> run(one, "COMMIT"));
      assertEquals("08S01", commit.getSQLState());
      assertEquals(1, longValue(two, "SELECT GET_LOCK('lock', 2)"), "gone with its connection");
      assertEquals(0, rootLong(mysql, "SELECT COUNT(*) FROM reserved.items"), "nothing committed");
      assertEndedByLoss(one);
      observe(1, 1, 2);
    }
  }

  /** 25 TestLocksWithTxOngoingAndReleaseLock. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void releasingALockLeavesTheTransactionAlone(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection c = session()) {
      assertEquals(1, longValue(c, "SELECT GET_LOCK('lock', 0)"));
      run(c, "BEGIN");
      run(c, "INSERT INTO items VALUES (25, 'rolled back')");
      assertEquals(1, longValue(c, "SELECT RELEASE_LOCK('lock')"));
      assertEquals(1, longValue(c, "SELECT COUNT(*) FROM items WHERE id = 25"), "the tx sees its row");
      assertEquals(1, openTransactionsOfAppUser());
      run(c, "ROLLBACK");
      assertEquals(0, longValue(c, "SELECT COUNT(*) FROM items"));
      assertEquals(0, rootLong(mysql, "SELECT COUNT(*) FROM reserved.items"));
      observe(1, 1, 1);
    }
  }

  /** 26 TestLocksWithTxOngoingAndLockFails: a failed GET_LOCK in a transaction changes nothing. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void aFailedLockInsideATransactionLeavesItAlone(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection one = session();
        Connection two = session()) {
      assertEquals(1, longValue(two, "SELECT GET_LOCK('lock', 0)"));
      one.setAutoCommit(false);
      run(one, "INSERT INTO items VALUES (26, 'rolled back')");
      long txId = connectionId(one);
      assertEquals(0, longValue(one, "SELECT GET_LOCK('lock', 0)"));
      assertEquals(txId, connectionId(one), "the transaction's connection became the reserved one");
      assertEquals(1, longValue(one, "SELECT COUNT(*) FROM items WHERE id = 26"), "tx unaffected");
      one.rollback();
      one.setAutoCommit(true);
      assertEquals(0, rootLong(mysql, "SELECT COUNT(*) FROM reserved.items"));
      assertEquals(1, longValue(two, "SELECT RELEASE_LOCK('lock')"));
      assertEquals(1, longValue(two, "SELECT GET_LOCK('lock', 0)"));
      assertEquals(2, awaitAppConnections(2), "two reserved connections, nothing else");
      assertEquals(2, stats().reservedConnections());
    }
    awaitAppConnections(0);
  }

  /**
   * 26 again, for JMX: the transaction connection that became the reserved one must be counted
   * once in PhysicalConnections. Tablet.stats() adds the transaction pool's total (which still
   * holds the adopted connection) to the reserved count (which counts it too).
   */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void anAdoptedTransactionConnectionIsCountedOnce(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection one = session();
        Connection two = session()) {
      assertEquals(1, longValue(two, "SELECT GET_LOCK('lock', 0)"));
      one.setAutoCommit(false);
      run(one, "INSERT INTO items VALUES (26, 'rolled back')");
      assertEquals(0, longValue(one, "SELECT GET_LOCK('lock', 0)"));
      observe(2, 2, 2);
      one.rollback();
    }
    observe(0, 0, 2);
  }

  /** 28 TestLocksResetLockOnTimeout: the reserved connection dies while the session is idle. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void aLockLostWhileIdleEndsTheSession(boolean settingsPool)
      throws Exception {
    start(settingsPool, "");
    try (Connection c = session()) {
      assertEquals(1, longValue(c, "SELECT GET_LOCK('lock', -1)"));
      kill(connectionId(c));
      SQLException lost =
          assertThrows(SQLException.class, () -> longValue(c, "SELECT IS_FREE_LOCK('lock')"));
      assertEquals("08S01", lost.getSQLState());
      assertEquals(0, stats().reservedConnections(), "the dead reservation is gone");
      assertEndedByLoss(c);
      observe(0, 0, 1);
    }
  }

  // ---------------------------------------------------------------- 27, 29: idle past wait_timeout

  /**
   * 27 TestLocksKeepLockConnectionActive and 29 TestLockWaitOnConnTimeoutWithTxNext, where Sluice
   * does better than Vitess: the reserved connections of idle sessions are pinged, so a lock held
   * through twice MySQL's {@code wait_timeout} of pure idleness is still held (Vitess pings only
   * when the session runs other statements), and a session idle that long runs its next
   * transaction normally.
   *
   * <p>The physical connections get {@code wait_timeout=3} through the URL's {@code
   * sessionVariables}, which is what the server applies to each of their threads, so the shared
   * server serves here too. A plain connection of the same URL holding a lock shows the timeout
   * bites. Both settings-pool modes idle in the same window: the idleness is the behaviour under
   * test, and the one wait in this class.
   */
  @Test
  void locksAndReservationsOutliveWaitTimeoutWhileIdle() throws Exception {
    int waitTimeout = 3;
    String shortLived = app.url() + "&sessionVariables=wait_timeout=" + waitTimeout;
    Sluice withPool = start(true, "reserved_keepalive_interval=1s");
    Sluice withoutPool = start(false, "reserved_keepalive_interval=1s");
    try (Connection control = driver.connect(shortLived, app.credentials());
        Connection heldOn = withPool.connect(driver, shortLived, app.credentials());
        Connection heldOff = withoutPool.connect(driver, shortLived, app.credentials());
        Connection txOn = withPool.connect(driver, shortLived, app.credentials());
        Connection txOff = withoutPool.connect(driver, shortLived, app.credentials());
        Connection observerOn = withPool.connect(driver, shortLived, app.credentials());
        Connection observerOff = withoutPool.connect(driver, shortLived, app.credentials())) {
      assertEquals(1, longValue(control, "SELECT GET_LOCK('idle control', 0)"));
      assertEquals(1, longValue(heldOn, "SELECT GET_LOCK('idle on', 0)"));
      assertEquals(1, longValue(heldOff, "SELECT GET_LOCK('idle off', 0)"));
      for (Connection tx : List.of(txOn, txOff)) {
        assertEquals(1, longValue(tx, "SELECT GET_LOCK('idle tx', 0)"));
        assertEquals(1, longValue(tx, "SELECT RELEASE_LOCK('idle tx')"));
      }
      long heldOnId = connectionId(heldOn);
      long heldOffId = connectionId(heldOff);
      long txOnId = connectionId(txOn);
      long txOffId = connectionId(txOff);

      Thread.sleep(TimeUnit.SECONDS.toMillis(2L * waitTimeout + 1));

      // The premise: MySQL dropped the idle plain connection, and its lock with it.
      awaitTrue(
          "the control connection's lock freed by wait_timeout",
          () -> rootNumberUnchecked("SELECT IS_FREE_LOCK('idle control')") == 1);
      assertEquals(0, longValue(observerOn, "SELECT IS_FREE_LOCK('idle on')"), "still held");
      assertEquals(0, longValue(observerOff, "SELECT IS_FREE_LOCK('idle off')"), "still held");
      assertEquals(heldOnId, rootLong(mysql, "SELECT IS_USED_LOCK('idle on')"));
      assertEquals(heldOffId, rootLong(mysql, "SELECT IS_USED_LOCK('idle off')"));
      assertEquals(1, longValue(heldOn, "SELECT RELEASE_LOCK('idle on')"), "by its holder");
      assertEquals(1, longValue(heldOff, "SELECT RELEASE_LOCK('idle off')"), "by its holder");

      int id = 29;
      for (Connection tx : List.of(txOn, txOff)) {
        tx.setAutoCommit(false);
        run(tx, "INSERT INTO items VALUES (" + id + ", 'after idle')");
        assertEquals(1, longValue(tx, "SELECT COUNT(*) FROM items WHERE id = " + id));
        tx.commit();
        tx.setAutoCommit(true);
        id++;
      }
      assertEquals(txOnId, connectionId(txOn), "the same reserved connection, kept alive");
      assertEquals(txOffId, connectionId(txOff), "the same reserved connection, kept alive");
      assertEquals(2, rootLong(mysql, "SELECT COUNT(*) FROM reserved.items"));
      for (Sluice runtime : List.of(withPool, withoutPool)) {
        TabletStats stats = runtime.tablets().iterator().next().stats();
        assertEquals(3, stats.reservedConnections(), stats.toString());
        assertEquals(3, stats.reservedConnectionsCreated(), "none re-opened: " + stats);
      }
    }
  }

  // ---------------------------------------------------------------- vitess.md §9.5: temp tables

  /** 39 TestTempTable. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void aTemporaryTableLivesOnTheSessionsConnectionOnly(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    try (Connection c = session();
        Connection other = session()) {
      run(c, "CREATE TEMPORARY TABLE temp_t (id BIGINT PRIMARY KEY)");
      run(c, "INSERT INTO temp_t (id) VALUES (1), (2), (3)");
      assertEquals(List.of(1L, 2L, 3L), column(c, "SELECT id FROM temp_t ORDER BY id"));
      assertEquals(
          1, longValue(c, "SELECT COUNT(*) FROM information_schema.innodb_temp_table_info"));
      SQLException missing =
          assertThrows(SQLException.class, () -> longValue(other, "SELECT COUNT(*) FROM temp_t"));
      assertEquals(1146, missing.getErrorCode(), missing.getMessage());
      assertTrue(missing.getMessage().contains("reserved.temp_t"), missing.getMessage());
      assertEquals(1, attribute(sessionsBean(), "ReservationsForTemporaryTables"));
      observe(2, 1, 1);
    }
    observe(1, 0, 1);
    assertEquals(0, rootLong(
        mysql,
        "SELECT COUNT(*) FROM information_schema.innodb_temp_table_info"));
  }

  // ---------------------------------------------------------------- vitess.md §9.1: kills

  /**
   * 3 TestSetSystemVarWithTxFailure, where Sluice differs from Vitess on purpose: the
   * transaction's connection is killed, COMMIT fails, and the session ends as the application's
   * own connection would, settings and all. sql_safe_updates may ride as a SET_VAR hint,
   * default_week_format may not, so the settings travel on connections: with the settings pool on,
   * the pooled one that ran the SET waits carrying them; with it off, the session is reserved and
   * the transaction runs there.
   */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void aKilledTransactionEndsTheSession(boolean settingsPool) throws Exception {
    start(settingsPool, "");
    int reservedEver = settingsPool ? 0 : 1;
    try (Connection c = session()) {
      run(c, "SET sql_safe_updates = 1, default_week_format = 1");
      run(c, "BEGIN");
      run(c, "INSERT INTO items VALUES (3, 'never committed')");
      kill(connectionId(c));
      SQLException commit = assertThrows(SQLException.class, () -> run(c, "COMMIT"));
      assertEquals("08S01", commit.getSQLState(), commit.getMessage());
      assertEndedByLoss(c);
      assertEquals(0, rootLong(mysql, "SELECT COUNT(*) FROM reserved.items"));
      // On: the idle connection carrying the settings served the transaction, and died with it.
      // Off: the one that ran the SET, idle in the pool.
      observe(settingsPool ? 0 : 1, 0, reservedEver);
    }
  }

  /** 3 again, as a JDBC application commits: {@code Connection.commit()}. */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void aKilledTransactionCommittedThroughJdbcEndsTheSession(boolean settingsPool)
      throws Exception {
    start(settingsPool, "");
    try (Connection c = session()) {
      run(c, "SET sql_safe_updates = 1, default_week_format = 1");
      c.setAutoCommit(false);
      run(c, "INSERT INTO items VALUES (3, 'never committed')");
      kill(connectionId(c));
      SQLException commit = assertThrows(SQLException.class, c::commit);
      assertEquals("08S01", commit.getSQLState(), commit.getMessage());
      assertSame(SQLNonTransientConnectionException.class, assertThrows(SQLException.class, c::commit).getClass());
      assertEndedByLoss(c);
      assertEquals(0, rootLong(mysql, "SELECT COUNT(*) FROM reserved.items"));
    }
  }

  /**
   * 8 TestSetSystemVarAutocommitWithConnError with the settings pool off: the connection carrying
   * the session's settings is its reserved one. Its loss ends the session as it would end the
   * application's own connection (Vitess retries silently here).
   */
  @Test
  void aKilledReservedConnectionCarryingSettingsEndsTheSession() throws Exception {
    start(false, "");
    try (Connection c = session()) {
      run(c, "SET sql_safe_updates = 1, default_week_format = 1");
      kill(connectionId(c));
      SQLException lost =
          assertThrows(SQLException.class, () -> run(c, "INSERT INTO items VALUES (7, 'x')"));
      assertEquals("08S01", lost.getSQLState());
      assertEndedByLoss(c);
      observe(1, 0, 1); // the pooled connection that first ran the SET, idle in the pool
    }
  }

  /**
   * 8 TestSetSystemVarAutocommitWithConnError with the settings pool on: the pooled connection
   * that carries the session's settings, idle in the settings pool, is killed; the session's next
   * autocommit statement must work, with the settings, as Vitess' does.
   */
  @Disabled(
      "known limit, not a bug: a settings-pool connection parked less than 500 ms ago is lent"
          + " unchecked (HikariCP's alive-bypass window); reads on a dead one run again on"
          + " another connection, but this INSERT may have run, so its error is the app's, as on"
          + " its own connection; Vitess retries it once (4.5), which Sluice will not")
  @Test
  void settingsOutliveAKilledSettingsPoolConnection() throws Exception {
    start(true, "");
    try (Connection c = session()) {
      run(c, "SET sql_safe_updates = 1, default_week_format = 1");
      kill(connectionId(c));
      run(c, "INSERT INTO items VALUES (8, 'after the kill')");
      assertEquals(
          List.of(8L, 1L, 1L),
          row(c, "SELECT id, @@sql_safe_updates, @@default_week_format FROM items"));
      observe(1, 0, 0);
    }
  }

  /**
   * 9 TestSetSystemVarInTxWithConnError with the settings pool off: the session's one connection,
   * reserved, is killed inside a transaction; the session ends as the application's own
   * connection would, and the transaction's row is gone.
   */
  @Test
  void aReservedConnectionKilledInATransactionEndsTheSession() throws Exception {
    start(false, "");
    try (Connection c = session()) {
      run(c, "SET sql_safe_updates = 1, default_week_format = 1");
      long carrier = connectionId(c);
      run(c, "BEGIN");
      run(c, "INSERT INTO items VALUES (9, 'rolled back')");
      assertEquals(carrier, connectionId(c), "the transaction runs on the reserved connection");
      kill(carrier);
      SQLException lost =
          assertThrows(SQLException.class, () -> longValue(c, "SELECT COUNT(*) FROM items"));
      assertEquals("08S01", lost.getSQLState());
      assertEndedByLoss(c);
      assertEquals(0, rootLong(mysql, "SELECT COUNT(*) FROM reserved.items"));
      observe(1, 0, 1); // the pooled connection that first ran the SET, idle in the pool
    }
  }

  /**
   * 9 TestSetSystemVarInTxWithConnError with the settings pool on: inside a transaction, the
   * pooled connection that carried the session's settings before it is killed; the transaction
   * goes on, rolls back, and the session's next autocommit statement works with the settings.
   */
  @Disabled(
      "known limit, not a bug: as settingsOutliveAKilledSettingsPoolConnection, when its steps run"
          + " within 500 ms")
  @Test
  void settingsOutliveASettingsPoolConnectionKilledDuringATransaction() throws Exception {
    start(true, "");
    try (Connection c = session()) {
      run(c, "SET sql_safe_updates = 1, default_week_format = 1");
      long carrier = connectionId(c);
      run(c, "BEGIN");
      run(c, "INSERT INTO items VALUES (9, 'rolled back')");
      assertNotEquals(carrier, connectionId(c), "a transaction connection of its own");
      kill(carrier);
      assertEquals(1, longValue(c, "SELECT COUNT(*) FROM items"), "the transaction goes on");
      run(c, "ROLLBACK");
      assertEquals(0, rootLong(mysql, "SELECT COUNT(*) FROM reserved.items"));
      assertEquals(List.of(1L, 1L), row(c, "SELECT @@sql_safe_updates, @@default_week_format"));
      // The transaction's connection, back in its pool, and the pooled one carrying the settings.
      observe(2, 0, 0);
    }
  }

  // ---------------------------------------------------------------- max_reserved_connections

  /**
   * With {@code max_reserved_connections=1} a second reservation waits for the pool timeout and
   * then fails with Sluice's error naming the cap, never MySQL's "Too many connections" (1040);
   * MySQL never sees more than the cap beside the pool. Once the first session closes, the cap
   * admits the next.
   */
  @ParameterizedTest(name = "settings pool {0}")
  @ValueSource(booleans = {true, false})
  void theReservationCapRefusesClearlyAndNeverReachesMysql(boolean settingsPool) throws Exception {
    start(
        settingsPool,
        "max_reserved_connections=1,queryserver_config_query_pool_timeout=300ms,"
            + "queryserver_config_pool_size=1");
    try (Connection second = session()) {
      try (Connection first = session()) {
        assertEquals(1, longValue(first, "SELECT GET_LOCK('capped', 0)"));
        long started = System.nanoTime();
        SQLException refused =
            assertThrows(
                SQLException.class, () -> run(second, "CREATE TEMPORARY TABLE capped (x INT)"));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(refused.getMessage().contains("max_reserved_connections"), refused.getMessage());
        assertTrue(waited >= 300, "waited the pool timeout first: " + waited + " ms");
        for (Throwable t = refused; t != null; t = t.getCause()) {
          assertFalse(
              t instanceof SQLException e && e.getErrorCode() == 1040,
              "MySQL's Too many connections: " + t);
        }
        assertEquals(1, longValue(second, "SELECT 1"), "the pool still serves the refused session");
        observe(2, 1, 1);
      }
      run(second, "CREATE TEMPORARY TABLE capped (x INT)");
      observe(2, 1, 2);
    }
  }

  // ---------------------------------------------------------------- helpers

  private Sluice start(boolean settingsPool, String more) {
    Sluice runtime =
        new Sluice(
            SluiceConfig.parse(
                "queryserver_enable_settings_pool="
                    + settingsPool
                    + (more.isEmpty() ? "" : "," + more)),
            PhysicalConnector.DIRECT);
    runtimes.add(runtime);
    sluice = runtime;
    return runtime;
  }

  private Connection session() throws SQLException {
    Connection c = app.session(sluice::connect);
    assertNotNull(c, "Sluice multiplexes the URL");
    return c;
  }

  private TabletStats stats() {
    return tablet().stats();
  }

  private Tablet tablet() {
    return sluice.tablets().iterator().next();
  }

  /**
   * Awaits MySQL's count of the app user's connections, then checks that Sluice's counters, read
   * from {@link TabletStats}/{@link SessionMetrics} and from the platform MBean server, say the
   * same.
   *
   * @return MySQL's count
   */
  private int observe(int atServer, int reservedNow, long reservedEver) throws Exception {
    int seen = awaitAppConnections(atServer);
    TabletStats stats = stats();
    SessionMetrics metrics = sluice.metrics();
    ObjectName tablet = tabletBean();
    ObjectName sessions = sessionsBean();
    assertEquals(
        seen, stats.physicalConnections(), "PhysicalConnections is MySQL's count: " + stats);
    assertEquals(seen, attribute(tablet, "PhysicalConnections"), "the MBean agrees");
    assertEquals(reservedNow, stats.reservedConnections(), stats.toString());
    assertEquals(reservedNow, attribute(tablet, "ReservedConnections"));
    assertEquals(reservedEver, stats.reservedConnectionsCreated(), stats.toString());
    assertEquals(reservedEver, attribute(tablet, "ReservedConnectionsCreated"));
    assertEquals(reservedNow, metrics.reservedSessions(), "one reserved connection per session");
    assertEquals(reservedNow, attribute(sessions, "ReservedSessions"));
    assertEquals(metrics.openSessions(), attribute(sessions, "OpenSessions"));
    assertEquals(stats.capacity() - stats.available(), attribute(tablet, "InUse"));
    return seen;
  }

  private static long reservationsEver(SessionMetrics m) {
    return m.reservationsForSettings()
        + m.reservationsForTemporaryTables()
        + m.reservationsForLocks()
        + m.reservationsForOther();
  }

  private ObjectName tabletBean() throws Exception {
    return new ObjectName(JmxRegistrar.tabletName(tablet().name()));
  }

  private static ObjectName sessionsBean() throws Exception {
    return new ObjectName("io.sluice:type=Sessions");
  }

  private static long attribute(ObjectName bean, String name) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    return ((Number) server.getAttribute(bean, name)).longValue();
  }

  /** Waits until MySQL counts this many connections of the app user; connections end async. */
  private static int awaitAppConnections(int expected) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MILLIS);
    int seen;
    while ((seen = appConnections()) != expected && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(expected, seen, "connections of " + app.user() + " at the server");
    return seen;
  }

  private static int appConnections() throws SQLException {
    return (int)
        rootLong(
            mysql,
            "SELECT COUNT(*) FROM information_schema.processlist WHERE user = '"
                + app.user()
                + "'");
  }

  /** Sessions waiting in GET_LOCK for this lock, as MySQL's metadata locks show them. */
  private static long lockWaiters(String name) throws SQLException {
    return rootLong(
        mysql,
        "SELECT COUNT(*) FROM performance_schema.metadata_locks"
            + " WHERE object_type = 'USER LEVEL LOCK' AND object_name = '"
            + name
            + "' AND lock_status = 'PENDING'");
  }

  private static void awaitLockWaiters(String name, long expected) {
    awaitTrue(
        expected + " waiting for " + name,
        () -> {
          try {
            return lockWaiters(name) == expected;
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MILLIS);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out awaiting: " + what);
      Thread.onSpinWait();
    }
  }

  /** Open transactions of the app user, from performance_schema (current, unlike innodb_trx). */
  private static long openTransactionsOfAppUser() throws SQLException {
    return rootLong(
        mysql,
        "SELECT COUNT(*) FROM performance_schema.events_transactions_current e"
            + " JOIN performance_schema.threads t ON t.THREAD_ID = e.THREAD_ID"
            + " WHERE e.STATE = 'ACTIVE' AND t.PROCESSLIST_USER = '" + app.user() + "'");
  }

  /**
   * After its transaction's or reserved connection was lost, the session is closed, as the
   * application's own connection would be: every call fails with 08003, a rollback too, so that
   * nothing after the loss can commit part of the transaction or miss the state that is gone.
   */
  private static void assertEndedByLoss(Connection session) throws SQLException {
    assertTrue(session.isClosed(), "closed");
    SQLException refused = assertThrows(SQLException.class, () -> longValue(session, "SELECT 1"));
    assertEquals("08003", refused.getSQLState(), refused::toString);
    SQLException rollback = assertThrows(SQLException.class, session::rollback);
    assertEquals("08003", rollback.getSQLState(), rollback::toString);
  }

  /** Kills a connection as root and waits until MySQL no longer lists it. */
  private static void kill(long id) throws SQLException {
    rootRun(mysql, "KILL " + id);
    String listed = "SELECT COUNT(*) FROM information_schema.processlist WHERE id = " + id;
    awaitTrue("connection " + id + " gone", () -> rootNumberUnchecked(listed) == 0);
  }

  private static List<Long> row(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      List<Long> row = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        row.add(rs.getLong(i));
      }
      assertFalse(rs.next(), "one row: " + sql);
      return row;
    }
  }

  private static List<Long> column(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<Long> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getLong(1));
      }
      return values;
    }
  }

  private static long rootNumberUnchecked(String sql) {
    try {
      return rootLong(mysql, sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
