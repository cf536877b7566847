package io.sluice.session;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Frees a buffered Connector/J result set from its physical connection, so that the connection
 * can serve other sessions while the application still reads the result.
 *
 * <p>The application keeps Connector/J's own result set: every getter, conversion, warning and
 * metadata call is the driver's, exactly as on a direct connection. Two things tie a buffered
 * result to its connection, and both are undone here:
 *
 * <ul>
 *   <li>closing the physical statement closes its results: the statement is told to hold them
 *       open ({@code JdbcStatement.setHoldResultsOpenOverClose}, the driver's own switch, which
 *       its {@code DatabaseMetaData} uses the same way);
 *   <li>{@code ResultSet.next()} and its kin take the connection's lock, which another session
 *       executing on that connection holds for as long as its statement runs: an application
 *       thread would wait on a stranger's query, or deadlock with it across row locks. The
 *       result's connection is replaced by a view of the same connection whose lock is the
 *       result's own; every other call still reaches the real connection (properties, session
 *       time zone, character sets), none of which does I/O.
 * </ul>
 *
 * The result also forgets its physical statement, closed by then: Connector/J would tell that
 * statement of every close, which a closed statement answers by building an exception and
 * dropping it, a cost paid on every query. Only cursor and streaming results, never detached,
 * read anything else of it.
 *
 * <p>The connection view needs the driver's {@code ResultSetImpl.connection} field, reached by
 * reflection through the driver's loader. Where that fails (a driver that changed), {@link
 * #canDetach} answers false and the session keeps the result attached to its connection instead:
 * slower, never wrong.
 */
final class ResultDetacher {
  private static final ClassValue<Access> ACCESS =
      new ClassValue<>() {
        @Override
        protected Access computeValue(Class<?> resultSetClass) {
          return Access.of(resultSetClass);
        }
      };

  private static final ClassValue<MethodHandle> HOLD_RESULTS =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> statementClass) {
          try {
            return MethodHandles.publicLookup()
                .findVirtual(
                    statementClass,
                    "setHoldResultsOpenOverClose",
                    MethodType.methodType(void.class, boolean.class))
                .asType(MethodType.methodType(void.class, Statement.class, boolean.class));
          } catch (ReflectiveOperationException e) {
            return null;
          }
        }
      };

  private ResultDetacher() {}

  /**
   * Tells a physical statement to leave its results open when it is closed.
   *
   * @return false when the driver offers no such switch: its results cannot be detached
   */
  static boolean holdResultsOpen(Statement physical) throws SQLException {
    Statement driverStatement = physical.unwrap(Statement.class);
    MethodHandle hold = HOLD_RESULTS.get(driverStatement.getClass());
    if (hold == null) {
      return false;
    }
    try {
      hold.invokeExact(driverStatement, true);
    } catch (SQLException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new SQLException(e);
    }
    return true;
  }

  /** Whether results of this driver's result set class can be detached. */
  static boolean canDetach(ResultSet physical) throws SQLException {
    return ACCESS.get(physical.unwrap(ResultSet.class).getClass()) != null;
  }

  /**
   * Detaches a buffered result set whose statement holds its results open.
   *
   * @param owner the logical statement the application gets from {@code getStatement()}; null
   *     for metadata results, where Connector/J answers null too
   */
  static BufferedResultSet detach(ResultSet physical, Statement owner) throws SQLException {
    ResultSet driverResult = physical.unwrap(ResultSet.class);
    Access access = ACCESS.get(driverResult.getClass());
    if (access == null) {
      throw new SQLException("Sluice cannot detach " + driverResult.getClass().getName());
    }
    return new BufferedResultSet(driverResult, owner, access.detach(driverResult));
  }

  /** The driver internals one result set class needs, found once per class. */
  private static final class Access {
    private final Field connection;
    private final MethodHandle newView;
    private final MethodHandle getRows;
    private final MethodHandle size;
    private final MethodHandle setOwner;

    private Access(
        Field connection,
        MethodHandle newView,
        MethodHandle getRows,
        MethodHandle size,
        MethodHandle setOwner) {
      this.connection = connection;
      this.newView = newView;
      this.getRows = getRows;
      this.size = size;
      this.setOwner = setOwner;
    }

    static Access of(Class<?> resultSetClass) {
      try {
        ClassLoader loader = resultSetClass.getClassLoader();
        Field field = findField(resultSetClass, "connection");
        field.setAccessible(true);
        Class<?> resultset = Class.forName("com.mysql.cj.protocol.Resultset", false, loader);
        Class<?> rows = Class.forName("com.mysql.cj.protocol.ResultsetRows", false, loader);
        Class<?> rowList = Class.forName("com.mysql.cj.result.RowList", false, loader);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        // getRows() and size(), typed (ResultSet)Object and (Object)int once. A result set made
        // of an OK packet (SELECT ... INTO, through executeQuery) has no rows at all.
        MethodHandle getRows =
            lookup.findVirtual(resultset, "getRows", MethodType.methodType(rows))
                .asType(MethodType.methodType(Object.class, ResultSet.class));
        MethodHandle size =
            lookup.findVirtual(rowList, "size", MethodType.methodType(int.class))
                .asType(MethodType.methodType(int.class, Object.class));
        // The proxy class of the driver's connection type, made once: (InvocationHandler)Object.
        Class<?> viewClass =
            Proxy.newProxyInstance(
                    field.getType().getClassLoader(),
                    new Class<?>[] {field.getType()},
                    (proxy, method, args) -> null)
                .getClass();
        MethodHandle newView =
            lookup
                .findConstructor(viewClass, MethodType.methodType(void.class, InvocationHandler.class))
                .asType(MethodType.methodType(Object.class, InvocationHandler.class));
        Class<?> statement = Class.forName("com.mysql.cj.jdbc.JdbcStatement", false, loader);
        MethodHandle setOwner =
            lookup
                .findVirtual(
                    resultSetClass,
                    "setOwningStatement",
                    MethodType.methodType(void.class, statement))
                .asType(MethodType.methodType(void.class, ResultSet.class, Object.class));
        return new Access(field, newView, getRows, size, setOwner);
      } catch (ReflectiveOperationException | RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(ResultDetacher.class)
            .warn(
                "cannot detach {} results from their connection ({}); buffered results will hold"
                    + " their physical connection until closed",
                resultSetClass.getName(),
                e.toString());
        return null;
      }
    }

    private static Field findField(Class<?> type, String name) throws NoSuchFieldException {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        try {
          return c.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
          // look in the superclass
        }
      }
      throw new NoSuchFieldException(type.getName() + "." + name);
    }

    /**
     * Gives the result set a view of its connection with a lock of its own, and forgets its
     * statement.
     *
     * @return the number of rows it holds
     */
    int detach(ResultSet driverResult) throws SQLException {
      try {
        Object real = connection.get(driverResult);
        if (real != null && !(Proxy.isProxyClass(real.getClass()))) {
          connection.set(driverResult, (Object) newView.invokeExact((InvocationHandler) new OwnLock(real)));
        }
        setOwner.invokeExact(driverResult, (Object) null);
        Object rows = (Object) getRows.invokeExact(driverResult);
        return rows == null ? 0 : (int) size.invokeExact(rows);
      } catch (SQLException | RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new SQLException(e);
      }
    }
  }

  /** A connection exactly like the real one, except for the lock its results take. */
  private static final class OwnLock implements InvocationHandler {
    private final Object real;
    private final Lock lock = new ReentrantLock();

    OwnLock(Object real) {
      this.real = real;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("getConnectionLock") && method.getParameterCount() == 0) {
        return lock;
      }
      try {
        return method.invoke(real, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
