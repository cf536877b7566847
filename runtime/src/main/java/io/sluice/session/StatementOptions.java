package io.sluice.session;

import io.sluice.tablet.StatementDefaults;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The part of a logical statement that holds the JDBC options the application set on it (max
 * rows, query timeout, fetch size and direction, max field size, escape processing, poolable,
 * cursor name), with their JDBC getters and setters: applied to each physical statement that runs
 * it where they differ from what the driver gives a new statement, and what they mean for how
 * Connector/J reads its results (streaming, cursor fetch). {@link LogicalStatement} is the rest.
 *
 * <p>An invalid value gets the driver's own exception, from a physical statement.
 */
abstract class StatementOptions implements Statement {
  final Session session;
  final StatementShape shape;
  /**
   * What the driver gives every statement it creates, from the URL: fetch size and max rows
   * start there.
   */
  final StatementDefaults defaults;
  private long maxRows;
  private int queryTimeout;
  private int fetchSize;
  private int fetchDirection = ResultSet.FETCH_FORWARD;
  private int maxFieldSize;
  private boolean escapeProcessing = true;
  private boolean poolable;
  private String cursorName;

  StatementOptions(Session session, StatementShape shape) {
    this.session = session;
    this.shape = shape;
    this.defaults = session.tablet().statementDefaults();
    this.fetchSize = defaults.fetchSize();
    this.maxRows = defaults.maxRows();
  }

  /** Fails as the driver's statement does once it, or its connection, is closed. */
  abstract void ensureOpen() throws SQLException;

  // ------------------------------------------------------------------ JDBC

  @Override
  public int getMaxFieldSize() throws SQLException {
    ensureOpen();
    return maxFieldSize();
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    ensureOpen();
    maxFieldSize(max);
  }

  @Override
  public int getMaxRows() throws SQLException {
    return (int) getLargeMaxRows();
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    ensureOpen();
    return maxRows();
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    ensureOpen();
    maxRows(max);
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    ensureOpen();
    escapeProcessing(enable);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    ensureOpen();
    return queryTimeout();
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    ensureOpen();
    queryTimeout(seconds);
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    ensureOpen();
    cursorName(name);
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    ensureOpen();
    fetchDirection(direction);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    ensureOpen();
    return fetchDirection();
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    ensureOpen();
    fetchSize(rows);
  }

  @Override
  public int getFetchSize() throws SQLException {
    ensureOpen();
    return fetchSize();
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    ensureOpen();
    return shape.concurrency();
  }

  @Override
  public int getResultSetType() throws SQLException {
    ensureOpen();
    return shape.type();
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    ensureOpen();
    return shape.holdability();
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    ensureOpen();
    poolable(poolable);
  }

  @Override
  public boolean isPoolable() throws SQLException {
    ensureOpen();
    return poolable();
  }

  // ------------------------------------------------------------------ for executions

  int maxFieldSize() {
    return maxFieldSize;
  }

  void maxFieldSize(int max) throws SQLException {
    if (max < 0) {
      reproduce(s -> s.setMaxFieldSize(max));
    }
    maxFieldSize = max;
  }

  long maxRows() {
    return maxRows;
  }

  void maxRows(long max) throws SQLException {
    if (max < 0) {
      reproduce(s -> s.setLargeMaxRows(max));
    }
    maxRows = max;
  }

  void escapeProcessing(boolean enable) {
    escapeProcessing = enable;
  }

  int queryTimeout() {
    return queryTimeout;
  }

  void queryTimeout(int seconds) throws SQLException {
    if (seconds < 0) {
      reproduce(s -> s.setQueryTimeout(seconds));
    }
    queryTimeout = seconds;
  }

  void cursorName(String name) {
    cursorName = name;
  }

  int fetchDirection() {
    return fetchDirection;
  }

  void fetchDirection(int direction) throws SQLException {
    if (direction != ResultSet.FETCH_FORWARD
        && direction != ResultSet.FETCH_REVERSE
        && direction != ResultSet.FETCH_UNKNOWN) {
      reproduce(s -> s.setFetchDirection(direction));
    }
    fetchDirection = direction;
  }

  int fetchSize() {
    return fetchSize;
  }

  void fetchSize(int rows) throws SQLException {
    if (rows < 0 && rows != Integer.MIN_VALUE) {
      reproduce(s -> s.setFetchSize(rows));
    }
    fetchSize = rows;
  }

  boolean poolable() {
    return poolable;
  }

  void poolable(boolean poolable) {
    this.poolable = poolable;
  }

