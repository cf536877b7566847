package io.sluice.session;

import static io.sluice.session.Execution.updating;

import io.sluice.session.Execution.Body;
import io.sluice.session.Execution.Call;
import io.sluice.sql.StatementPlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Statement} the application holds. Each execution takes a physical connection from
 * its session, runs on a physical statement made the same way, and captures everything the
 * application may ask for afterwards (result sets, update counts, generated keys, warnings)
 * before the physical connection goes back. {@link SessionEntry#execute} runs it; this class
 * gives the JDBC call on the physical statement, {@link Execution} what an execution does and
 * captures.
 *
 * <p>Results that must stay on the server (streaming, cursor fetch, updatable result sets) keep
 * their physical statement, and a pooled connection, until the result set is closed.
 *
 * <p>A cancel, or a query timeout that may have fired, can leave a {@code KILL QUERY} on its way
 * to the physical connection: that connection is evicted, never handed to another session. A
 * transaction's connection stays with its transaction, which MySQL keeps open, until it ends.
 */
class LogicalStatement extends StatementOptions {
  private static final Logger log = LoggerFactory.getLogger(LogicalStatement.class);

  final LogicalConnection connection;
  private boolean closeOnCompletion;

  /** The physical statement {@link #unwrap} pinned on the reserved connection, or null. */
  private PinnedStatement pinned;

  /** The texts added for the next batch: none until the first addBatch. */
  private List<String> batch;
  final StatementWarnings warnings;
  final Execution execution;
  private boolean closed;

  LogicalStatement(LogicalConnection connection, StatementShape shape) {
    super(connection.session(), shape);
    this.connection = connection;
    this.warnings = new StatementWarnings(session, this);
    this.execution = new Execution(this);
  }

  // ------------------------------------------------------------------ execution

  /**
   * Readies one execution, which {@link SessionEntry#execute} runs on a physical connection of the
   * session and whose outcome it captures. A call that expects results or a count: Connector/J
   * judges that by the text's first keyword, which MariaDB's {@code SET STATEMENT ... FOR} prefix
   * would hide: where the call does not fit the statement, settings ride on the connection
   * instead, so that the driver sees, and rejects, the application's own text as it would
   * without Sluice.
   *
   * @return the execution, which the JDBC method hands to the session itself: no deeper a path
   */
  final Execution executionOf(
      String sql, StatementPlan plan, boolean wantKeys, Expect expect, Body body)
      throws SQLException {
    if (execution.batch == null) {
      beforeExecution(); // a batch's come under the session's lock, after what it reserves
    }
    return execution.of(sql, plan, wantKeys, expect, body);
  }

  /** Before an execution: the statement must be open, and the last one's outcome goes. */
  final void beforeExecution() throws SQLException {
    ensureOpen();
    discardResults();
  }

  /** A body for a plain statement: create it the application's way, then {@code call}. */
  private Body plain(Call call) {
    return (c, sql) -> call.apply(execution.start(physicalFor(c, sql)), sql);
  }

  /**
   * Called by an attached result set when the application closes it ({@link
   * Execution#attachedClosed}).
   */
  final void attachedClosed(
      Statement physical, Lease lease, StatementPlan plan, Diagnostics awaited, boolean evict)
      throws SQLException {
    SessionEntry.attachedClosed(session, execution, physical, lease, plan, awaited, evict);
    resultClosed();
  }

  /**
   * Called when one of this statement's result sets is closed: a statement set to {@link
   * #closeOnCompletion()} closes once none is left open.
   */
  final void resultClosed() throws SQLException {
    if (closeOnCompletion && !closed && execution.results.allClosed()) {
      close();
    }
  }

  /**
   * The physical statement for an execution on {@code c} with this text: the pinned one where it
   * was made on that connection for that text, else a new one.
   */
  @SuppressWarnings("unchecked")
  final <S extends Statement> S physicalFor(Connection c, String text) throws SQLException {
    Statement on = pinned != null ? pinned.on(c, madeFor(text)) : null;
    return (S) (on != null ? on : forExecution(c, text));
  }

  /** The physical statement for one execution: a new one, unless one is kept for it. */
  Statement forExecution(Connection c, String text) throws SQLException {
    return newPhysical(c, text);
  }

  /**
   * Keeps an execution's physical statement for later ones instead of closing it.
   *
   * @param evict whether its connection is being evicted
   * @return whether it was kept
   */
  boolean keep(Statement physical, boolean evict) {
    return false;
  }

  /** A new physical statement made the application's way; its text matters to a prepared one. */
  Statement newPhysical(Connection c, String text) throws SQLException {
    return shape.create(c);
  }

  /** The text a physical statement is made for: none for a plain statement. */
  String madeFor(String text) {
    return null;
  }

  /** Closes an execution's physical statement, unless it is the pinned one or is kept. */
  final void release(Statement physical, boolean evict) {
    if ((pinned == null || !pinned.is(physical)) && !keep(physical, evict)) {
      Execution.closeQuietly(physical);
    }
  }

  private void discardResults() throws SQLException {
    execution.discard(keepsWarnings());
  }

  @Override
  final void ensureOpen() throws SQLException {
    if (closed) {
      throw DriverErrors.statementClosed();
    }
    session.ensureOpenForStatement();
  }

  /**
   * The plan of a text. Several statements in one text, where the URL does not allow them, are a
   * syntax error on the server: such a text goes there as written, for the server to say so.
   */
  final StatementPlan plan(String sql) {
    StatementPlan plan = session.plans().plan(sql);
    return plan.has(StatementPlan.MULTI_STATEMENT) && !session.tablet().allowsMultiQueries()
        ? StatementPlan.rejected(plan)
        : plan;
  }

  /**
   * Whether the server parses the application's text as given to execute: not for a client-side
   * prepared statement, whose text the driver builds with the parameters' values.
   */
  boolean parsesAsSent() {
    return true;
  }

  // ------------------------------------------------------------------ Statement: execution

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    SessionEntry.execute(session, executionOf(sql, plan(sql), false, Expect.RESULTS, plain((s, text) -> {
      if (text != sql && Preflight.driverRefuses(session, Expect.RESULTS, text)) {
        // The application's text passed the driver's judge; Sluice's (MariaDB's SET STATEMENT
        // prefix...) would not.
        return s.execute(text);
      }
      return execution.queried(s, s.executeQuery(text));
    })));
    return execution.queryResult();
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return (int) executeLargeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return (int) executeLargeUpdate(sql, autoGeneratedKeys);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return (int) executeLargeUpdate(sql, columnIndexes);
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return (int) executeLargeUpdate(sql, columnNames);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return update(sql, false, updating((s, text) -> s.executeLargeUpdate(text)));
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return update(sql, autoGeneratedKeys == RETURN_GENERATED_KEYS,
        updating((s, text) -> s.executeLargeUpdate(text, autoGeneratedKeys)));
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return update(sql, true, updating((s, text) -> s.executeLargeUpdate(text, columnIndexes)));
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    return update(sql, true, updating((s, text) -> s.executeLargeUpdate(text, columnNames)));
  }

  /**
   * An update: the physical statement's count is read back from the captured outcome, where
   * Connector/J leaves it after {@code executeUpdate}.
   */
  private long update(String sql, boolean wantKeys, Call call) throws SQLException {
    SessionEntry.execute(session, executionOf(sql, plan(sql), wantKeys, Expect.COUNT, plain(call)));
    return execution.results.updateCount();
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return SessionEntry.execute(session, executionOf(sql, plan(sql), false, Expect.ANY, plain(Statement::execute)));
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return SessionEntry.execute(session, executionOf(sql, plan(sql), autoGeneratedKeys == RETURN_GENERATED_KEYS, Expect.ANY,
            plain((s, text) -> s.execute(text, autoGeneratedKeys))));
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return SessionEntry.execute(session, executionOf(
        sql, plan(sql), true, Expect.ANY, plain((s, text) -> s.execute(text, columnIndexes))));
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return SessionEntry.execute(session, executionOf(
        sql, plan(sql), true, Expect.ANY, plain((s, text) -> s.execute(text, columnNames))));
  }

  // ------------------------------------------------------------------ batches

  @Override
  public void addBatch(String sql) throws SQLException {
    ensureOpen();
    if (batch == null) {
      batch = new ArrayList<>();
    }
    batch.add(sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    ensureOpen();
    if (batch != null) {
      batch.clear();
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return Batch.narrow(executeLargeBatch());
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    ensureOpen();
    if (batch == null || batch.isEmpty()) {
      return new long[0];
    }
    List<StatementPlan> plans = new ArrayList<>(batch.size());
    for (String sql : batch) {
      plans.add(plan(sql));
    }
    List<String> statements = List.copyOf(batch);
    batch.clear();
    // Connector/J offers a plain statement's batch's generated keys unasked.
    return executeBatch(statements.get(0), plans, true, (c, ignored) -> {
      Statement physical = execution.start(physicalFor(c, null));
      for (int i = 0; i < statements.size(); i++) {
        StatementPlan each = plans.get(i);
        physical.addBatch(each.needsRewrite() ? each.rewrite(session) : statements.get(i));
      }
      return runBatch(physical);
    });
  }

  /** Executes the batch added to the execution's physical statement, for its capture. */
  final boolean runBatch(Statement physical) throws SQLException {
    execution.batchCounts = physical.executeLargeBatch();
    return false;
  }

  /**
   * Runs a batch as one execution ({@link Batch}).
   *
   * @param wantKeys whether the batch's generated keys are offered afterwards
   * @return the batch's update counts
   */
  final long[] executeBatch(String first, List<StatementPlan> plans, boolean wantKeys, Body body)
      throws SQLException {
    Batch batch = new Batch(plans);
    execution.batch(batch);
    SessionEntry.execute(session, executionOf(first, batch.plan, wantKeys, Expect.ANY, body));
    return execution.batchCounts;
  }

  // ------------------------------------------------------------------ outcome

  @Override
  public ResultSet getResultSet() throws SQLException {
    ensureOpen();
    return execution.results.resultSet();
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return (int) getLargeUpdateCount();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    ensureOpen();
    return execution.results.updateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return getMoreResults(CLOSE_CURRENT_RESULT);
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    ensureOpen();
    return execution.results.next(current);
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    ensureOpen();
    return execution.generatedKeys();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    ensureOpen();
    return warnings.get();
  }

  @Override
  public void clearWarnings() throws SQLException {
    ensureOpen();
    warnings.clear();
  }

  /**
   * Whether executions keep the warnings fetched before them: a plain statement of Connector/J
   * before 8.3.0 cleared its chain only on clearWarnings() (its Bug#112195).
   */
  boolean keepsWarnings() {
    return session.tablet().statementsKeepWarnings();
  }

  // ------------------------------------------------------------------ cancel and close

  /**
   * Sends the cancel to the physical statement that is executing, if any. The execution waits
   * for this call to finish before its physical connection can be handed on, and evicts it.
   */
  @Override
  public void cancel() throws SQLException {
    ensureOpen();
    execution.cancellation.interrupt(Statement::cancel);
  }

  /**
   * Kills the query (or, with {@code connection}, the connection) of the physical statement that
   * is executing, if any ({@link Cancellation#kill}).
   *
   * @return whether a statement was executing
   */
  final boolean killRunning(boolean connection) throws SQLException {
    return execution.cancellation.kill(session.tablet(), connection);
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    try {
      discardResults();
    } finally {
      closed = true;
      if (pinned != null) {
        pinned.close();
      }
      connection.forget(this);
    }
  }

  /** Closes on the connection's behalf, without failing the connection's close. */
  final void closeQuietly() {
    try {
      close();
    } catch (SQLException e) {
      log.debug("closing a statement failed: {}", e.toString());
    }
  }

  @Override
  public boolean isClosed() {
    return closed || session.isClosed(); // Connector/J closes a closed connection's statements
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    ensureOpen();
    closeOnCompletion = true;
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    ensureOpen();
    return closeOnCompletion;
  }

  @Override
  public Connection getConnection() throws SQLException {
    ensureOpen();
    return connection;
  }

  // ------------------------------------------------------------------ wrapper

  /**
   * Unwraps to what the driver's statement is, as a direct connection would: to a driver type,
   * the physical statement is pinned on the session's reserved connection ({@link
   * PinnedStatement}).
   */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (closed || !isWrapperFor(iface)) {
      // The driver's own refusal, or its closed statement (it unwraps one as it is).
      return PinnedStatement.onPooled(this, s -> s.unwrap(iface));
    }
    if (pinned == null) {
      pinned = new PinnedStatement(this);
    }
    return pinned.unwrap(iface);
  }

  /** The text a statement pinned on the reserved connection is prepared with: none here. */
  String pinnedTextOn() {
    return null;
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || PinnedStatement.onPooled(this, s -> s.isWrapperFor(iface));
  }
}
