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

  /** Per Connector/J connection class, how to read its session-state tracker, or null. */
  private static final ClassValue<Tracker> TRACKERS =
      new ClassValue<>() {
        @Override
        protected Tracker computeValue(Class<?> type) {
          return Tracker.of(type);
        }
      };

  private DriverAccess() {}

  /**
   * Whether MySQL's session-state tracker reported, with the last response on this connection, a
   * change of session state: a user variable, a temporary table, a system variable or the schema
   * changed by the statement itself (a procedure, a trigger...). False when the driver or server
   * tracks nothing.
   */
  static boolean sessionStateChanged(java.sql.Connection physical) throws SQLException {
    java.sql.Connection driverConnection = physical.unwrap(java.sql.Connection.class);
    Tracker tracker = TRACKERS.get(driverConnection.getClass());
    return tracker != null && tracker.changed(driverConnection);
  }

  /**
   * Connector/J's {@code getServerSessionStateController().getSessionStateChanges()}, read through
   * its public interfaces (8.0.26 and later).
   */
  private record Tracker(MethodHandle controller, MethodHandle changes, MethodHandle list,
      MethodHandle type) {
    /** Tracker types: 0 system variable, 1 schema, 2 state change; 5 (transaction) is not. */
    private static final int LAST_STATE_TYPE = 2;

    static Tracker of(Class<?> connectionClass) {
      try {
        ClassLoader loader = connectionClass.getClassLoader();
        Class<?> controllerType =
            Class.forName("com.mysql.cj.protocol.ServerSessionStateController", false, loader);
        Class<?> changesType =
            Class.forName(
                "com.mysql.cj.protocol.ServerSessionStateController$ServerSessionStateChanges",
                false,
                loader);
        Class<?> changeType =
            Class.forName(
                "com.mysql.cj.protocol.ServerSessionStateController$SessionStateChange",
                false,
                loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        return new Tracker(
            lookup
                .findVirtual(
                    connectionClass,
                    "getServerSessionStateController",
                    MethodType.methodType(controllerType))
                .asType(MethodType.methodType(Object.class, java.sql.Connection.class)),
            lookup
                .findVirtual(controllerType, "getSessionStateChanges", MethodType.methodType(changesType))
                .asType(MethodType.methodType(Object.class, Object.class)),
            lookup
                .findVirtual(
                    changesType, "getSessionStateChangesList", MethodType.methodType(java.util.List.class))
                .asType(MethodType.methodType(java.util.List.class, Object.class)),
            lookup
                .findVirtual(changeType, "getType", MethodType.methodType(int.class))
                .asType(MethodType.methodType(int.class, Object.class)));
      } catch (ReflectiveOperationException | LinkageError e) {
        return null;
      }
    }

    boolean changed(java.sql.Connection driverConnection) throws SQLException {
      try {
        Object controller = (Object) this.controller.invokeExact(driverConnection);
        Object changes = controller == null ? null : (Object) this.changes.invokeExact(controller);
        if (changes == null) {
          return false;
        }
        for (Object change : (java.util.List<?>) list.invokeExact(changes)) {
          if ((int) type.invokeExact(change) <= LAST_STATE_TYPE) {
            return true;
          }
        }
        return false;
      } catch (SQLException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new SQLException(e);
      }
    }
  }

  /** Per driver statement class, whether it executes statements the server prepared. */
  private static final ClassValue<Boolean> SERVER_PREPARED =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getSimpleName().equals("ServerPreparedStatement")) {
              return true;
            }
          }
          return false;
        }
      };

  /**
   * Whether a physical statement is one the server prepared (Connector/J's {@code
   * ServerPreparedStatement}): MySQL raises parse-time warnings at its PREPARE, which the
   * driver does not report on the statement, never at its executions.
   */
  static boolean serverPrepared(Statement physical) throws SQLException {
    return SERVER_PREPARED.get(physical.unwrap(Statement.class).getClass());
  }

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
