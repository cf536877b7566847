package com.example.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transactions as JDBC applications write them ({@code setAutoCommit(false)}, commit, rollback),
 * first step by step between two sessions, then from many threads at once, reporting what each
 * session could see.
 *
 * <pre>
 * ISOLATION ownUncommitted=1 otherUncommitted=0 otherAfterCommit=1 (and more counts)
 * CONCURRENT threads=8 committed=150 rolledBack=50 ledgerRows=150 counter=150 ownViewMismatches=0
 * </pre>
 */
public final class TransactionsApp {
  private static final String COUNT_OWN = "SELECT COUNT(*) FROM ledger WHERE owner = ?";

  private TransactionsApp() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    try (Connection setup = connect(args)) {
      AppArgs.execute(
          setup,
          "DROP TABLE IF EXISTS ledger, counters",
          "CREATE TABLE ledger (id INT AUTO_INCREMENT PRIMARY KEY, owner VARCHAR(16) NOT NULL, n"
              + " INT NOT NULL, KEY by_owner (owner))",
          "CREATE TABLE counters (id INT PRIMARY KEY, total BIGINT NOT NULL)",
          "INSERT INTO counters VALUES (1, 0)");
    }
    isolation(args);
    concurrent(args, args.getInt("threads"), args.getInt("transactions"));
  }

  /** Two sessions, one step at a time; other sessions' statements run in between on purpose. */
  private static void isolation(AppArgs args) throws SQLException {
    try (Connection a = connect(args);
        Connection b = connect(args)) {
      a.setAutoCommit(false);
      Set<Long> txnIds = new HashSet<>();
      txnIds.add(AppArgs.queryLong(a, AppArgs.physicalIdQuery()));
      AppArgs.execute(a, "INSERT INTO ledger (owner, n) VALUES ('a', 1)");
      long otherUncommitted = countOwn(b, "a");
      txnIds.add(AppArgs.queryLong(a, AppArgs.physicalIdQuery()));
      long ownUncommitted = countOwn(a, "a");
      a.commit();
      long otherAfterCommit = countOwn(b, "a");

      AppArgs.execute(a, "INSERT INTO ledger (owner, n) VALUES ('a', 2)");
      a.rollback();
      long otherAfterRollback = AppArgs.queryLong(b, "SELECT COUNT(*) FROM ledger WHERE n = 2");
      long ownAfterRollback = AppArgs.queryLong(a, "SELECT COUNT(*) FROM ledger WHERE n = 2");
      a.commit();
      System.out.printf(
          "ISOLATION ownUncommitted=%d otherUncommitted=%d otherAfterCommit=%d"
              + " otherAfterRollback=%d ownAfterRollback=%d txnConnectionIds=%d%n",
          ownUncommitted,
          otherUncommitted,
          otherAfterCommit,
          otherAfterRollback,
          ownAfterRollback,
          txnIds.size());
    }
  }

  /**
   * Each thread's session inserts its own rows and bumps one shared counter per transaction,
   * rolling back every fourth. Inside each transaction it must see exactly its committed rows plus
   * the new one.
   */
  private static void concurrent(AppArgs args, int threadCount, int transactions) throws Exception {
    AtomicLong committed = new AtomicLong();
    AtomicLong rolledBack = new AtomicLong();
    AtomicLong mismatches = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int t = 0; t < threadCount; t++) {
      String owner = "t" + t;
      threads.add(
          new Thread(
              () -> {
                try (Connection c = connect(args)) {
                  c.setAutoCommit(false);
                  long mine = 0;
                  for (int i = 0; i < transactions; i++) {
                    try (PreparedStatement insert =
                        c.prepareStatement("INSERT INTO ledger (owner, n) VALUES (?, ?)")) {
                      insert.setString(1, owner);
                      insert.setInt(2, i);
                      insert.executeUpdate();
                    }
                    AppArgs.execute(c, "UPDATE counters SET total = total + 1 WHERE id = 1");
                    if (countOwn(c, owner) != mine + 1) {
                      mismatches.incrementAndGet();
                    }
                    if (i % 4 == 3) {
                      c.rollback();
                      rolledBack.incrementAndGet();
                    } else {
                      c.commit();
                      mine++;
                      committed.incrementAndGet();
                    }
                  }
                } catch (SQLException e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              }));
    }
    AppArgs.runAll(threads, failures);
    try (Connection check = connect(args)) {
      System.out.printf(
          "CONCURRENT threads=%d committed=%d rolledBack=%d ledgerRows=%d counter=%d"
              + " ownViewMismatches=%d%n",
          threadCount,
          committed.get(),
          rolledBack.get(),
          AppArgs.queryLong(check, "SELECT COUNT(*) FROM ledger WHERE owner LIKE 't%'"),
          AppArgs.queryLong(check, "SELECT total FROM counters WHERE id = 1"),
          mismatches.get());
    }
  }

  private static long countOwn(Connection connection, String owner) throws SQLException {
    try (PreparedStatement count = connection.prepareStatement(COUNT_OWN)) {
      count.setString(1, owner);
      try (var rs = count.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Connection connect(AppArgs args) throws SQLException {
    return DriverManager.getConnection(args.url(), args.user(), args.password());
  }
}
