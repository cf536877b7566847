package io.sluice;

import static io.sluice.testkit.Queries.connectionId;
import static io.sluice.testkit.Queries.longValue;
import static io.sluice.testkit.Queries.rootLong;
import static io.sluice.testkit.Queries.rootRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.AppUser;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.Queries;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults inside a transaction (issue 11, items 2 and 7), run the same way on a direct Connector/J
 * connection and on a Sluice session: a transaction inserts row 1, meets a fault, inserts row 3
 * and commits. The app must see the same outcome at every step (exception class, SQLState, error
 * code) and the same rows must be committed, read afterwards on a fresh direct connection.
 *
 * <p>MySQL's {@code KILL QUERY} (a query timeout, a cancel) aborts the statement only: the
 * transaction goes on, and rows 1 and 3 commit. A lost connection ({@code KILL}, a socket or
 * network timeout) takes the transaction with it: every later statement and the commit fail, and
 * nothing commits.
 */
class TransactionFaultsTest {
  private static final long AWAIT_MILLIS = 10_000;
  private static final String SLEEPING = "SELECT SLEEP(60)";
  private static EmbeddedMysql mysql;
  private static AppUser appUser;
  private static ExecutorService threads;

  private final Driver driver = Drivers.connectorJ();

  /** Started by a test's first Sluice session; {@link #run} closes it at its end. */
  @RegisterExtension final SluiceUnderTest sluice = SluiceUnderTest.eachTest();

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    appUser = AppUser.create(mysql, "txfaults", "txfaults_app", "txfaults-secret");
    rootRun(mysql, "CREATE TABLE IF NOT EXISTS txfaults.items (id INT PRIMARY KEY)");
    threads = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stopThreads() {
    threads.shutdownNow();
  }

  /** How the transaction is opened and closed. */
  enum Form {
    /** {@code setAutoCommit(false)}, {@code commit()}, {@code rollback()}. */
    JDBC,
    /** {@code BEGIN}, {@code COMMIT}, {@code ROLLBACK} in SQL with auto-commit on. */
    SQL,
    /** As JDBC, on a connection the session reserved first (it holds a user lock). */
    RESERVED
  }

  /** What happens between row 1 and row 3. */
  enum Fault {
    QUERY_TIMEOUT(true),
    CANCEL(true),
    KILL_BETWEEN_STATEMENTS(false),
    KILL_DURING_STATEMENT(false),
    SOCKET_TIMEOUT(false),
    NETWORK_TIMEOUT(false);

    /** Whether MySQL keeps the transaction through this fault. */
    final boolean keepsTransaction;

    Fault(boolean keepsTransaction) {
      this.keepsTransaction = keepsTransaction;
    }
  }

  enum Case {
    QUERY_TIMEOUT_JDBC(Fault.QUERY_TIMEOUT, Form.JDBC),
    QUERY_TIMEOUT_SQL(Fault.QUERY_TIMEOUT, Form.SQL),
    CANCEL_JDBC(Fault.CANCEL, Form.JDBC),
    CANCEL_SQL(Fault.CANCEL, Form.SQL),
    KILL_BETWEEN_STATEMENTS_JDBC(Fault.KILL_BETWEEN_STATEMENTS, Form.JDBC),
    KILL_BETWEEN_STATEMENTS_SQL(Fault.KILL_BETWEEN_STATEMENTS, Form.SQL),
    KILL_BETWEEN_STATEMENTS_RESERVED(Fault.KILL_BETWEEN_STATEMENTS, Form.RESERVED),
    KILL_DURING_STATEMENT_JDBC(Fault.KILL_DURING_STATEMENT, Form.JDBC),
    KILL_DURING_STATEMENT_SQL(Fault.KILL_DURING_STATEMENT, Form.SQL),
    KILL_DURING_STATEMENT_RESERVED(Fault.KILL_DURING_STATEMENT, Form.RESERVED),
    SOCKET_TIMEOUT_JDBC(Fault.SOCKET_TIMEOUT, Form.JDBC),
    NETWORK_TIMEOUT_JDBC(Fault.NETWORK_TIMEOUT, Form.JDBC),
    NETWORK_TIMEOUT_SQL(Fault.NETWORK_TIMEOUT, Form.SQL),
    QUERY_TIMEOUT_STREAMING_JDBC(
        Fault.QUERY_TIMEOUT, Form.JDBC, "&defaultFetchSize=" + Integer.MIN_VALUE),
    /**
     * Connector/J's server-side cursor path reports the loss without closing the connection: the
     * next statement fails with it again, and closes it.
     */
    SOCKET_TIMEOUT_CURSOR_JDBC(
        Fault.SOCKET_TIMEOUT, Form.JDBC, "&useCursorFetch=true&defaultFetchSize=100"),
    NETWORK_TIMEOUT_CURSOR_JDBC(
        Fault.NETWORK_TIMEOUT, Form.JDBC, "&useCursorFetch=true&defaultFetchSize=100");

