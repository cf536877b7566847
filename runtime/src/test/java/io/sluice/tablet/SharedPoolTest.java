package io.sluice.tablet;

import static io.sluice.testkit.Queries.longValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sluice.testkit.EmbeddedMysql;
import io.sluice.vars.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared pool's wait list on a real HikariCP and MySQL 8.0.31, with one connection: a
 * returned connection goes to the waiter that wants its settings, nobody is passed over forever,
 * a full pool fails with the cap to raise, and a discarded connection lets a waiter borrow anew.
 */
class SharedPoolTest {
  private static final long WAIT = TimeUnit.SECONDS.toNanos(10);

  private final ExecutorService borrowers = Executors.newCachedThreadPool();
  private HikariDataSource hikari;
  private SharedPool pool;

  @BeforeEach
  void onePooledConnection() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(EmbeddedMysql.shared().jdbcUrl("shared_pool"));
    config.setUsername("root");
    config.setPassword("");
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(0);
    hikari = new HikariDataSource(config);
    pool = new SharedPool(hikari, use -> hikari.getConnection(), "test", CLEAN, 1, 0, true);
  }

  @AfterEach
  void close() {
    borrowers.shutdownNow();
    pool.close();
    hikari.close();
  }

  /** What a connection from HikariCP carries, as a tablet on this server says. */
  private static final Carried CLEAN =
      new Carried(Settings.NONE, true, Connection.TRANSACTION_REPEATABLE_READ, false);

  private static Carried week(int format) {
    return CLEAN.with(
        Settings.NONE.with("default_week_format", Integer.toString(format), "0", false));
  }

  private Future<Connection> borrowLater(Carried want) {
    return borrowers.submit(() -> pool.borrow(LentFor.STATEMENT, want, WAIT));
  }

  @Test
  void aReturnedConnectionGoesToTheWaiterWantingItsSettings() throws Exception {
    Connection held = pool.borrow(LentFor.STATEMENT, week(1), WAIT);
    Future<Connection> older = borrowLater(week(2));
    await(() -> pool.waits(LentFor.STATEMENT) == 1);
    Future<Connection> same = borrowLater(week(1));
    await(() -> pool.waits(LentFor.STATEMENT) == 2);
    long misses = pool.misses();

    pool.giveBack(LentFor.STATEMENT, held, week(1), true);
    held = same.get(10, TimeUnit.SECONDS);
    assertFalse(older.isDone(), "the older waiter wants other settings: it waits");
    assertEquals(1, weekFormat(held));
    assertEquals(misses, pool.misses(), "handed over as it was: no settings changed");

    pool.giveBack(LentFor.STATEMENT, held, week(1), true);
    held = older.get(10, TimeUnit.SECONDS);
    assertEquals(2, weekFormat(held), "changed for the waiter that wanted other settings");
    assertEquals(misses + 1, pool.misses());
    pool.giveBack(LentFor.STATEMENT, held, week(2), true);
  }

  @Test
  void aWaiterPassedOverEightTimesIsServedFirst() throws Exception {
    Connection held = pool.borrow(LentFor.STATEMENT, week(1), WAIT);
    Future<Connection> other = borrowLater(week(2));
    await(() -> pool.waits(LentFor.STATEMENT) == 1);
    for (int i = 0; i < 8; i++) {
      Future<Connection> same = borrowLater(week(1));
      long enqueued = 2 + i;
      await(() -> pool.waits(LentFor.STATEMENT) == enqueued);
      pool.giveBack(LentFor.STATEMENT, held, week(1), true);
      held = same.get(10, TimeUnit.SECONDS);
      assertFalse(other.isDone(), "passed over " + (i + 1) + " times");
    }
    Future<Connection> ninth = borrowLater(week(1));
    await(() -> pool.waits(LentFor.STATEMENT) == 10);
    pool.giveBack(LentFor.STATEMENT, held, week(1), true);
    held = other.get(10, TimeUnit.SECONDS);
    assertEquals(2, weekFormat(held));
    assertFalse(ninth.isDone(), "the aged waiter came first");
    pool.giveBack(LentFor.STATEMENT, held, week(2), true);
    pool.giveBack(LentFor.STATEMENT, ninth.get(10, TimeUnit.SECONDS), week(1), true);
  }

  @Test
  void aFullPoolFailsNamingTheCapToRaise() throws Exception {
    Connection held = pool.borrow(LentFor.STATEMENT, CLEAN, WAIT);
    SQLTransientConnectionException e =
        assertThrows(
            SQLTransientConnectionException.class,
            () -> pool.borrow(LentFor.STATEMENT, CLEAN, Duration.ofMillis(200).toNanos()));
    assertTrue(e.getMessage().contains("raise queryserver_config_pool_size (now 1)"), e.getMessage());
    assertEquals(1, pool.inUse(LentFor.STATEMENT));
    pool.giveBack(LentFor.STATEMENT, held, CLEAN, true);
    assertEquals(0, pool.inUse(LentFor.STATEMENT));
    pool.giveBack(LentFor.STATEMENT, pool.borrow(LentFor.STATEMENT, CLEAN, WAIT), CLEAN, true);
  }

  @Test
  void aDiscardedConnectionLetsAWaiterBorrowAnew() throws Exception {
    Connection held = pool.borrow(LentFor.STATEMENT, CLEAN, WAIT);
    long first = longValue(held, "SELECT CONNECTION_ID()");
    Future<Connection> waiter = borrowLater(CLEAN);
    await(() -> pool.waits(LentFor.STATEMENT) == 1);
    pool.discard(LentFor.STATEMENT, held);
    Connection fresh = waiter.get(10, TimeUnit.SECONDS);
    assertNotEquals(first, longValue(fresh, "SELECT CONNECTION_ID()"));
    assertEquals(1, pool.inUse(LentFor.STATEMENT));
    pool.giveBack(LentFor.STATEMENT, fresh, CLEAN, true);
    assertEquals(0, pool.inUse(LentFor.STATEMENT));
  }

  @Test
  void aBorrowerWaitingForHikariToOpenAConnectionGetsOneReturnedMeanwhile() throws Exception {
    java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
    try (HikariDataSource slow = new HikariDataSource(gatedConfig(gate))) {
      SharedPool two = new SharedPool(slow, use -> slow.getConnection(), "test", CLEAN, 2, 0, true);
      Connection held = two.borrow(LentFor.STATEMENT, week(1), WAIT);
      Future<Connection> second =
          borrowers.submit(() -> two.borrow(LentFor.STATEMENT, CLEAN, WAIT));
      await(() -> slow.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);
      two.giveBack(LentFor.STATEMENT, held, week(1), true);
      Connection handed = second.get(5, TimeUnit.SECONDS); // not after HikariCP's 30 s
      assertEquals(0, weekFormat(handed), "the settings it carried were put back");
      two.giveBack(LentFor.STATEMENT, handed, CLEAN, true);
      gate.countDown();
      two.close();
    }
  }

  @Test
  void aTransactionTakesTheConnectionAStatementLeftIdleAndKeepsItsState() throws Exception {
    try (HikariDataSource both = new HikariDataSource(sized(2))) {
      SharedPool shared =
          new SharedPool(both, use -> both.getConnection(), "test", CLEAN, 1, 1, true);
      Connection statement = shared.borrow(LentFor.STATEMENT, CLEAN, WAIT);
      long id = longValue(statement, "SELECT CONNECTION_ID()");
      shared.giveBack(LentFor.STATEMENT, statement, CLEAN, true);
      Carried serializable =
          new Carried(Settings.NONE, false, Connection.TRANSACTION_SERIALIZABLE, false);
      Connection transaction = shared.borrow(LentFor.TRANSACTION, serializable, WAIT);
      assertEquals(id, longValue(transaction, "SELECT CONNECTION_ID()"), "the idle one");
      assertEquals(0, longValue(transaction, "SELECT @@SESSION.autocommit"));
      transaction.commit();
      shared.giveBack(LentFor.TRANSACTION, transaction, serializable, true);
      assertEquals(0, shared.inUse(LentFor.TRANSACTION));
      Connection again = shared.borrow(LentFor.TRANSACTION, serializable, WAIT);
      assertEquals(id, longValue(again, "SELECT CONNECTION_ID()"));
      assertEquals("SERIALIZABLE", stringValue(again, "SELECT @@SESSION.transaction_isolation"));
      again.commit();
      shared.giveBack(LentFor.TRANSACTION, again, serializable, true);
      assertEquals(1, both.getHikariPoolMXBean().getTotalConnections(), "one physical connection");
      shared.close();
    }
  }

  @Test
  void aConnectionIdleLongerThanTheIdleTimeIsClosed() throws Exception {
    Connection held = pool.borrow(LentFor.STATEMENT, CLEAN, WAIT);
    pool.giveBack(LentFor.STATEMENT, held, CLEAN, true);
    pool.retireStale(System.nanoTime());
    assertEquals(1, hikari.getHikariPoolMXBean().getTotalConnections(), "idle, not yet stale");
    pool.retireStale(System.nanoTime() + SharedPool.IDLE_NANOS + 1);
    assertEquals(0, hikari.getHikariPoolMXBean().getTotalConnections(), "closed, not kept idle");
  }

  private static HikariConfig sized(int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(EmbeddedMysql.shared().jdbcUrl("shared_pool"));
    config.setUsername("root");
    config.setPassword("");
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    return config;
  }

  private static String stringValue(Connection c, String sql) throws SQLException {
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** One connection opens at once; the second waits for the gate, as a slow connect would. */
  private static HikariConfig gatedConfig(java.util.concurrent.CountDownLatch gate) {
    java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    String url = EmbeddedMysql.shared().jdbcUrl("shared_pool");
    com.mysql.cj.jdbc.MysqlDataSource gated =
        new com.mysql.cj.jdbc.MysqlDataSource() {
          @Override
          public Connection getConnection(String user, String password) throws SQLException {
            if (opened.incrementAndGet() == 2) {
              try {
                gate.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(e);
              }
            }
            return super.getConnection(user, password);
          }
        };
    gated.setURL(url);
    HikariConfig config = new HikariConfig();
    config.setDataSource(gated);
    config.setUsername("root");
    config.setPassword("");
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(30_000);
    config.setInitializationFailTimeout(-1); // no connection at start: the first is the borrow's
    return config;
  }

  private static long weekFormat(Connection c) throws SQLException {
    return longValue(c, "SELECT @@SESSION.default_week_format");
  }

  /** Waits for a borrower thread to reach the wait list. */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached within 10 s");
      Thread.sleep(1);
    }
  }
}
