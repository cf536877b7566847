package io.sluice;

import static io.sluice.testkit.Queries.rootRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.AppUser;
import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.Queries;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CONNECTION_ID() names the session, stably and distinctly, and a KILL of it reaches that session
 * and no other. Each behaviour is compared with the same code on direct Connector/J connections;
 * the Sluice sessions share one pooled connection (two where one must hold it while it is killed)
 * with a noise session.
 */
class ConnectionIdTest {
  private static EmbeddedMysql mysql;
  private static AppUser app;

  @RegisterExtension
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest();

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "connid", "connid_app", "connid-secret");
  }

  @BeforeEach
  void table() throws SQLException {
    rootRun(
        mysql,
        "DROP TABLE IF EXISTS connid.t",
        "CREATE TABLE connid.t (id INT PRIMARY KEY, v INT)",
        "INSERT INTO connid.t VALUES (1, 0)");
  }

  private Connection session(int poolSize) throws SQLException {
    sluice.start(
        "queryserver_config_pool_size=" + poolSize + ",queryserver_config_query_pool_timeout=5s");
    return sluice.session(app);
  }

  private Connection direct() throws SQLException {
    return app.direct();
  }

  private static String metadata(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT CONNECTION_ID(), CONNECTION_ID() AS id")) {
      ResultSetMetaData m = rs.getMetaData();
      StringBuilder out = new StringBuilder();
      for (int i = 1; i <= 2; i++) {
        out.append(m.getColumnLabel(i)).append(':').append(m.getColumnTypeName(i)).append('/')
            .append(m.getColumnClassName(i)).append('/').append(m.getPrecision(i)).append('/')
            .append(m.isNullable(i)).append(' ');
      }
      assertTrue(rs.next());
      return out.append(rs.getObject(1).getClass().getName()).toString();
    }
  }

  private static long id(Connection c) throws SQLException {
    return Queries.longValue(c, "SELECT CONNECTION_ID()");
  }

  @Test
  void connectionIdIsTheSessionsOwnStableAndDistinct() throws SQLException {
    try (Connection d = direct();
        Connection a = session(1);
        Connection noise = session(1)) {
      assertEquals(metadata(d), metadata(a), "MySQL's type, label and class");
      long first = id(a);
      assertNotEquals(first, id(noise), "distinct while both live");
      assertEquals(first, id(noise) == first ? -1 : id(a), "the same after another session ran");
      a.setAutoCommit(false);
      assertEquals(first, id(a), "the same in a transaction");
      a.commit();
      a.setAutoCommit(true);
      a.createStatement().execute("CREATE TEMPORARY TABLE tmp (x INT)");
      assertEquals(first, id(a), "the same on a reserved connection");
      assertEquals(first, (int) Queries.longValue(a, "SELECT CONNECTION_ID() + 0"), "fits an int");
      try (Statement s = a.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM t WHERE id <> CONNECTION_ID()")) {
        assertTrue(rs.next(), "usable in any expression");
      }
    }
  }

  /**
   * The outcome of a statement killed while it runs: its exception's class, SQLState and code.
   * With {@code noise}, a statement of that other session runs meanwhile on the connection where
   * the victim read its id, and must complete.
   */
  private static String interrupted(
      Connection victim, Connection killer, String kill, Connection noise) throws Exception {
    long id = id(victim);
    CompletableFuture<String> other =
        noise == null ? CompletableFuture.completedFuture("completed") : sleep(noise, 3);
    if (noise != null) {
      awaitSleeping(3);
    }
    CompletableFuture<String> sleeping = sleep(victim, 60);
    awaitSleeping(60);
    try (Statement s = killer.createStatement()) {
      assertEquals(false, s.execute(kill + " " + id));
      assertEquals(0, s.getUpdateCount());
    }
    assertEquals("completed", other.get(30, TimeUnit.SECONDS), "another session's statement");
    return sleeping.get(30, TimeUnit.SECONDS);
  }

  private static CompletableFuture<String> sleep(Connection c, int seconds) {
    return CompletableFuture.supplyAsync(() -> {
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT SLEEP(" + seconds + ") FROM t");
        return "completed";
      } catch (SQLException e) {
        return e.getClass().getName() + " " + e.getSQLState() + " " + e.getErrorCode();
      }
    });
  }

  private static void awaitSleeping(int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection root = mysql.rootConnection()) {
      while (Queries.longValue(root, "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
              + " WHERE INFO LIKE 'SELECT SLEEP(" + seconds + ")%'") == 0) {
        assertTrue(System.nanoTime() < deadline, "the statement never started");
        Thread.onSpinWait();
      }
    }
  }

  @Test
  void killQueryInterruptsThatSessionsStatementOnly() throws Exception {
    String expected;
    try (Connection victim = direct();
        Connection killer = direct()) {
      expected = interrupted(victim, killer, "KILL QUERY", null);
      assertEquals(1, Queries.longValue(victim, "SELECT 1"), "the connection goes on");
    }
    try (Connection victim = session(3);
        Connection killer = session(3);
        Connection noise = session(3)) {
      assertEquals(expected, interrupted(victim, killer, "KILL QUERY", noise));
      assertEquals(1, Queries.longValue(victim, "SELECT 1"), "the session goes on");
      assertEquals(1, Queries.longValue(noise, "SELECT 1"));
    }
  }

  /** What a killed connection's next two calls raise, and whether its row lock was released. */
  private static String killedIdle(Connection victim, Connection killer, Connection other)
      throws SQLException {
    long id = id(victim);
    victim.setAutoCommit(false);
    victim.createStatement().execute("UPDATE t SET v = 1 WHERE id = 1");
    killer.createStatement().execute("KILL " + id);
    other.setAutoCommit(false);
    long unlocked = Queries.longValue(other, "SELECT v FROM t WHERE id = 1 FOR UPDATE NOWAIT");
    other.rollback();
    SQLException first = assertThrows(SQLException.class, () -> id(victim));
    SQLException then = assertThrows(SQLException.class, () -> victim.createStatement());
    assertInstanceOf(SQLRecoverableException.class, first);
    return "rolled back to " + unlocked + "; " + first.getSQLState() + " then " + then.getSQLState();
  }

  @Test
  void killConnectionEndsThatSessionAndRollsItsTransactionBack() throws SQLException {
    String expected;
    try (Connection victim = direct();
        Connection killer = direct();
        Connection other = direct()) {
      expected = killedIdle(victim, killer, other);
    }
    try (Connection victim = session(1);
        Connection killer = session(1);
        Connection other = session(1)) {
      assertEquals(expected, killedIdle(victim, killer, other));
      assertEquals(1, Queries.longValue(killer, "SELECT 1"), "the killer goes on");
    }
  }

  @Test
  void killConnectionOfARunningStatement() throws Exception {
    String expected;
    try (Connection victim = direct();
        Connection killer = direct()) {
      expected = interrupted(victim, killer, "KILL CONNECTION", null);
      assertTrue(victim.isClosed());
    }
    try (Connection victim = session(3);
        Connection killer = session(3);
        Connection noise = session(3)) {
      assertEquals(expected, interrupted(victim, killer, "KILL CONNECTION", noise));
      assertTrue(victim.isClosed());
      assertEquals(1, Queries.longValue(killer, "SELECT 1"));
    }
  }

  /** What a connection's KILL of itself raises, then its next statement. */
  private static String killSelf(Connection c, String kill) {
    StringBuilder out = new StringBuilder();
    for (String sql : new String[] {kill, "SELECT 1"}) {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
        out.append("ok; ");
      } catch (SQLException e) {
        out.append(e.getClass().getName()).append(' ').append(e.getErrorCode()).append(' ')
            .append(e.getSQLState()).append("; ");
      }
    }
    return out.toString().replace("com.mysql.cj.jdbc.exceptions.CommunicationsException",
        "java.sql.SQLRecoverableException");
  }

  @Test
  void killOfItself() throws SQLException {
    for (String kill : new String[] {"KILL QUERY CONNECTION_ID()", "KILL CONNECTION_ID()"}) {
      String expected;
      try (Connection d = direct()) {
        expected = killSelf(d, kill);
      }
      try (Connection s = session(1);
          Connection noise = session(1)) {
        assertEquals(expected, killSelf(s, kill), kill);
        assertEquals(1, Queries.longValue(noise, "SELECT 1"));
      }
    }
  }

  @Test
  void killOfAnIdThatIsNoSessionGoesToMysql() throws SQLException {
    try (Connection a = session(1);
        Connection b = session(1)) {
      long gone = id(b);
      b.close();
      SQLException e =
          assertThrows(SQLException.class, () -> a.createStatement().execute("KILL QUERY " + gone));
      assertEquals(1094, e.getErrorCode());
      assertEquals("Unknown thread id: " + gone, e.getMessage());
    }
  }
}