    final Fault fault;
    final Form form;
    /** More URL properties: every statement streams its result, or reads it by cursor. */
    final String properties;

    Case(Fault fault, Form form) {
      this(fault, form, "");
    }

    Case(Fault fault, Form form, String properties) {
      this.fault = fault;
      this.form = form;
      this.properties = properties;
    }

    /** Whether the app sees the loss again, on the connection left open by the cursor path. */
    boolean reportsLossTwice() {
      return properties.contains("useCursorFetch");
    }
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void sameOutcomeAsDirect(Case scenario) throws Exception {
    List<String> direct = run(scenario, false);
    List<Integer> directRows = committedRows();
    List<String> sluice = run(scenario, true);
    List<Integer> sluiceRows = committedRows();
    assertEquals(scenario.fault.keepsTransaction ? List.of(1, 3) : List.of(), directRows,
        "direct commits " + direct);
    assertEquals(
        scenario.reportsLossTwice() ? direct : asSluiceReports(direct),
        sluice,
        "the app's view at each step");
    assertEquals(directRows, sluiceRows, "committed rows");
  }

  /**
   * After a query timeout the transaction goes on where MySQL keeps it, on its connection; when
   * it ends, that connection is closed rather than pooled, since Connector/J's {@code KILL QUERY}
   * may still be on its way to it.
   */
  @Test
  void aTimedOutTransactionStaysOnItsConnectionWhichClosesWhenItEnds() throws Exception {
    awaitTrue("no connections of " + appUser.user(), () -> appConnections() == 0);
    try (Connection app = appUser.session(sluice::connect)) {
      app.setAutoCommit(false);
      long serving = connectionId(app);
      try (Statement s = app.createStatement()) {
        s.setQueryTimeout(1);
        assertThrows(SQLTimeoutException.class, () -> s.executeQuery("SELECT SLEEP(5)"));
      }
      assertEquals(serving, connectionId(app), "the transaction's connection");
      app.commit();
      awaitTrue("the connection closed",
          () -> rootLong(
              mysql,
              "SELECT COUNT(*) FROM information_schema.processlist WHERE id = " + serving) == 0);
    }
  }

  /** A null executor is refused as the driver refuses it, and leaves nothing behind. */
  @Test
  void aNullNetworkTimeoutExecutorIsRefusedAsDirect() throws Exception {
    try (Connection direct = appUser.direct();
        Connection app = appUser.session(sluice::connect)) {
      SQLException expected = assertThrows(SQLException.class, () -> direct.setNetworkTimeout(null, 1000));
      SQLException seen = assertThrows(SQLException.class, () -> app.setNetworkTimeout(null, 1000));
      assertEquals(expected.getClass(), seen.getClass());
      assertEquals(expected.getSQLState(), seen.getSQLState());
      assertEquals(expected.getMessage(), seen.getMessage());
      assertEquals(direct.getNetworkTimeout(), app.getNetworkTimeout());
      assertEquals(1, longValue(app, "SELECT 1"));
    }
  }

