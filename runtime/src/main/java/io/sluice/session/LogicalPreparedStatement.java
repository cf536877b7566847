package io.sluice.session;

import io.sluice.session.Execution.Body;
import io.sluice.session.Execution.Call;
import io.sluice.sql.SqlClassifier;
import io.sluice.sql.StatementPlan;
import io.sluice.tablet.ServerStatements;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * The {@link PreparedStatement} the application holds. Parameters are recorded as the calls that
 * set them and replayed on the physical prepared statement of each execution. A statement the
 * server prepared is kept on its connection for the next execution of the same text there,
 * whichever session it serves ({@link ServerStatements}); a client-side one is made anew, from
 * Connector/J's parse cache.
 */
final class LogicalPreparedStatement extends LogicalStatement implements PreparedStatement {
  private final String sql;
  private final StatementPlan plan;
  private Binder[] parameters = new Binder[8];
  /** The parameters added for the next batch: none until the first addBatch. */
  private List<Binder[]> batches;
  /** The kept server statement the execution under way took, its driver connection and key. */
  private PreparedStatement taken;
  private Connection takenOn;
  private ServerStatements.Key takenAs;

  LogicalPreparedStatement(LogicalConnection connection, StatementShape shape, String sql) {
    super(connection, shape);
    this.sql = sql;
    this.plan = plan(sql);
  }

  /** One recorded parameter-setting call, replayed on a physical statement. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement physical) throws SQLException;
  }

  private void set(int index, Binder binder) throws SQLException {
    ensureOpen();
    if (index < 1) {
      reproduceOnPhysical(binder::bind); // Connector/J's own error for an index out of range
      throw new SQLException("Parameter index out of range (" + index + " < 1 ).", "S1009");
    }
    if (index > parameters.length) {
      parameters = Arrays.copyOf(parameters, Math.max(index, parameters.length * 2));
    }
    parameters[index - 1] = binder;
  }

  private static void bindAll(Binder[] binders, PreparedStatement physical) throws SQLException {
    for (Binder binder : binders) {
      if (binder != null) {
        binder.bind(physical);
      }
    }
  }

  private Body prepared(Call call) {
    Binder[] binders = parameters.clone();
    return (c, text) -> {
      PreparedStatement physical = execution.start(physicalFor(c, text));
      bindAll(binders, physical);
      return call.apply(physical, text);
    };
  }

  /** Runs a call on a physical prepared statement with the current parameters, on any connection. */
  private <T> T reproduceOnPhysical(PreparedCall<T> call) throws SQLException {
    Binder[] binders = parameters.clone();
    return SessionEntry.onMetadataConnection(session, c -> {
      try (PreparedStatement physical = shape.prepare(c, sql)) {
        bindAll(binders, physical);
        return call.apply(physical);
      }
    });
  }

  @FunctionalInterface
  private interface PreparedCall<T> {
    T apply(PreparedStatement physical) throws SQLException;
  }

  private interface PreparedVoid {
    void apply(PreparedStatement physical) throws SQLException;
  }

  private void reproduceOnPhysical(PreparedVoid call) throws SQLException {
    reproduceOnPhysical(ps -> {
      call.apply(ps);
      return null;
    });
  }

  // ------------------------------------------------------------------ execution

  /**
   * Runs one execution: as prepared, or, where a renamed select-list item holds a {@code ?} and the
   * driver prepares client-side, as the text the driver would send (planned afresh: MySQL names
   * that item's column after the parameter's literal there).
   */
  private boolean run(boolean wantKeys, Expect expect, Call call) throws SQLException {
    String sent =
        plan.has(StatementPlan.PLACEHOLDER_IN_RENAMED_ITEM)
            ? reproduceOnPhysical((PreparedCall<String>) ps -> DriverAccess.clientSideText(ps, sql))
            : null;
    if (sent == null) {
      return SessionEntry.execute(session, executionOf(sql, plan, wantKeys, expect, prepared(call)));
    }
    return SessionEntry.execute(session, executionOf(
            sent,
            SqlClassifier.classify(sent, session.plans().mode()),
            wantKeys,
            expect,
            (c, text) -> call.apply(execution.start(physicalFor(c, text)), text)));
  }

