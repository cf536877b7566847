package io.sluice.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-value reads and plain statements that tests run on a connection, logical or physical. */
public final class Queries {
  private Queries() {}

  /** The first column of the first row of {@code sql}, as the driver's object; fails on no row. */
  public static Object value(Connection connection, String sql) throws SQLException {
    return first(connection, sql, rs -> rs.getObject(1));
  }

  /** The first column of the first row of {@code sql}, as a long; fails on no row. */
  public static long longValue(Connection connection, String sql) throws SQLException {
    return first(connection, sql, rs -> rs.getLong(1));
  }

  /** The first column of the first row of {@code sql}, as a string; fails on no row. */
  public static String text(Connection connection, String sql) throws SQLException {
    return first(connection, sql, rs -> rs.getString(1));
  }

  /** Reads a value of the current row. */
  @FunctionalInterface
  private interface Column<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> T first(Connection connection, String sql, Column<T> column)
      throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new AssertionError("no row from " + sql);
      }
      return column.read(rs);
    }
  }

  /** Runs {@code sql}, whatever it returns. */
  public static void run(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** {@link #value} on a root connection of {@code server}'s own, closed after. */
  public static Object rootValue(EmbeddedMysql server, String sql) throws SQLException {
    try (Connection root = server.rootConnection()) {
      return value(root, sql);
    }
  }

  /** {@link #longValue} on a root connection of {@code server}'s own, closed after. */
  public static long rootLong(EmbeddedMysql server, String sql) throws SQLException {
    try (Connection root = server.rootConnection()) {
      return longValue(root, sql);
    }
  }

  /**
   * {@link #run} of each statement in order on a root connection of {@code server}'s own, closed
   * after.
   */
  public static void rootRun(EmbeddedMysql server, String... sql) throws SQLException {
    try (Connection root = server.rootConnection()) {
      for (String each : sql) {
        run(root, each);
      }
    }
  }

  /** The server-wide status counter {@code name} ({@code SHOW GLOBAL STATUS}); fails on none. */
  public static long globalStatus(Connection connection, String name) throws SQLException {
    return first(connection, "SHOW GLOBAL STATUS LIKE '" + name + "'", rs -> rs.getLong(2));
  }

  private static final java.util.concurrent.atomic.AtomicLong PROBES =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * The MySQL thread id of the physical connection serving this statement. Not CONNECTION_ID(),
   * which a Sluice session answers with its own id: the statement finds itself in the process
   * list by a marker no other statement carries.
   */
  public static long connectionId(Connection connection) throws SQLException {
    return longValue(connection, physicalIdQuery());
  }

  /** A query whose one row and column is the MySQL thread id of the connection that runs it. */
  public static String physicalIdQuery() {
    return "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%physical id probe "
        + PROBES.incrementAndGet()
        + "-"
        + System.nanoTime()
        + "%'";
  }
}
