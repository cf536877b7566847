package io.sluice.session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.SQLException;

/**
 * Connector/J's own verdict on whether {@code executeQuery} or {@code executeUpdate} accepts a
 * text, asked of the application's driver ({@code com.mysql.cj.QueryInfo.getQueryReturnType}, the
 * judge of every version from 8.0.30 on), so that a session refuses exactly what that driver
 * refuses, before anything runs. The verdict changes between versions (9.5 and 9.6 refuse {@code
 * executeQuery} of any text holding {@code INTO}, even {@code @into_x}), and Sluice's rewriting
 * changes the text: the application's own text is judged, and a rewritten text the driver would
 * judge otherwise runs through {@code execute}.
 */
final class DriverVerdicts {
  private static final DriverVerdicts NONE = new DriverVerdicts(null, null, null, null, null);

  private static final ClassValue<DriverVerdicts> BY_DRIVER =
      new ClassValue<>() {
        @Override
        protected DriverVerdicts computeValue(Class<?> driverClass) {
          return of(driverClass.getClassLoader());
        }
      };

  /** {@code (String sql, boolean noBackslashEscapes) -> QueryReturnType}, or null. */
  private final MethodHandle returnType;
  /** {@code (String sql, boolean noBackslashEscapes) -> boolean}, or null. */
  private final MethodHandle readOnlySafe;
  /** The driver's messages for a refused executeQuery, and executeUpdate of each statement kind. */
  private final String queryRefused;
  private final String updateRefused;
  private final String preparedUpdateRefused;

  private DriverVerdicts(
      MethodHandle returnType,
      MethodHandle readOnlySafe,
      String queryRefused,
      String updateRefused,
      String preparedUpdateRefused) {
    this.returnType = returnType;
    this.readOnlySafe = readOnlySafe;
    this.queryRefused = queryRefused;
    this.updateRefused = updateRefused;
    this.preparedUpdateRefused = preparedUpdateRefused;
  }

  /** The verdicts of the driver whose class this is; none (all accepted) where it has no judge. */
  static DriverVerdicts of(Class<?> driverClass) {
    return BY_DRIVER.get(driverClass);
  }

  private static DriverVerdicts of(ClassLoader loader) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> queryInfo = Class.forName("com.mysql.cj.QueryInfo", false, loader);
      Class<?> type = Class.forName("com.mysql.cj.QueryReturnType", false, loader);
      MethodHandle message =
          lookup.findStatic(
              Class.forName("com.mysql.cj.Messages", false, loader),
              "getString",
              MethodType.methodType(String.class, String.class));
      return new DriverVerdicts(
          lookup.findStatic(
              queryInfo,
              "getQueryReturnType",
              MethodType.methodType(type, String.class, boolean.class)),
          lookup.findStatic(
              queryInfo,
              "isReadOnlySafeQuery",
              MethodType.methodType(boolean.class, String.class, boolean.class)),
          (String) message.invoke("Statement.57"),
          (String) message.invoke("Statement.46"),
          (String) message.invoke("PreparedStatement.37"));
    } catch (Throwable e) {
      return NONE; // the driver judges the text it is given, as it did before 8.0.30
    }
  }

  /**
   * Whether the driver refuses {@code sql} for this kind of call. Never for a text with JDBC
   * escapes ({@code {call ...}}), which the driver judges only once it has rewritten them.
   */
  boolean refuses(Expect expect, String sql, boolean noBackslashEscapes) throws SQLException {
    if (expect == Expect.ANY || returnType == null || sql.indexOf('{') >= 0) {
      return false;
    }
    String verdict;
    try {
      verdict = ((Enum<?>) returnType.invoke(sql, noBackslashEscapes)).name();
    } catch (Throwable e) {
      throw new SQLException("Sluice cannot ask Connector/J how it judges a statement", "S1000", e);
    }
    boolean results = verdict.equals("PRODUCES_RESULT_SET");
    return expect == Expect.RESULTS
        ? !results && !verdict.equals("MAY_PRODUCE_RESULT_SET")
        : results;
  }

  /**
   * Whether the driver's {@code execute} of {@code sql} first asks the server whether the
   * transaction is read-only ({@code SELECT @@session.transaction_read_only}, unless it keeps its
   * own view of that): every text but those its {@code QueryInfo.isReadOnlySafeQuery} lets
   * through, a data change or DDL. The question is a one-row SELECT, so FOUND_ROWS() is 1 after
   * it. Never for a driver without that judge (before 8.0.27), which is not supported.
   */
  boolean asksReadOnly(String sql, boolean noBackslashEscapes) throws SQLException {
    if (readOnlySafe == null) {
      return false;
    }
    try {
      return !(boolean) readOnlySafe.invoke(sql, noBackslashEscapes);
    } catch (Throwable e) {
      throw new SQLException("Sluice cannot ask Connector/J how it judges a statement", "S1000", e);
    }
  }

  /**
   * The driver's own exception for a call it refuses: its message and SQLState.
   *
   * @param prepared whether the call is a PreparedStatement's, whose executeUpdate words it
   *     otherwise
   */
  SQLException refusal(Expect expect, boolean prepared) {
    return expect == Expect.RESULTS
        ? new SQLException(queryRefused, "S1009")
        : new SQLException(prepared ? preparedUpdateRefused : updateRefused, "01S03");
  }
}