  /** The driver sends its own text for the statement (parameters inline, or prepared apart). */
  @Override
  boolean parsesAsSent() {
    return false;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    run(false, Expect.RESULTS, (ps, text) -> {
      if (text != sql && Preflight.driverRefuses(session, Expect.RESULTS, text)) {
        return ((PreparedStatement) ps).execute(); // see LogicalStatement.executeQuery
      }
      return execution.queried(ps, ((PreparedStatement) ps).executeQuery());
    });
    return execution.queryResult();
  }

  @Override
  public int executeUpdate() throws SQLException {
    return (int) executeLargeUpdate();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    run(shape.wantsKeys(), Expect.COUNT, (ps, text) -> {
      ((PreparedStatement) ps).executeLargeUpdate();
      return false;
    });
    return getLargeUpdateCount();
  }

  @Override
  public boolean execute() throws SQLException {
    return run(shape.wantsKeys(), Expect.ANY, (ps, text) -> ((PreparedStatement) ps).execute());
  }

  @Override
  public void addBatch() throws SQLException {
    ensureOpen();
    if (batches == null) {
      batches = new ArrayList<>();
    }
    batches.add(parameters.clone());
  }

  @Override
  public void clearBatch() throws SQLException {
    ensureOpen();
    if (batches != null) {
      batches.clear();
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    return Batch.narrow(executeLargeBatch());
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    ensureOpen();
    if (batches == null || batches.isEmpty()) {
      return new long[0];
    }
    List<Binder[]> rows = List.copyOf(batches);
    batches.clear();
    return executeBatch(sql, List.of(plan), shape.wantsKeys(), (c, text) -> {
      PreparedStatement physical = execution.start(physicalFor(c, text));
      for (Binder[] row : rows) {
        bindAll(row, physical);
        physical.addBatch();
      }
      return runBatch(physical);
    });
  }

  @Override
  public void clearParameters() throws SQLException {
    ensureOpen();
    Arrays.fill(parameters, null);
  }

  /**
   * The result's metadata, from a physical statement prepared for it (Connector/J may run the
   * query to learn it). Connector/J's metadata object holds no connection.
   */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    ensureOpen();
    return reproduceOnPhysical(PreparedStatement::getMetaData);
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    ensureOpen();
    return reproduceOnPhysical(PreparedStatement::getParameterMetaData);
  }

  // ------------------------------------------------------------------ parameters

  @Override
  public void setNull(int i, int sqlType) throws SQLException {
    set(i, ps -> ps.setNull(i, sqlType));
  }

  @Override
  public void setNull(int i, int sqlType, String typeName) throws SQLException {
    set(i, ps -> ps.setNull(i, sqlType, typeName));
  }

  @Override
  public void setBoolean(int i, boolean x) throws SQLException {
    set(i, ps -> ps.setBoolean(i, x));
  }

  @Override
  public void setByte(int i, byte x) throws SQLException {
    set(i, ps -> ps.setByte(i, x));
  }

  @Override
  public void setShort(int i, short x) throws SQLException {
    set(i, ps -> ps.setShort(i, x));
  }

  @Override
  public void setInt(int i, int x) throws SQLException {
    set(i, ps -> ps.setInt(i, x));
  }

  @Override
  public void setLong(int i, long x) throws SQLException {
    set(i, ps -> ps.setLong(i, x));
  }

  @Override
  public void setFloat(int i, float x) throws SQLException {
    set(i, ps -> ps.setFloat(i, x));
  }

  @Override
  public void setDouble(int i, double x) throws SQLException {
    set(i, ps -> ps.setDouble(i, x));
  }

  @Override
  public void setBigDecimal(int i, BigDecimal x) throws SQLException {
    set(i, ps -> ps.setBigDecimal(i, x));
  }

  @Override
  public void setString(int i, String x) throws SQLException {
    set(i, ps -> ps.setString(i, x));
  }

  @Override
  public void setNString(int i, String x) throws SQLException {
    set(i, ps -> ps.setNString(i, x));
  }

