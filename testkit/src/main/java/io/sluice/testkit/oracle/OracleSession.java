package io.sluice.testkit.oracle;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One session of a run: a thread's single logical connection, its random operations and its model,
 * and what it found. Operations call the helpers here to run SQL and compare results.
 *
 * <p>An unexpected SQLException is counted, the connection abandoned, and the next operation opens
 * a new one: its state is then a fresh session's, except that the transaction that failed may or
 * may not have committed, which the first read of the session's rows settles.
 */
final class OracleSession {
  /** How long a settling read waits for killed connections to be gone before it reads anyway. */
  private static final long KILLED_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final int id;
  private final String run;
  private final ConnectionSource source;
  private final SessionModel model;
  private final Random random;
  private final Map<Family, Operations> operations;
  private final Family[] draw;
  private final long deadlineNanos;
  private final int keptViolations;
  private final OracleListener listener;

  private Connection connection;
  private boolean opened;

  /** Rows of a transaction whose end was not seen: committed or not, the next count tells. */
  private long uncertainRows = -1;

  private int operation;
  private Family family;
  private String lastSql = "";
  private long statementStartNanos;
  private int nextSeq;

  final Map<Family, Long> operationsByFamily = new EnumMap<>(Family.class);
  final List<Violation> violations = new ArrayList<>();
  final Map<String, ErrorStat> errors = new LinkedHashMap<>();
  long operationsRun;
  long readsChecked;
  long violationCount;
  long reconnects;
  boolean deadlineReached;

  OracleSession(
      int id,
      String run,
      ConnectionSource source,
      Baseline baseline,
      OracleConfig config,
      Map<Family, Operations> operations,
      long deadlineNanos,
      int keptViolations,
      OracleListener listener) {
    this.id = id;
    this.run = run;
    this.source = source;
    this.model = new SessionModel(baseline);
    this.random = new Random(config.seed() + id);
    this.operations = operations;
    this.deadlineNanos = deadlineNanos;
    this.keptViolations = keptViolations;
    this.listener = listener;
    List<Family> tickets = new ArrayList<>();
    config.weights().forEach((f, weight) -> tickets.addAll(Collections.nCopies(weight, f)));
    this.draw = tickets.toArray(Family[]::new);
  }

  private void runOperations(int count) {
    for (operation = 0; operation < count; operation++) {
      if (System.nanoTime() - deadlineNanos > 0) {
        deadlineReached = true;
        return;
      }
      family = draw[random.nextInt(draw.length)];
      operationsByFamily.merge(family, 1L, Long::sum);
      operationsRun++;
      long start = System.nanoTime();
      try {
        ensureOpen();
        operations.get(family).run(this);
        listener.succeeded(id, operation, start, System.nanoTime());
      } catch (SQLException | RuntimeException e) {
        // A RuntimeException out of a JDBC call is a defect of the driver or of what wraps it.
        listener.failed(
            id,
            operation,
            lastSql,
            e,
            model.inTransaction(),
            Math.max(start, statementStartNanos),
            System.nanoTime());
        error(e);
        abandon();
      }
    }
  }

  /** Runs {@code count} operations, then closes the connection. */
  void run(int count) {
    try {
      runOperations(count);
    } finally {
      abandon();
    }
  }

  int id() {
    return id;
  }

  String run() {
    return run;
  }

  SessionModel model() {
    return model;
  }

  Random random() {
    return random;
  }

  Connection connection() {
    return connection;
  }

  /** A row key no other row of this run has: per session, never reused. */
  int nextSeq() {
    return nextSeq++;
  }

  /** The current operation's statement, for error reports. */
  void statement(String sql) {
    lastSql = sql;
    statementStartNanos = System.nanoTime();
  }

  /** Closes the connection, which must succeed, and opens a new one, a fresh session. */
  void reopen() throws SQLException {
    Connection old = connection;
    connection = null;
    statement("close()");
    old.close();
    ensureOpen();
  }

  private void ensureOpen() throws SQLException {
    if (connection != null) {
      return;
    }
    statement("(open a connection)");
    try {
      connection = Objects.requireNonNull(source.open(), "the source returned no connection");
    } catch (SQLException e) {
      // A server that is restarting refuses for a while: back off a little before the next try.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      throw e;
    }
    if (opened) {
      reconnects++;
    }
    opened = true;
    model.reset();
    if (uncertainRows >= 0) {
      settleUncertainRows();
    }
  }

