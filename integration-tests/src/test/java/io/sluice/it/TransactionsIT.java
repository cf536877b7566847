package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.apps.CloseInTransactionApp;
import com.example.apps.TransactionsApp;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import io.sluice.testkit.KeyValueLine;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transactions behave as on the app's own MySQL connections: the same assertions hold with and
 * without the agent (the runs without it show what the app must see).
 */
class TransactionsIT {
  private static final String AGENT_ARGS = "queryserver_config_pool_size=4";
  private static final int THREADS = 8;
  private static final int TRANSACTIONS = 40;

  @ParameterizedTest(name = "with agent: {0}")
  @ValueSource(booleans = {false, true})
  void concurrentTransactionsIsolateCommitAndRollBack(boolean withAgent) throws SQLException {
    assertTransactionsBehave(
        AppDatabase.create(withAgent ? "it_txn_sluice" : "it_txn_plain"), withAgent);
  }

  /**
   * Runs {@link TransactionsApp} on a database, with the agent or without, and checks isolation,
   * commits and rollbacks from inside the app and from outside.
   */
  static void assertTransactionsBehave(AppDatabase database, boolean withAgent)
      throws SQLException {
    JvmFork fork =
        Forks.app(TransactionsApp.class, database)
            .args("threads=" + THREADS, "transactions=" + TRANSACTIONS);
    try (ForkedJvm app = (withAgent ? Forks.withAgent(fork, AGENT_ARGS) : fork).start()) {
      KeyValueLine isolation = KeyValueLine.parse(app.awaitLine("ISOLATION ", Forks.TIMEOUT));
      KeyValueLine concurrent = KeyValueLine.parse(app.awaitLine("CONCURRENT ", Forks.TIMEOUT));
      assertEquals(0, Forks.exitQuietly(app));

      assertEquals(
          1, isolation.getInt("ownUncommitted"), "a transaction sees its own insert: " + isolation);
      assertEquals(
          0,
          isolation.getInt("otherUncommitted"),
          "others do not see it before commit: " + isolation);
      assertEquals(
          1, isolation.getInt("otherAfterCommit"), "others see it after commit: " + isolation);
      assertEquals(0, isolation.getInt("otherAfterRollback"), isolation.toString());
      assertEquals(0, isolation.getInt("ownAfterRollback"), isolation.toString());
      assertEquals(
          1, isolation.getInt("txnConnectionIds"), "one connection per transaction: " + isolation);

      long committed = THREADS * TRANSACTIONS * 3 / 4;
      assertEquals(committed, concurrent.getLong("committed"), concurrent.toString());
      assertEquals(committed, concurrent.getLong("ledgerRows"), concurrent.toString());
      assertEquals(committed, concurrent.getLong("counter"), concurrent.toString());
      assertEquals(0, concurrent.getLong("ownViewMismatches"), concurrent.toString());
    }
    // As root, outside the app: exactly the committed rows persisted ('a' from the step-by-step
    // part).
    assertEquals(THREADS * TRANSACTIONS * 3 / 4 + 1, database.rootCount("ledger"));
  }

  @ParameterizedTest(name = "with agent: {0}")
  @ValueSource(booleans = {false, true})
  void closingInTheMiddleOfATransactionRollsItBack(boolean withAgent) throws SQLException {
    AppDatabase database = AppDatabase.create(withAgent ? "it_close_sluice" : "it_close_plain");
    JvmFork fork = Forks.app(CloseInTransactionApp.class, database);
    try (ForkedJvm app = (withAgent ? Forks.withAgent(fork, AGENT_ARGS) : fork).start()) {
      app.awaitLine("IN_TXN ", Forks.TIMEOUT);
      List<String> open = database.openTransactions();
      assertEquals(1, open.size(), "the app's transaction is open in MySQL: " + open);
      assertEquals(0, database.rootCount("parked"), "and its row is not visible");

      app.send("close");
      app.awaitLine("CLOSED", Forks.TIMEOUT);
      open = database.openTransactions();
      assertEquals(List.of(), open, "close() must have ended the transaction");
      assertEquals(0, database.rootCount("parked"), "by rolling it back");

      app.send("continue");
      KeyValueLine reinserted = KeyValueLine.parse(app.awaitLine("REINSERTED ", Forks.TIMEOUT));
      assertEquals(1, reinserted.getInt("rows"));
      assertEquals(0, Forks.exitQuietly(app));
    }
  }
}