  @Override
  public void setBytes(int i, byte[] x) throws SQLException {
    set(i, ps -> ps.setBytes(i, x));
  }

  @Override
  public void setDate(int i, Date x) throws SQLException {
    set(i, ps -> ps.setDate(i, x));
  }

  @Override
  public void setDate(int i, Date x, Calendar cal) throws SQLException {
    set(i, ps -> ps.setDate(i, x, cal));
  }

  @Override
  public void setTime(int i, Time x) throws SQLException {
    set(i, ps -> ps.setTime(i, x));
  }

  @Override
  public void setTime(int i, Time x, Calendar cal) throws SQLException {
    set(i, ps -> ps.setTime(i, x, cal));
  }

  @Override
  public void setTimestamp(int i, Timestamp x) throws SQLException {
    set(i, ps -> ps.setTimestamp(i, x));
  }

  @Override
  public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException {
    set(i, ps -> ps.setTimestamp(i, x, cal));
  }

  @Override
  public void setObject(int i, Object x) throws SQLException {
    set(i, ps -> ps.setObject(i, x));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType) throws SQLException {
    set(i, ps -> ps.setObject(i, x, targetSqlType));
  }

  @Override
  public void setObject(int i, Object x, int targetSqlType, int scale) throws SQLException {
    set(i, ps -> ps.setObject(i, x, targetSqlType, scale));
  }

  @Override
  public void setObject(int i, Object x, SQLType targetSqlType) throws SQLException {
    set(i, ps -> ps.setObject(i, x, targetSqlType));
  }

  @Override
  public void setObject(int i, Object x, SQLType targetSqlType, int scale) throws SQLException {
    set(i, ps -> ps.setObject(i, x, targetSqlType, scale));
  }

  @Override
  public void setAsciiStream(int i, InputStream x) throws SQLException {
    set(i, ps -> ps.setAsciiStream(i, x));
  }

  @Override
  public void setAsciiStream(int i, InputStream x, int length) throws SQLException {
    set(i, ps -> ps.setAsciiStream(i, x, length));
  }

