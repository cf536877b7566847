package io.sluice.testkit.oracle;

import java.sql.SQLException;

/**
 * Transactions over {@code txn_rows}, shared by all sessions. Each row names its session and its
 * transaction; a transaction inserts its id into {@code txn_commits} just before it commits, in the
 * same transaction, and rows written with autocommit carry transaction 0, committed from the start.
 * Two invariants follow, each checkable by one session alone:
 *
 * <ul>
 *   <li>the session's own rows counted are its committed rows plus those of its open transaction;
 *   <li>no other session's row is visible without its transaction's commit record, since one
 *       statement reads one consistent snapshot and the two become visible together.
 * </ul>
 */
final class TransactionOps implements Operations {
  private static final String ROWS = OracleSchema.SCHEMA_A + ".txn_rows";
  private static final String COMMITS = OracleSchema.SCHEMA_A + ".txn_commits";

  /** Transaction ids are {@code session * SPAN + n}, unique in a run. */
  private static final long SPAN = 1_000_000_000L;

  private long transactions;

  static String ownCountSql(OracleSession s) {
    return "SELECT COUNT(*) FROM "
        + ROWS
        + " WHERE run = '"
        + s.run()
        + "' AND session = "
        + s.id();
  }

  @Override
  public void run(OracleSession s) throws SQLException {
    SessionModel m = s.model();
    int choice = s.random().nextInt(100);
    if (choice < 15 && !m.inTransaction()) {
      begin(s);
    } else if (choice < 45) {
      insert(s);
    } else if (choice < 65) {
      checkOwnRows(s);
    } else if (choice < 80) {
      String sql =
          "SELECT COUNT(*) FROM "
              + ROWS
              + " r WHERE r.run = '"
              + s.run()
              + "' AND r.session <> "
              + s.id()
              + " AND NOT EXISTS (SELECT 1 FROM "
              + COMMITS
              + " c WHERE c.run = r.run AND c.txn = r.txn)";
      s.check("others' uncommitted rows visible", sql, 0L, s.queryLong(sql));
    } else if (m.inTransaction()) {
      end(s);
    } else {
      checkOwnRows(s);
    }
  }

  private static void checkOwnRows(OracleSession s) throws SQLException {
    String sql = ownCountSql(s);
    SessionModel m = s.model();
    s.check("own rows", sql, m.committedRows + m.pendingRows, s.queryLong(sql));
  }

  private static void begin(OracleSession s) throws SQLException {
    switch (s.random().nextInt(3)) {
      case 0 -> {
        s.execute("BEGIN");
        s.model().explicitTransaction = true;
      }
      case 1 -> {
        s.execute("START TRANSACTION");
        s.model().explicitTransaction = true;
      }
      default -> {
        s.statement("setAutoCommit(false)");
        s.connection().setAutoCommit(false);
        s.model().autocommit = false;
      }
    }
  }

  private void insert(OracleSession s) throws SQLException {
    SessionModel m = s.model();
    long txn = 0;
    if (m.inTransaction()) {
      if (m.transactionId == 0) {
        m.transactionId = s.id() * SPAN + ++transactions;
      }
      txn = m.transactionId;
    }
    int rows = 1 + s.random().nextInt(3);
    StringBuilder sql =
        new StringBuilder("INSERT INTO " + ROWS + " (run, session, seq, txn) VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ")
          .append("('")
          .append(s.run())
          .append("', ")
          .append(s.id())
          .append(", ")
          .append(s.nextSeq())
          .append(", ")
          .append(txn)
          .append(')');
    }
    if (!m.inTransaction()) {
      m.inFlightRows = rows;
    }
    s.check("update count", sql.toString(), rows, s.update(sql.toString()));
    m.inFlightRows = 0;
    if (m.inTransaction()) {
      m.pendingRows += rows;
    } else {
      m.committedRows += rows;
    }
  }

  private static void end(OracleSession s) throws SQLException {
    SessionModel m = s.model();
    boolean commit = s.random().nextInt(3) > 0;
    if (commit && m.transactionId != 0) {
      s.update(
          "INSERT INTO "
              + COMMITS
              + " (run, txn) VALUES ('"
              + s.run()
              + "', "
              + m.transactionId
              + ")");
    }
    int how = s.random().nextInt(m.autocommit ? 1 : 3);
    if (how == 0) {
      s.execute(commit ? "COMMIT" : "ROLLBACK");
    } else if (how == 1) {
      s.statement(commit ? "commit()" : "rollback()");
      if (commit) {
        s.connection().commit();
      } else {
        s.connection().rollback();
      }
    } else {
      // setAutoCommit(true) commits the open transaction, so a rollback goes first.
      s.statement(commit ? "setAutoCommit(true)" : "rollback(); setAutoCommit(true)");
      if (!commit) {
        s.connection().rollback();
      }
      s.connection().setAutoCommit(true);
      m.autocommit = true;
    }
    if (commit) {
      m.committedRows += m.pendingRows;
    }
    m.pendingRows = 0;
    m.transactionId = 0;
    m.explicitTransaction = false;
    checkOwnRows(s);
  }
}