  /**
   * The direct connection's outcomes as Sluice reports them. Connector/J may report a socket that
   * the server closed between statements as a communications failure twice before it closes the
   * connection; the session, closed by the first, reports the second call as the closed
   * connection (08003) that the driver reports from then on.
   */
  private static List<String> asSluiceReports(List<String> direct) {
    String failure = "CommunicationsException 08S01 0";
    List<String> expected = new ArrayList<>();
    boolean lost = false;
    for (String step : direct) {
      if (lost) {
        step = step.replace(failure, "SQLNonTransientConnectionException 08003 0");
      } else if (step.endsWith(failure)) {
        lost = true;
      }
      expected.add(step);
    }
    return expected;
  }

  /** Runs the scenario on one connection, and returns each step's outcome. */
  private List<String> run(Case scenario, boolean throughSluice) throws Exception {
    rootRun(mysql, "TRUNCATE txfaults.items");
    awaitTrue("no connections of " + appUser.user(), () -> appConnections() == 0);
    String target =
        appUser.url()
            + (scenario.fault == Fault.SOCKET_TIMEOUT ? "&socketTimeout=1000" : "")
            + scenario.properties;
    ExecutorService networkTimeouts = Executors.newSingleThreadExecutor();
    List<String> trace = new ArrayList<>();
    try (Connection app = throughSluice
        ? sluice.connect(driver, target, appUser.credentials())
        : driver.connect(target, appUser.credentials())) {
      assertNotNull(app);
      Form form = scenario.form;
      if (scenario.fault == Fault.NETWORK_TIMEOUT) {
        app.setNetworkTimeout(networkTimeouts, 1000);
        // Connector/J sets the socket's timeout on the executor's thread, some time later.
        awaitTrue("the network timeout set", () -> app.getNetworkTimeout() == 1000);
      }
      if (form == Form.RESERVED) {
        step(trace, "lock", () -> Queries.run(app, "SELECT GET_LOCK('txfaults', 0)"));
      }
      if (form == Form.SQL) {
        step(trace, "begin", () -> Queries.run(app, "BEGIN"));
      } else {
        step(trace, "autocommit off", () -> app.setAutoCommit(false));
      }
      step(trace, "insert 1", () -> Queries.run(app, "INSERT INTO items VALUES (1)"));
      Statement before = app.createStatement();
      fault(scenario.fault, app, trace);
      step(trace, "insert 3", () -> Queries.run(app, "INSERT INTO items VALUES (3)"));
      if (form == Form.SQL) {
        step(trace, "COMMIT", () -> Queries.run(app, "COMMIT"));
        step(trace, "ROLLBACK", () -> Queries.run(app, "ROLLBACK"));
      } else {
        step(trace, "commit", app::commit);
        step(trace, "rollback", app::rollback);
      }
      afterwards(app, before, trace);
    } finally {
      networkTimeouts.shutdownNow();
      sluice.close();
    }
    return trace;
  }

  /**
   * What the connection answers once the transaction is over: after a lost connection, nothing
   * but close() and the questions whether it is closed or valid.
   */
  private static void afterwards(Connection app, Statement before, List<String> trace) {
    step(trace, "statement made before", () -> before.execute("SELECT 1"));
    answer(trace, "statement made before closed", before::isClosed);
    step(trace, "new statement", () -> app.createStatement().close());
    answer(trace, "getAutoCommit", app::getAutoCommit);
    answer(trace, "isClosed", app::isClosed);
    answer(trace, "isValid", () -> app.isValid(1));
    step(trace, "rollback after", app::rollback);
    step(trace, "close", app::close);
  }