  private void settleUncertainRows() throws SQLException {
    awaitKilledConnectionsGone();
    String sql = TransactionOps.ownCountSql(this);
    long count = queryLong(sql);
    long low = model.committedRows;
    long high = low + uncertainRows;
    if (count < low || count > high) {
      violation(
          "own committed rows after a failure", sql, "between " + low + " and " + high, count);
    } else {
      readsChecked++;
    }
    model.committedRows = count;
    uncertainRows = -1;
  }

  /**
   * Waits until MySQL has finished with every connection of this user that is being killed. A
   * COMMIT cut by KILL can still complete on the server after its client saw the connection
   * drop: the rows of the transaction appear only then, on any client, so they are counted after.
   */
  private void awaitKilledConnectionsGone() throws SQLException {
    long deadline = System.nanoTime() + KILLED_WAIT_NANOS;
    while (queryLong("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Killed'")
            > 0
        && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  /** Drops the connection after an unexpected error; its open transaction's fate is unknown. */
  private void abandon() {
    long uncertain = (model.inTransaction() ? model.pendingRows : 0) + model.inFlightRows;
    if (uncertain > 0) {
      uncertainRows = uncertain;
    }
    model.pendingRows = 0;
    model.inFlightRows = 0;
    closeQuietly();
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException | RuntimeException ignored) {
        // The connection is being dropped after an error already counted; this one adds nothing.
      }
      connection = null;
    }
  }

  // ---- SQL helpers ----

  /** A result's first row: values, column labels, column type names. */
  record Row(List<Object> values, List<String> labels, List<String> types) {
    Object value(int i) {
      return values.get(i);
    }
  }

  Row queryRow(String sql) throws SQLException {
    statement(sql);
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      List<Object> values = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      List<String> types = new ArrayList<>();
      if (!rs.next()) {
        throw new SQLException("no row from " + sql, "ORACL", 0);
      }
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        values.add(rs.getObject(i));
        labels.add(meta.getColumnLabel(i));
        types.add(meta.getColumnTypeName(i));
      }
      return new Row(values, labels, types);
    }
  }

  long queryLong(String sql) throws SQLException {
    Object value = queryRow(sql).value(0);
    return ((Number) value).longValue();
  }

  String queryString(String sql) throws SQLException {
    statement(sql);
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException("no row from " + sql, "ORACL", 0);
      }
      return rs.getString(1);
    }
  }

  int update(String sql) throws SQLException {
    statement(sql);
    try (Statement s = connection.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  void execute(String sql) throws SQLException {
    statement(sql);
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * Runs a statement MySQL must reject with {@code errorCode}; a violation if it succeeds or fails
   * otherwise.
   */
  void expectError(String sql, int errorCode) throws SQLException {
    statement(sql);
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
      violation("outcome", sql, "error " + errorCode, "success");
    } catch (SQLException e) {
      if (e.getErrorCode() != errorCode) {
        if (e.getErrorCode() == 0 || isConnectionLoss(e)) {
          throw e; // not MySQL's answer to this statement
        }
        violation("error code", sql, errorCode, e.getErrorCode() + " " + e.getMessage());
      } else {
        readsChecked++;
      }
    }
  }

  static boolean isConnectionLoss(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  // ---- comparisons ----

  /** Compares one result with the model. */
  void check(String what, String sql, Object expected, Object actual) {
    boolean equal =
        expected instanceof byte[] a && actual instanceof byte[] b
            ? Arrays.equals(a, b)
            : Objects.equals(expected, actual);
    if (equal) {
      readsChecked++;
    } else {
      violation(what, sql, expected, actual);
    }
  }

  void violation(String what, String sql, Object expected, Object actual) {
    violationCount++;
    if (violations.size() < keptViolations) {
      violations.add(
          new Violation(
              id,
              operation,
              family,
              what,
              sql,
              UserValue.Values.describe(expected),
              UserValue.Values.describe(actual)));
    }
  }

  private void error(Exception e) {
    StringBuilder message = new StringBuilder(e.toString());
    if (e instanceof RuntimeException) {
      StackTraceElement[] stack = e.getStackTrace();
      for (int i = 0; i < Math.min(6, stack.length); i++) {
        message.append(" at ").append(stack[i]);
      }
    }
    message.append(" (session ").append(id).append(" op ").append(operation).append(')');
    ErrorStat one =
        e instanceof SQLException sql
            ? new ErrorStat(sql.getSQLState(), sql.getErrorCode(), 1, message.toString(), lastSql)
            : new ErrorStat(e.getClass().getSimpleName(), 0, 1, message.toString(), lastSql);
    errors.merge(one.key(), one, ErrorStat::plus);
  }
}
