package io.sluice.session;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;

/**
 * A callable statement on the session's reserved connection: Connector/J's own, except that it
 * names the logical connection as its connection. A dynamic proxy is enough here: stored
 * procedure calls are not Sluice's hot path, and the session holds the physical connection
 * anyway.
 */
final class ReservedCallableStatement implements InvocationHandler {
  private final CallableStatement physical;
  private final Connection logical;

  private ReservedCallableStatement(CallableStatement physical, Connection logical) {
    this.physical = physical;
    this.logical = logical;
  }

  static CallableStatement wrap(CallableStatement physical, Connection logical) {
    return (CallableStatement)
        Proxy.newProxyInstance(
            ReservedCallableStatement.class.getClassLoader(),
            new Class<?>[] {CallableStatement.class},
            new ReservedCallableStatement(physical, logical));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "getConnection":
        physical.getConnection(); // the driver's check that the statement is open
        return logical;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return physical.toString();
      default:
        try {
          return method.invoke(physical, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
    }
  }
}
