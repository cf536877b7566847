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
      longGetter("getLastInsertID");

  /** A connection's MySQL thread id: {@code MysqlConnection.getId()}. */
  private static final ClassValue<MethodHandle> THREAD_ID =
      longGetter("getId");

  /** Per class, its public {@code long name()} typed {@code (Object)long}, or null. */
  private static ClassValue<MethodHandle> longGetter(String name) {
    return new ClassValue<>() {
      @Override
      protected MethodHandle computeValue(Class<?> type) {
        try {
          // Typed once, so each call is an invokeExact, not a generic invoke.
          return MethodHandles.publicLookup()
              .findVirtual(type, name, MethodType.methodType(long.class))
              .asType(MethodType.methodType(long.class, Object.class));
        } catch (ReflectiveOperationException e) {
          return null;
        }
      }
    };
  }

  /** Per Connector/J connection class, how to read its session-state tracker, or null. */
  private static final ClassValue<Tracker> TRACKERS =
      new ClassValue<>() {
        @Override
        protected Tracker computeValue(Class<?> type) {
          return Tracker.of(type);
        }
      };

  /**
   * Per prepared statement class, how to build the COM_QUERY packet it would send, or null for a
   * server-side prepared statement (it sends the placeholders) or a driver without it.
   */
  private static final ClassValue<MethodHandle[]> SEND_PACKET =
      new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
          try {
            ClassLoader loader = type.getClassLoader();
            if (Class.forName("com.mysql.cj.jdbc.ServerPreparedStatement", false, loader)
                .isAssignableFrom(type)) {
              return null;
            }
            Class<?> query = Class.forName("com.mysql.cj.Query", false, loader);
            Class<?> prepared = Class.forName("com.mysql.cj.PreparedQuery", false, loader);
            Class<?> bindings = Class.forName("com.mysql.cj.QueryBindings", false, loader);
            Class<?> message = Class.forName("com.mysql.cj.protocol.Message", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new MethodHandle[] {
              // getQuery(): (PreparedStatement)Object
              lookup
                  .findVirtual(type, "getQuery", MethodType.methodType(query))
                  .asType(MethodType.methodType(Object.class, java.sql.PreparedStatement.class)),
              // getQueryBindings(): (Object)Object
              lookup
                  .findVirtual(prepared, "getQueryBindings", MethodType.methodType(bindings))
                  .asType(MethodType.methodType(Object.class, Object.class)),
              // fillSendPacket(bindings): (Object, Object)Object
              lookup
                  .findVirtual(prepared, "fillSendPacket", MethodType.methodType(message, bindings))
                  .asType(MethodType.methodType(Object.class, Object.class, Object.class)),
              // getByteBuffer(), getPosition()
              lookup
                  .findVirtual(message, "getByteBuffer", MethodType.methodType(byte[].class))
                  .asType(MethodType.methodType(byte[].class, Object.class)),
              lookup
                  .findVirtual(message, "getPosition", MethodType.methodType(int.class))
                  .asType(MethodType.methodType(int.class, Object.class))
            };
          } catch (ReflectiveOperationException | LinkageError e) {
            return null;
          }
        }
      };

  private static final byte COM_QUERY = 3;

  private DriverAccess() {}

  /**
   * The text a client-side prepared statement would send to MySQL with its parameters bound: the
   * COM_QUERY packet Connector/J builds from its bindings ({@code fillSendPacket}, 8.0 to 9.7),
   * read as UTF-8 (the default {@code characterEncoding}). Null for a server-side prepared
   * statement, a driver without it, query attributes, or a text that does not read back as the
   * application's around its parameters (another encoding).
   *
   * @param sql the application's text, which the sent text must begin and end like
   */
  static String clientSideText(java.sql.PreparedStatement physical, String sql)
      throws SQLException {
    java.sql.PreparedStatement driverStatement = physical.unwrap(java.sql.PreparedStatement.class);
    MethodHandle[] handles = SEND_PACKET.get(driverStatement.getClass());
    if (handles == null) {
      return null;
    }
    try {
      Object query = (Object) handles[0].invokeExact(driverStatement);
      Object packet =
          (Object) handles[2].invokeExact(query, (Object) handles[1].invokeExact(query));
      byte[] bytes = (byte[]) handles[3].invokeExact(packet);
      int length = (int) handles[4].invokeExact(packet);
      if (length < 2 || bytes[0] != COM_QUERY) {
        return null;
      }
      // COM_QUERY, then (servers with query attributes) 0 attributes in 1 set.
      int from = length > 2 && bytes[1] == 0 && bytes[2] == 1 ? 3 : 1;
      String text = new String(bytes, from, length - from, java.nio.charset.StandardCharsets.UTF_8);
      int first = sql.indexOf('?');
      int last = sql.lastIndexOf('?');
      boolean readsBack =
          first >= 0
              && text.startsWith(sql.substring(0, first))
              && text.endsWith(sql.substring(last + 1))
              && text.indexOf('\uFFFD') < 0;
      return readsBack ? text : null;
    } catch (SQLException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new SQLException(e);
    }
  }

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

  /**
   * Per Connector/J connection class, {@code getSession().getProtocol().getWarningCount()} as
   * three handles, or null for a driver without them.
   */
  private static final ClassValue<MethodHandle[]> WARNING_COUNT =
      new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
          try {
            ClassLoader loader = type.getClassLoader();
            Class<?> connection = Class.forName("com.mysql.cj.MysqlConnection", false, loader);
            Class<?> session = Class.forName("com.mysql.cj.NativeSession", false, loader);
            Class<?> protocol =
                Class.forName("com.mysql.cj.protocol.a.NativeProtocol", false, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new MethodHandle[] {
              lookup
                  .findVirtual(connection, "getSession",
                      MethodType.methodType(Class.forName("com.mysql.cj.Session", false, loader)))
                  .asType(MethodType.methodType(Object.class, java.sql.Connection.class)),
              lookup
                  .findVirtual(session, "getProtocol", MethodType.methodType(protocol))
                  .asType(MethodType.methodType(Object.class, Object.class)),
              lookup
                  .findVirtual(protocol, "getWarningCount", MethodType.methodType(int.class))
                  .asType(MethodType.methodType(int.class, Object.class))
            };
          } catch (ReflectiveOperationException | LinkageError e) {
            return null;
          }
        }
      };

  /**
   * The warning count of the last OK or EOF packet the connection received, which Connector/J
   * keeps to decide whether {@code Statement.getWarnings()} runs SHOW WARNINGS: -1 where the
   * driver does not tell.
   */
  static int warningCount(java.sql.Connection physical) throws SQLException {
    java.sql.Connection driverConnection = driverConnection(physical);
    MethodHandle[] handles = WARNING_COUNT.get(driverConnection.getClass());
    if (handles == null) {
      return -1;
    }
    try {
      Object session = (Object) handles[0].invokeExact(driverConnection);
      return (int) handles[2].invokeExact((Object) handles[1].invokeExact(session));
    } catch (ClassCastException e) {
      return -1; // another session or protocol implementation (X DevAPI...)
    } catch (SQLException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new SQLException(e);
    }
  }

  /**
   * The SQLSTATE Connector/J gives a warning of MySQL error {@code code} when it turns SHOW
   * WARNINGS into a chain ({@code MysqlErrorNumbers.mysqlToSqlstate}, {@code mysqlToSqlState}
   * before 9.0), or null where the driver does not tell.
   *
   * @param driverConnection the class of the driver's connection, for its class loader
   */
  static String sqlState(Class<?> driverConnection, int code) throws SQLException {
    MethodHandle mapping = SQL_STATE.get(driverConnection);
    if (mapping == null) {
      return null;
    }
    try {
      return (String) mapping.invokeExact(code);
    } catch (SQLException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new SQLException(e);
    }
  }

  private static final ClassValue<MethodHandle> SQL_STATE =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          MethodType mapping = MethodType.methodType(String.class, int.class);
          try {
            Class<?> numbers =
                Class.forName(
                    "com.mysql.cj.exceptions.MysqlErrorNumbers", false, type.getClassLoader());
            try {
              return MethodHandles.publicLookup().findStatic(numbers, "mysqlToSqlstate", mapping);
            } catch (NoSuchMethodException e) {
              return MethodHandles.publicLookup().findStatic(numbers, "mysqlToSqlState", mapping);
            }
          } catch (ReflectiveOperationException | LinkageError e) {
            return null;
          }
        }
      };

  /** The driver's own connection behind a pool's proxy. */
  static java.sql.Connection driverConnection(java.sql.Connection physical) throws SQLException {
    return physical.unwrap(java.sql.Connection.class);
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
    // Tablets open only for drivers that have it (DriverUrl checks): never answer a guess.
    return read(LAST_INSERT_ID, physical.unwrap(Statement.class), "the insert id");
  }

  /** The MySQL thread id of a physical connection (what CONNECTION_ID() returns on it). */
  static long threadId(java.sql.Connection physical) throws SQLException {
    return read(THREAD_ID, physical.unwrap(java.sql.Connection.class), "the thread id");
  }

  private static long read(ClassValue<MethodHandle> getters, Object driverObject, String what)
      throws SQLException {
    MethodHandle getter = getters.get(driverObject.getClass());
    if (getter == null) {
      throw new SQLException(
          "Sluice cannot read " + what + " of " + driverObject.getClass().getName(), "S1000");
    }
    try {
      return (long) getter.invokeExact(driverObject);
    } catch (SQLException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new SQLException(e);
    }
  }
}