  @Override
  public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
    set(i, ps -> ps.setAsciiStream(i, x, length));
  }

  @Override
  @Deprecated
  public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
    set(i, ps -> ps.setUnicodeStream(i, x, length));
  }

  @Override
  public void setBinaryStream(int i, InputStream x) throws SQLException {
    set(i, ps -> ps.setBinaryStream(i, x));
  }

  @Override
  public void setBinaryStream(int i, InputStream x, int length) throws SQLException {
    set(i, ps -> ps.setBinaryStream(i, x, length));
  }

  @Override
  public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
    set(i, ps -> ps.setBinaryStream(i, x, length));
  }

  @Override
  public void setCharacterStream(int i, Reader x) throws SQLException {
    set(i, ps -> ps.setCharacterStream(i, x));
  }

  @Override
  public void setCharacterStream(int i, Reader x, int length) throws SQLException {
    set(i, ps -> ps.setCharacterStream(i, x, length));
  }

  @Override
  public void setCharacterStream(int i, Reader x, long length) throws SQLException {
    set(i, ps -> ps.setCharacterStream(i, x, length));
  }

  @Override
  public void setNCharacterStream(int i, Reader x) throws SQLException {
    set(i, ps -> ps.setNCharacterStream(i, x));
  }

  @Override
  public void setNCharacterStream(int i, Reader x, long length) throws SQLException {
    set(i, ps -> ps.setNCharacterStream(i, x, length));
  }

  @Override
  public void setBlob(int i, Blob x) throws SQLException {
    set(i, ps -> ps.setBlob(i, x));
  }

  @Override
  public void setBlob(int i, InputStream x) throws SQLException {
    set(i, ps -> ps.setBlob(i, x));
  }

  @Override
  public void setBlob(int i, InputStream x, long length) throws SQLException {
    set(i, ps -> ps.setBlob(i, x, length));
  }

  @Override
  public void setClob(int i, Clob x) throws SQLException {
    set(i, ps -> ps.setClob(i, x));
  }

  @Override
  public void setClob(int i, Reader x) throws SQLException {
    set(i, ps -> ps.setClob(i, x));
  }

  @Override
  public void setClob(int i, Reader x, long length) throws SQLException {
    set(i, ps -> ps.setClob(i, x, length));
  }

  @Override
  public void setNClob(int i, NClob x) throws SQLException {
    set(i, ps -> ps.setNClob(i, x));
  }

  @Override
  public void setNClob(int i, Reader x) throws SQLException {
    set(i, ps -> ps.setNClob(i, x));
  }

  @Override
  public void setNClob(int i, Reader x, long length) throws SQLException {
    set(i, ps -> ps.setNClob(i, x, length));
  }

  @Override
  public void setRef(int i, Ref x) throws SQLException {
    set(i, ps -> ps.setRef(i, x));
  }

  @Override
  public void setArray(int i, Array x) throws SQLException {
    set(i, ps -> ps.setArray(i, x));
  }

  @Override
  public void setURL(int i, URL x) throws SQLException {
    set(i, ps -> ps.setURL(i, x));
  }

  @Override
  public void setRowId(int i, RowId x) throws SQLException {
    set(i, ps -> ps.setRowId(i, x));
  }

  @Override
  public void setSQLXML(int i, SQLXML x) throws SQLException {
    set(i, ps -> ps.setSQLXML(i, x));
  }

  /** Connector/J's prepared statements clear their warnings at each execution. */
  @Override
  boolean keepsWarnings() {
    return false;
  }

  @Override
  Statement newPhysical(Connection c, String text) throws SQLException {
    return shape.prepare(c, text);
  }

  /**
   * A server statement kept on the connection for this text, made the same way and under the same
   * settings and database, put back as the driver makes it; else a new one, kept afterwards if the
   * server prepared it. Kept ones are made on the driver's connection: a pool's proxy closes the
   * statements made through it when the connection goes back.
   */
  @Override
  Statement forExecution(Connection c, String text) throws SQLException {
    ServerStatements kept = session.tablet().serverStatements();
    if (kept == null
        || execution.leased == null
        || shape.keyIndexes() != null
        || shape.keyNames() != null
        || !kept.keeps(text)
        || !resettable()) {
      return newPhysical(c, text);
    }
    Connection driver = c.unwrap(Connection.class);
    String database = driver.getCatalog();
    ServerStatements.Key key =
        new ServerStatements.Key(
            database != null ? database : driver.getSchema(),
            execution.leased.applied,
            text,
            shape.type(),
            shape.concurrency(),
            shape.holdability(),
            shape.autoGeneratedKeys());
    PreparedStatement statement = kept.take(driver, key);
    if (statement == null) {
      statement = shape.prepare(driver, text);
      if (!DriverAccess.serverPrepared(statement)) {
        return statement; // MySQL refused to prepare it: tried again next time, as the driver does
      }
    } else {
      try {
        asMade(statement);
      } catch (SQLException | RuntimeException e) {
        Execution.closeQuietly(statement);
        throw e;
      }
    }
    taken = statement;
    takenOn = driver;
    takenAs = key;
    return statement;
  }

  /**
   * Puts the execution's server statement back on its connection, unless that is evicted or the
   * statement read its rows through a cursor: Connector/J 9.1.0 fails the next execution of one
   * without (an ArrayIndexOutOfBoundsException reading its rows, on a direct connection too,
   * measured on MySQL 8.0.31), which must not reach another session.
   */
  @Override
  boolean keep(Statement physical, boolean evict) {
    if (taken == null || physical != taken) {
      return false;
    }
    PreparedStatement statement = taken;
    taken = null;
    try {
      if (evict
          || statement.isClosed()
          || !resettable()
          || fetchesByCursor(statement)) {
        return false;
      }
    } catch (SQLException e) {
      return false;
    }
    session.tablet().serverStatements().give(takenOn, takenAs, statement);
    return true;
  }

  @Override
  String madeFor(String text) {
    return text;
  }

  /** As an execution on the reserved connection sends it (user variables stay reads there). */
  @Override
  String pinnedTextOn() {
    return plan.rewrite(session);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + ": " + plan.digest();
  }
}
