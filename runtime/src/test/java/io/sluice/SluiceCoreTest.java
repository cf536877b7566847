package io.sluice;

import static io.sluice.testkit.Queries.connectionId;
import static io.sluice.testkit.Queries.longValue;
import static io.sluice.testkit.Queries.rootLong;
import static io.sluice.testkit.Queries.rootRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.tablet.TabletStats;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime's core path on a real MySQL 8.0.31, without an agent: logical sessions made by
 * {@link Sluice#connect} over the application's own driver.
 */
class SluiceCoreTest {
  private static final String USER = "core_app";
  private static final String PASSWORD = "core-secret";
  private static EmbeddedMysql mysql;
  private static String url;

  private final Driver driver = Drivers.connectorJ();
  @RegisterExtension
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest("queryserver_config_pool_size=4");

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    url = mysql.jdbcUrl("core");
    mysql.createUser(USER, PASSWORD);
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS core.items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64))");
    }
  }

  @BeforeEach
  void emptyTable() throws SQLException {
    rootRun(mysql, "TRUNCATE core.items");
  }

  private Connection connect() throws SQLException {
    return connect(PASSWORD);
  }

  private Connection connect(String password) throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", USER);
    info.setProperty("password", password);
    return sluice.connect(driver, url, info);
  }

  private static long openTransactionsOfAppUser() throws SQLException {
    // performance_schema is current; information_schema.innodb_trx is a cache.
    return rootLong(
        mysql,
        "SELECT COUNT(*) FROM performance_schema.events_transactions_current e"
            + " JOIN performance_schema.threads t ON t.THREAD_ID = e.THREAD_ID"
            + " WHERE e.STATE = 'ACTIVE' AND t.PROCESSLIST_USER = '" + USER + "'");
  }

  private static long physicalConnectionsOfAppUser() throws SQLException {
    return rootLong(
        mysql,
        "SELECT COUNT(*) FROM information_schema.processlist WHERE user = '" + USER + "'");
  }

  /** A count read as root, outside the sessions under test. */
  @Test
  void manyLogicalConnectionsShareThePool() throws SQLException {
    List<Connection> sessions = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Connection c = connect();
        assertNotNull(c, "Sluice multiplexes a plain single-host URL");
        sessions.add(c);
        connectionId(c);
      }
      long physical = physicalConnectionsOfAppUser();
      assertTrue(physical <= 4, "50 sessions on at most pool size 4, MySQL shows " + physical);
      TabletStats stats = sluice.runtime().tablets().iterator().next().stats();
      assertEquals(4, stats.capacity());
      assertEquals(0, stats.inUse(), "buffered results hold no physical connection");
      assertEquals(50, sluice.runtime().metrics().openSessions());
    } finally {
      for (Connection c : sessions) {
        c.close();
      }
    }
    assertEquals(0, sluice.runtime().metrics().openSessions());
  }

  @Test
  void aSessionMovesBetweenPhysicalConnections() throws SQLException {
    try (Connection a = connect()) {
      // A streaming result keeps its pooled connection until closed, so the session's next
      // statement must run on another physical connection.
      Statement streaming =
          a.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      streaming.setFetchSize(Integer.MIN_VALUE);
      ResultSet held = streaming.executeQuery(io.sluice.testkit.Queries.physicalIdQuery());
      assertTrue(held.next());
      long heldId = held.getLong(1);
      assertEquals(1, sluice.runtime().tablets().iterator().next().stats().inUse());
      assertNotEquals(heldId, connectionId(a), "a streaming result's connection serves nothing else");
      held.close();
      assertEquals(0, sluice.runtime().tablets().iterator().next().stats().inUse(), "closing returns it");
    }
  }

  @Test
  void transactionsIsolateCommitAndRollBack() throws SQLException {
    try (Connection writer = connect();
        Connection reader = connect()) {
      writer.setAutoCommit(false);
      try (Statement s = writer.createStatement()) {
        s.executeUpdate("INSERT INTO core.items(name) VALUES ('uncommitted')");
      }
      assertEquals(1, sluice.runtime().tablets().iterator().next().stats().transactionConnections());
      assertEquals(0, count(reader, "uncommitted"), "other sessions do not see uncommitted rows");
      assertEquals(1, count(writer, "uncommitted"), "the transaction sees its own rows");
      writer.rollback();
      assertEquals(0, sluice.runtime().tablets().iterator().next().stats().transactionConnections());
      assertEquals(0, count(writer, "uncommitted"));

      try (Statement s = writer.createStatement()) {
        s.executeUpdate("INSERT INTO core.items(name) VALUES ('committed')");
      }
      writer.commit();
      assertEquals(1, count(reader, "committed"));
    }
  }

  @Test
  void sqlBeginHoldsOneConnectionUntilCommit() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("BEGIN");
      long id = connectionId(c);
      s.executeUpdate("INSERT INTO core.items(name) VALUES ('in-begin')");
      assertEquals(id, connectionId(c), "a transaction stays on its connection");
      s.execute("ROLLBACK");
      assertEquals(0, count(c, "in-begin"));
      assertEquals(0, sluice.runtime().tablets().iterator().next().stats().transactionConnections());
    }
  }

  @Test
  void closeInTheMiddleOfATransactionRollsBack() throws SQLException {
    Connection c = connect();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO core.items(name) VALUES ('abandoned')");
    }
    assertEquals(1, openTransactionsOfAppUser(), "the transaction is open in MySQL");
    c.close();
    assertEquals(0, openTransactionsOfAppUser(), "close() ends the transaction before it returns");
    try (Connection other = connect()) {
      assertEquals(0, count(other, "abandoned"));
    }
    assertThrows(SQLException.class, c::createStatement);
  }

  @Test
  void generatedKeysUpdateCountsAndWarningsSurviveTheRelease() throws SQLException {
    try (Connection c = connect();
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO core.items(name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, "k1");
      assertEquals(1, insert.executeUpdate());
      ResultSet keys = insert.getGeneratedKeys();
      assertTrue(keys.next());
      long key = keys.getLong(1);
      assertTrue(key > 0);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
        rs.next();
        assertEquals(key, rs.getLong(1), "LAST_INSERT_ID() answers from the session");
      }
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT CAST('12abc' AS SIGNED)").close();
        SQLWarning warning = s.getWarnings();
        assertNotNull(warning, "warnings are captured before the connection goes back");
        assertEquals(1292, warning.getErrorCode());
      }
    }
  }

  @Test
  void batchesWork() throws SQLException {
    try (Connection c = connect();
        PreparedStatement insert = c.prepareStatement("INSERT INTO core.items(name) VALUES (?)")) {
      for (int i = 0; i < 5; i++) {
        insert.setString(1, "batch");
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      assertEquals(5, counts.length);
      assertEquals(5, count(c, "batch"));
    }
  }

  @Test
  void useChangesTheSessionsDatabaseOnly() throws SQLException {
    try (Connection c = connect();
        Connection other = connect();
        Statement s = c.createStatement()) {
      s.execute("USE mysql");
      assertEquals("core", c.getCatalog(), "as Connector/J's, which does not track USE");
      for (int i = 0; i < 5; i++) {
        assertEquals("mysql", database(c));
        assertEquals("core", database(other), "another session keeps its own database");
      }
      SQLException unknown = assertThrows(SQLException.class, () -> s.execute("USE no_such_db"));
      assertEquals(1049, unknown.getErrorCode());
      assertEquals("mysql", database(c));
    }
  }

  @Test
  void aWrongPasswordIsLeftToTheDriver() {
    assertThrows(SQLException.class, () -> {
      Connection c = connect("wrong");
      assertNull(c, "Sluice lets the driver raise its own exception");
      Properties info = new Properties();
      info.setProperty("user", USER);
      info.setProperty("password", "wrong");
      driver.connect(url, info);
    });
  }

  @Test
  void closedObjectsFailLikeConnectorJ() throws SQLException {
    Connection c = connect();
    Statement s = c.createStatement();
    s.close();
    SQLException statementClosed = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
    assertEquals("No operations allowed after statement closed.", statementClosed.getMessage());
    c.close();
    assertFalse(c.isValid(1));
    SQLException connectionClosed = assertThrows(SQLException.class, c::createStatement);
    assertEquals("08003", connectionClosed.getSQLState());
  }

  @Test
  void commitWithAutoCommitOnFailsAsInConnectorJ() throws SQLException {
    try (Connection c = connect()) {
      SQLException e = assertThrows(SQLException.class, c::commit);
      assertEquals("Can't call commit when autocommit=true", e.getMessage());
      assertTrue(c.isValid(1));
    }
  }

  @Test
  void aQueryTimeoutReachesThePhysicalStatementAndItsConnectionIsNotReused() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      long started = System.nanoTime();
      assertThrows(java.sql.SQLTimeoutException.class, () -> s.executeQuery("SELECT SLEEP(10)"));
      assertTrue(System.nanoTime() - started < 8_000_000_000L, "the timeout ended the query");
      s.setQueryTimeout(0);
      try (ResultSet rs = s.executeQuery("SELECT 42")) {
        assertTrue(rs.next());
        assertEquals(42, rs.getInt(1), "the session goes on, on a connection with no kill pending");
      }
    }
  }

  @Test
  void cancelFromAnotherThreadStopsTheRunningStatement() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      java.util.concurrent.CompletableFuture<Object> running =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (ResultSet rs = s.executeQuery("SELECT SLEEP(20)")) {
              rs.next();
              return rs.getInt(1);
            } catch (SQLException e) {
              return e;
            }
          });
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!running.isDone() && !sleeping(USER) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      s.cancel();
      Object outcome = running.get(10, java.util.concurrent.TimeUnit.SECONDS);
      // SLEEP() interrupted by KILL QUERY returns 1 on MySQL 8; Connector/J may also raise.
      assertTrue(Integer.valueOf(1).equals(outcome) || outcome instanceof SQLException, "outcome " + outcome);
      assertEquals(1, longValue(c, "SELECT 1"));
    }
  }

  @Test
  void aBufferedResultNeitherHoldsNorWaitsForItsConnection() throws Exception {
    sluice.restart("queryserver_config_pool_size=1");
    try (Connection reader = connect();
        Connection sleeper = connect()) {
      Statement s = reader.createStatement();
      ResultSet unclosed = s.executeQuery("SELECT CONNECTION_ID() UNION ALL SELECT 2 UNION ALL SELECT 3");
      assertEquals(0, sluice.runtime().tablets().iterator().next().stats().inUse(), "returned before the app reads");
      // The only pooled connection now runs another session's long statement...
      java.util.concurrent.CompletableFuture<Long> sleeping =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
              return longValue(sleeper, "SELECT SLEEP(5)");
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!sleeping(USER) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      // ...and the detached result is read all the same, without waiting for it.
      int rows = 0;
      while (unclosed.next()) {
        rows++;
      }
      assertEquals(3, rows);
      assertFalse(sleeping.isDone(), "the result was read while the connection was busy elsewhere");
      assertTrue(unclosed.getStatement() == s);
      assertEquals(0, sleeping.get(10, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  @Test
  void aStatementSetToCloseOnCompletionClosesWithItsLastResult() throws SQLException {
    try (Connection c = connect()) {
      Statement s = c.createStatement();
      s.closeOnCompletion();
      ResultSet rs = s.executeQuery("SELECT 1");
      assertFalse(s.isClosed());
      rs.close();
      assertTrue(s.isClosed(), "as Connector/J does");
    }
  }

  @Test
  void urlsSluiceDoesNotMultiplexAreLeftToTheDriver() {
    Properties info = new Properties();
    info.setProperty("user", USER);
    info.setProperty("password", PASSWORD);
    for (String other :
        List.of(
            "jdbc:mysql://127.0.0.1:1,127.0.0.1:2/core",
            "jdbc:mysql:loadbalance://127.0.0.1:1,127.0.0.1:2/core",
            "jdbc:mysql:replication://127.0.0.1:1,127.0.0.1:2/core",
            "jdbc:mysql+srv://db.example.invalid/core",
            "mysqlx://127.0.0.1:33060/core",
            "jdbc:postgresql://127.0.0.1/core")) {
      assertNull(sluice.connect(driver, other, info), other);
    }
    assertTrue(sluice.runtime().tablets().isEmpty(), "none of them opened a tablet");
  }

  @Test
  void aCallableStatementRunsOnTheSessionsReservedConnection() throws SQLException {
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("DROP PROCEDURE IF EXISTS core.add_one");
      s.execute("CREATE PROCEDURE core.add_one(IN x INT, OUT y INT) SET y = x + 1");
    }
    try (Connection c = connect();
        java.sql.CallableStatement call = c.prepareCall("{call core.add_one(?, ?)}")) {
      call.setInt(1, 41);
      call.registerOutParameter(2, java.sql.Types.INTEGER);
      call.execute();
      assertEquals(42, call.getInt(2));
      assertTrue(call.getConnection() == c, "the logical connection, not the physical one");
      assertEquals(1, sluice.runtime().metrics().reservedSessions());
      assertEquals(1, sluice.runtime().metrics().reservationsForOther());
    }
    assertEquals(0, sluice.runtime().metrics().reservedSessions());
  }

  @Test
  void savepointsLiveInTheTransaction() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO core.items(name) VALUES ('kept')");
      java.sql.Savepoint savepoint = c.setSavepoint("half");
      s.executeUpdate("INSERT INTO core.items(name) VALUES ('undone')");
      c.rollback(savepoint);
      c.commit();
      assertEquals(1, count(c, "kept"));
      assertEquals(0, count(c, "undone"));
    }
  }

  @Test
  void pastMaxReservedConnectionsAReservationFailsNamingTheCap() throws SQLException {
    sluice.restart("max_reserved_connections=1,queryserver_config_query_pool_timeout=300ms");
    try (Connection first = connect();
        Connection second = connect();
        Statement a = first.createStatement();
        Statement b = second.createStatement()) {
      a.execute("CREATE TEMPORARY TABLE held (x INT)");
      SQLException refused =
          assertThrows(SQLException.class, () -> b.execute("CREATE TEMPORARY TABLE other (x INT)"));
      assertTrue(refused.getMessage().contains("max_reserved_connections=1"), refused.getMessage());
      TabletStats stats = sluice.runtime().tablets().iterator().next().stats();
      assertEquals(1, stats.reservedConnectionsCreated(), "no second reserved connection opened");
      assertEquals(
          stats.physicalConnections(),
          physicalConnectionsOfAppUser(),
          "JMX's PhysicalConnections is what MySQL sees");
    }
  }

  @Test
  void aLostReservedConnectionEndsTheSession() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TEMPORARY TABLE lost (x INT)");
      long reservedId = connectionId(c);
      try (Connection root = mysql.rootConnection();
          Statement kill = root.createStatement()) {
        kill.execute("KILL " + reservedId);
      }
      SQLException lost =
          assertThrows(SQLException.class, () -> longValue(c, "SELECT COUNT(*) FROM lost"));
      assertEquals("08S01", lost.getSQLState());
      assertEquals(0, sluice.runtime().tablets().iterator().next().stats().reservedConnections());
      assertTrue(c.isClosed(), "ended as the application's own connection would be");
      SQLException gone =
          assertThrows(SQLException.class, () -> longValue(c, "SELECT COUNT(*) FROM lost"));
      assertEquals("08003", gone.getSQLState(), "never silently re-reserved with the table missing");
    }
  }

  private static boolean sleeping(String user) {
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.processlist WHERE user = '"
                    + user
                    + "' AND info LIKE 'SELECT SLEEP%'")) {
      rs.next();
      return rs.getInt(1) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void jmxShowsTheTabletAndTheSessions() throws Exception {
    try (Connection c = connect()) {
      connectionId(c);
      javax.management.MBeanServer server =
          java.lang.management.ManagementFactory.getPlatformMBeanServer();
      javax.management.ObjectName tablet =
          new javax.management.ObjectName(
              io.sluice.jmx.JmxRegistrar.tabletName(sluice.runtime().tablets().iterator().next().name()));
      assertEquals(4, server.getAttribute(tablet, "Capacity"));
      assertEquals(0, server.getAttribute(tablet, "InUse"));
      assertTrue((int) server.getAttribute(tablet, "PhysicalConnections") >= 1);
      javax.management.ObjectName sessions = new javax.management.ObjectName("io.sluice:type=Sessions");
      assertEquals(1L, server.getAttribute(sessions, "OpenSessions"));
      assertEquals(0L, server.getAttribute(sessions, "ReservedSessions"));
    }
  }

  @Test
  void statementsThatNeedTheirOwnConnectionReserveOne() throws Exception {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TEMPORARY TABLE scratch (x INT)");
      s.execute("INSERT INTO scratch VALUES (1), (2)");
      assertEquals(2, longValue(c, "SELECT COUNT(*) FROM scratch"), "the temporary table stays visible");
      assertEquals(1, sluice.runtime().metrics().reservationsForTemporaryTables());
      assertEquals(1, sluice.runtime().tablets().iterator().next().stats().reservedConnections());
      try (Connection other = connect()) {
        SQLException missing =
            assertThrows(SQLException.class, () -> longValue(other, "SELECT COUNT(*) FROM scratch"));
        assertEquals(1146, missing.getErrorCode(), "another session never sees it");
      }
    }
    assertEquals(0, sluice.runtime().tablets().iterator().next().stats().reservedConnections(), "closed with the session");
    assertEquals(0, sluice.runtime().metrics().reservedSessions());
  }

  @Test
  void metadataAndUnwrapBehaveLikeConnectorJ() throws SQLException {
    try (Connection c = connect()) {
      java.sql.DatabaseMetaData md = c.getMetaData();
      assertTrue(md.getDatabaseProductVersion().startsWith("8.0.31"));
      try (ResultSet tables = md.getTables("core", null, "items", null)) {
        assertTrue(tables.next());
        assertEquals("items", tables.getString("TABLE_NAME"));
      }
      assertEquals(0, sluice.runtime().tablets().iterator().next().stats().inUse(), "metadata holds nothing");
      assertTrue(md.getConnection() == c);
      assertTrue(c.unwrap(Connection.class) == c);
      assertTrue(c.isWrapperFor(Connection.class));
      assertFalse(c.isWrapperFor(String.class));
      assertThrows(SQLException.class, () -> c.unwrap(String.class));
    }
  }

  private static int count(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM core.items WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static String database(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DATABASE()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
