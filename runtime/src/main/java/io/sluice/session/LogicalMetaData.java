package io.sluice.session;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;

/**
 * The {@link DatabaseMetaData} of a logical connection. Every call borrows a physical connection
 * with the session's state, asks Connector/J's own metadata, and detaches result sets before the
 * connection goes back: {@code DatabaseMetaData} has no close(), so nothing may stay held.
 * Connector/J builds its metadata results in memory, or from internal statements that hold
 * their results open.
 *
 * <p>A dynamic proxy keeps the ~180 methods in one rule; metadata calls are not a hot path.
 */
final class LogicalMetaData implements InvocationHandler {
  private final LogicalConnection connection;

  private LogicalMetaData(LogicalConnection connection) {
    this.connection = connection;
  }

  static DatabaseMetaData create(LogicalConnection connection) {
    return (DatabaseMetaData)
        Proxy.newProxyInstance(
            LogicalMetaData.class.getClassLoader(),
            new Class<?>[] {DatabaseMetaData.class},
            new LogicalMetaData(connection));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "getConnection":
        return connection;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "DatabaseMetaData of " + connection;
      case "unwrap":
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return proxy;
        }
        break;
      case "isWrapperFor":
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return true;
        }
        break;
      default:
        break;
    }
    Session session = connection.session();
    try {
      return SessionEntry.onDatabaseMetaData(session, physical -> {
        Object result = method.invoke(physical.getMetaData(), args);
        return result instanceof ResultSet
            ? ResultDetacher.detach((ResultSet) result, null)
            : result;
      });
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