  /** Applies the options to a physical statement where they are not the driver's defaults. */
  void applyTo(Statement physical) throws SQLException {
    if (maxRows != defaults.maxRows()) {
      physical.setLargeMaxRows(maxRows);
    }
    if (queryTimeout != 0) {
      physical.setQueryTimeout(queryTimeout);
    }
    if (fetchSize != defaults.fetchSize()) {
      physical.setFetchSize(fetchSize);
    }
    if (fetchDirection != ResultSet.FETCH_FORWARD) {
      physical.setFetchDirection(fetchDirection);
    }
    if (maxFieldSize != 0) {
      physical.setMaxFieldSize(maxFieldSize);
    }
    if (!escapeProcessing) {
      physical.setEscapeProcessing(false);
    }
    if (cursorName != null) {
      physical.setCursorName(cursorName);
    }
  }

  /**
   * Whether a physical statement that ran this statement's executions can be put back as the
   * driver made it: the options {@link #asMade} does not reset are all at the driver's defaults.
   */
  boolean resettable() {
    return maxFieldSize == 0 && escapeProcessing && cursorName == null;
  }

  /**
   * Puts a physical statement that another execution (maybe another session's) used back as the
   * driver makes it, so that nothing that execution set reaches this one: parameters, batch,
   * warnings and the options {@link #applyTo} changes. Kept statements are only those whose other
   * options were left alone ({@link #resettable}).
   */
  void asMade(PreparedStatement kept) throws SQLException {
    kept.clearParameters();
    kept.clearBatch();
    kept.clearWarnings();
    kept.setLargeMaxRows(0); // the driver refuses a fetch size above max rows
    kept.setFetchSize(defaults.fetchSize());
    kept.setLargeMaxRows(defaults.maxRows());
    kept.setQueryTimeout(0);
    kept.setFetchDirection(ResultSet.FETCH_FORWARD);
  }

  /**
   * Connector/J enforces a query timeout with a {@code KILL QUERY} sent from a timer thread that
   * Sluice cannot see. If the statement ran for about as long as its timeout, that kill may
   * still arrive after the statement completed.
   */
  boolean timeoutMayHaveFired(long startedNanos) {
    return queryTimeout > 0
        && System.nanoTime() - startedNanos >= queryTimeout * 1_000_000_000L - 50_000_000L;
  }

  /**
   * Whether Connector/J reads a physical statement's rows through a server-side cursor (its
   * useServerFetch): a server-prepared statement, on which parse-time warnings are never reported.
   */
  boolean fetchesByCursor(Statement physical) throws SQLException {
    return defaults.cursorFetch()
        && physical.getFetchSize() > 0
        && physical.getResultSetType() == ResultSet.TYPE_FORWARD_ONLY
        && physical.getResultSetConcurrency() == ResultSet.CONCUR_READ_ONLY;
  }

  /**
   * Whether Connector/J runs a plain statement's execute or executeQuery with these options
   * through a server-side cursor (its useServerFetch).
   */
  boolean runsThroughCursor() {
    return defaults.cursorFetch() && fetchSize > 0 && shape.type() == ResultSet.TYPE_FORWARD_ONLY;
  }

  /** Whether Connector/J streams the statement's results. */
  boolean streams() {
    return streams(fetchSize, shape.type(), shape.concurrency());
  }

  /** Whether Connector/J streams a physical statement's results. */
  static boolean streams(Statement physical) throws SQLException {
    return streams(
        physical.getFetchSize(), physical.getResultSetType(), physical.getResultSetConcurrency());
  }

  /**
   * Connector/J's rule for streaming a statement's results: fetch size Integer.MIN_VALUE on a
   * forward-only, read-only statement.
   */
  private static boolean streams(int fetchSize, int type, int concurrency) {
    return fetchSize == Integer.MIN_VALUE
        && type == ResultSet.TYPE_FORWARD_ONLY
        && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  /** Whether the statement's results must stay on the server until the application closes them. */
  boolean holdsServerResult() {
    if (shape.concurrency() == ResultSet.CONCUR_UPDATABLE) {
      return true;
    }
    if (fetchSize == Integer.MIN_VALUE && shape.type() == ResultSet.TYPE_FORWARD_ONLY) {
      return true;
    }
    return fetchSize > 0 && defaults.cursorFetch();
  }

  /**
   * Whether a SHOW WARNINGS of Sluice's reads what the driver's own would: its statements buffer
   * by default. With a streaming or cursor default fetch size the driver runs a statement of its
   * own before (SET net_write_timeout, a prepare), which replaces the conditions, as it does for
   * the application's SHOW WARNINGS; there the driver's own read makes the chain, as before.
   */
  boolean readsBuffered() {
    return defaults.fetchSize() == 0;
  }

  /**
   * Calls a setter on a physical statement for the driver's own exception about an invalid
   * argument.
   */
  private void reproduce(Setter setter) throws SQLException {
    session.runOnPooled(c -> {
      try (Statement s = c.createStatement()) {
        setter.apply(s);
      }
    });
  }

  @FunctionalInterface
  private interface Setter {
    void apply(Statement physical) throws SQLException;
  }
}
