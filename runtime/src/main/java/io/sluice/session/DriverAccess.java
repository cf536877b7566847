package io.sluice.session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The few Connector/J methods outside the JDBC API that Sluice reads, reached by method handles
 * through the driver's own loader: the runtime does not compile against Connector/J.
 */
final class DriverAccess {
  private static final ClassValue<MethodHandle> LAST_INSERT_ID =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          try {
            // Typed (Statement)long once, so each call is an invokeExact, not a generic invoke.
            return MethodHandles.publicLookup()
                .findVirtual(type, "getLastInsertID", MethodType.methodType(long.class))
                .asType(MethodType.methodType(long.class, Statement.class));
          } catch (ReflectiveOperationException e) {
            return null;
          }
        }
      };

  private DriverAccess() {}

  /**
   * The insert id of the OK packet of the last statement a physical statement ran, as
   * Connector/J's {@code getLastInsertID()} reports it: 0 when the statement generated none, -1
   * when the driver has none to report (a result set, or results already drained).
   */
  static long lastInsertId(Statement physical) throws SQLException {
    Statement driverStatement = physical.unwrap(Statement.class);
    MethodHandle getter = LAST_INSERT_ID.get(driverStatement.getClass());
    if (getter == null) {
      // Tablets open only for drivers that have it (DriverUrl checks): never answer a guess.
      throw new SQLException(
          "Sluice cannot read the insert id of " + driverStatement.getClass().getName(), "S1000");
    }
    try {
      return (long) getter.invokeExact(driverStatement);
    } catch (SQLException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new SQLException(e);
    }
  }
}