  private void fault(Fault fault, Connection app, List<String> trace) throws Exception {
    switch (fault) {
      case QUERY_TIMEOUT -> {
        try (Statement s = app.createStatement()) {
          s.setQueryTimeout(1);
          step(trace, "timed out", () -> s.executeQuery("SELECT SLEEP(5)").close());
        }
      }
      case CANCEL -> {
        try (Statement s = app.createStatement()) {
          Future<?> cancel = whenSleeping(id -> s.cancel());
          step(trace, "cancelled", () -> s.executeQuery(SLEEPING).close());
          cancel.get();
        }
      }
      case KILL_BETWEEN_STATEMENTS -> kill(activeTransaction());
      case KILL_DURING_STATEMENT -> {
        Future<?> kill = whenSleeping(TransactionFaultsTest::kill);
        step(trace, "killed", () -> Queries.run(app, SLEEPING));
        kill.get();
      }
      case SOCKET_TIMEOUT, NETWORK_TIMEOUT ->
          step(trace, "timed out", () -> Queries.run(app, "SELECT SLEEP(3)"));
    }
  }

  /** What the app does to the connection running the sleep, once MySQL shows it running. */
  @FunctionalInterface
  interface OnSleeping {
    void apply(long processlistId) throws SQLException;
  }

  private Future<?> whenSleeping(OnSleeping action) {
    return threads.submit(() -> {
      String running = "SELECT id FROM information_schema.processlist WHERE user = '"
          + appUser.user() + "' AND info = '" + SLEEPING + "'";
      awaitTrue("the sleep running", () -> rootLong(
          mysql,
          "SELECT COUNT(*) FROM (" + running + ") r") == 1);
      action.apply(rootLong(mysql, running));
      return null;
    });
  }

  /** The processlist id of the app user's connection that holds an open transaction. */
  private static long activeTransaction() throws SQLException {
    return rootLong(
        mysql,
        "SELECT t.PROCESSLIST_ID FROM performance_schema.events_transactions_current e"
            + " JOIN performance_schema.threads t ON t.THREAD_ID = e.THREAD_ID"
            + " WHERE e.STATE = 'ACTIVE' AND t.PROCESSLIST_USER = '" + appUser.user() + "'");
  }

  /** Kills a connection as root and waits until MySQL no longer lists it. */
  private static void kill(long id) throws SQLException {
    rootRun(mysql, "KILL " + id);
    awaitTrue("connection " + id + " gone",
        () -> rootLong(
            mysql,
            "SELECT COUNT(*) FROM information_schema.processlist WHERE id = " + id) == 0);
  }

  @FunctionalInterface
  interface Step {
    void run() throws SQLException;
  }

  @FunctionalInterface
  interface Answer {
    Object get() throws SQLException;
  }

  /** {@link #step} for a call that answers something, which is recorded. */
  private static void answer(List<String> trace, String name, Answer answer) {
    Object[] value = new Object[1];
    step(trace, name, () -> value[0] = answer.get());
    if (value[0] != null) {
      trace.set(trace.size() - 1, name + ": " + value[0]);
    }
  }

  /** Runs a step and records what the app saw: ok, or the exception's class, SQLState, code. */
  private static void step(List<String> trace, String name, Step step) {
    String outcome;
    try {
      step.run();
      outcome = "ok";
    } catch (SQLException e) {
      outcome = e.getClass().getSimpleName() + " " + e.getSQLState() + " " + e.getErrorCode();
    }
    trace.add(name + ": " + outcome);
  }

  private static List<Integer> committedRows() throws SQLException {
    List<Integer> rows = new ArrayList<>();
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM txfaults.items ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getInt(1));
      }
    }
    return rows;
  }

  private static long appConnections() throws SQLException {
    return rootLong(
        mysql,
        "SELECT COUNT(*) FROM information_schema.processlist WHERE user = '"
            + appUser.user()
            + "'");
  }

  @FunctionalInterface
  interface Check {
    boolean holds() throws SQLException;
  }

  private static void awaitTrue(String what, Check condition) throws SQLException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_MILLIS);
    while (!condition.holds()) {
      assertTrue(System.nanoTime() < deadline, "timed out awaiting: " + what);
      Thread.onSpinWait();
    }
  }
}
