package com.example.conformance;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Transactions, and faults inside them: the rows committed must be exactly those MySQL commits
 * for the application's own connection (a partial transaction is never committed).
 */
final class TransactionScenarios {
  private TransactionScenarios() {}

  static void register(Map<String, Scenario> scenarios) {
    scenarios.put("tx-basics", TransactionScenarios::basics);
    scenarios.put("tx-query-timeout", (env, t) -> fault(env, t, TransactionScenarios::timeout));
    scenarios.put("tx-cancel", (env, t) -> fault(env, t, TransactionScenarios::cancel));
    scenarios.put("tx-kill-between", (env, t) -> fault(env, t, TransactionScenarios::killBetween));
    scenarios.put("tx-kill-during", (env, t) -> fault(env, t, TransactionScenarios::killDuring));
    scenarios.put("tx-socket-timeout", TransactionScenarios::socketTimeout);
    scenarios.put("tx-network-timeout", TransactionScenarios::networkTimeout);
  }

  /** A fault injected after the transaction's first insert. */
  private interface Fault {
    void inject(Env env, Transcript t, Connection connection) throws Exception;
  }

  private static void basics(Env env, Transcript t) throws Exception {
    env.tables("DROP TABLE IF EXISTS tx_basics", "CREATE TABLE tx_basics (v VARCHAR(10))");
    try (Connection a = env.open();
        Connection b = env.open();
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      a.setAutoCommit(false);
      t.update("a-insert", sa, "INSERT INTO tx_basics VALUES ('a1')");
      t.query("b-before-commit", sb, "SELECT COUNT(*) FROM tx_basics");
      t.run("savepoint", () -> {
        var savepoint = a.setSavepoint("s1");
        sa.executeUpdate("INSERT INTO tx_basics VALUES ('a2')");
        a.rollback(savepoint);
      });
      t.run("commit", a::commit);
      t.query("b-after-commit", sb, "SELECT * FROM tx_basics ORDER BY 1");
      a.setAutoCommit(true);
      t.execute("sql-begin", sb, "BEGIN");
      t.update("b-insert", sb, "INSERT INTO tx_basics VALUES ('b1')");
      t.query("a-during-begin", sa, "SELECT COUNT(*) FROM tx_basics");
      t.execute("sql-rollback", sb, "ROLLBACK");
      t.run("isolation", () -> a.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED));
      t.query("isolation-read", sa, "SELECT @@transaction_isolation");
      t.state("a-state", a);
      t.state("b-state", b);
    }
    Scenario.readTable(env, t, "after", "tx_basics");
  }

  /**
   * setAutoCommit(false), INSERT A, the fault, INSERT C, commit (rolled back if it failed); then
   * what a fresh session reads and what the server still has open.
   */
  private static void fault(Env env, Transcript t, Fault fault) throws Exception {
    env.tables("DROP TABLE IF EXISTS tx_fault", "CREATE TABLE tx_fault (v VARCHAR(10))");
    try (Connection connection = env.open()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        t.update("insert-a", statement, "INSERT INTO tx_fault VALUES ('A')");
      }
      t.run("fault", () -> fault.inject(env, t, connection));
      t.run(
          "insert-c",
          () -> {
            try (Statement statement = connection.createStatement()) {
              t.line("insert-c", "count " + statement.executeUpdate(
                  "INSERT INTO tx_fault VALUES ('C')"));
            }
          });
      t.run("commit", connection::commit);
      t.run("rollback", connection::rollback);
      t.state("state", connection);
    }
    Scenario.readTable(env, t, "after", "tx_fault");
  }

  private static void timeout(Env env, Transcript t, Connection connection) throws Exception {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(1);
      t.query("sleep", statement, "SELECT SLEEP(3)");
    }
  }

  private static void cancel(Env env, Transcript t, Connection connection) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Statement statement = connection.createStatement()) {
      Future<?> running =
          thread.submit(() -> t.query("sleep", statement, "SELECT SLEEP(5) /* conf-cancel */"));
      env.awaitStatement("conf-cancel");
      statement.cancel();
      running.get();
    } finally {
      thread.shutdownNow();
    }
  }

  private static void killBetween(Env env, Transcript t, Connection connection) throws Exception {
    env.kill(env.awaitTransaction());
  }

  private static void killDuring(Env env, Transcript t, Connection connection) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Statement statement = connection.createStatement()) {
      Future<?> running =
          thread.submit(() -> t.query("sleep", statement, "SELECT SLEEP(5) /* conf-kill */"));
      env.kill(env.awaitStatement("conf-kill"));
      running.get();
    } finally {
      thread.shutdownNow();
    }
  }

  /** The driver's socketTimeout fires inside a transaction. */
  private static void socketTimeout(Env env, Transcript t) throws Exception {
    env.tables("DROP TABLE IF EXISTS tx_socket", "CREATE TABLE tx_socket (v VARCHAR(10))");
    try (Connection connection = env.open("socketTimeout=700")) {
      connection.setAutoCommit(false);
      Statement statement = connection.createStatement();
      t.update("insert-a", statement, "INSERT INTO tx_socket VALUES ('A')");
      t.query("sleep", statement, "SELECT SLEEP(2)");
      t.update("insert-c", statement, "INSERT INTO tx_socket VALUES ('C')");
      t.run("commit", connection::commit);
      t.run("rollback", connection::rollback);
      t.state("state", connection);
    }
    Scenario.readTable(env, t, "after", "tx_socket");
  }

  /** Waits (boundedly) until the connection reports the network timeout set. */
  private static void awaitNetworkTimeout(Connection connection, int millis) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (connection.getNetworkTimeout() != millis && System.nanoTime() < deadline) {
      Thread.sleep(5); // the driver's executor task gives no signal to wait on
    }
  }

  /** {@code setNetworkTimeout} with a real executor, inside a transaction. */
  private static void networkTimeout(Env env, Transcript t) throws Exception {
    env.tables("DROP TABLE IF EXISTS tx_network", "CREATE TABLE tx_network (v VARCHAR(10))");
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (Connection connection = env.open()) {
      connection.setAutoCommit(false);
      t.run("set", () -> connection.setNetworkTimeout(executor, 700));
      // Connector/J applies the timeout on the executor's thread, once that thread has the
      // connection's lock: until then a direct connection's statements run without it.
      awaitNetworkTimeout(connection, 700);
      Statement statement = connection.createStatement();
      t.update("insert-a", statement, "INSERT INTO tx_network VALUES ('A')");
      t.query("sleep", statement, "SELECT SLEEP(2)");
      t.update("insert-c", statement, "INSERT INTO tx_network VALUES ('C')");
      t.run("commit", connection::commit);
      t.state("state", connection);
    } finally {
      executor.shutdownNow();
    }
    Scenario.readTable(env, t, "after", "tx_network");
  }
}
