package io.sluice.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every ResultSet method but getStatement() and close() reaches the delegate, arguments and result
 * intact.
 */
class ForwardingResultSetTest {

  private static final Statement OWNER =
      (Statement)
          Proxy.newProxyInstance(
              ForwardingResultSetTest.class.getClassLoader(),
              new Class<?>[] {Statement.class},
              (proxy, method, args) -> null);

  /** The call the delegate saw last. */
  private Method called;

  private Object[] calledWith;

  private final ResultSet delegate =
      (ResultSet)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {ResultSet.class},
              (proxy, method, args) -> {
                called = method;
                calledWith = args == null ? new Object[0] : args;
                return resultFor(method.getReturnType());
              });

  private final ForwardingResultSet forwarding =
      new ForwardingResultSet(delegate, OWNER) {
        @Override
        public void close() {}
      };

  @Test
  void forwardsEveryMethodButTheTwoASessionOwns() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Method method : ResultSet.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Object[] args = argumentsFor(method.getParameterTypes());
      called = null;
      Object result = method.invoke(forwarding, args);
      if (method.getName().equals("close")) {
        assertNull(called, method + " must be the subclass's own");
        continue;
      }
      if (method.getName().equals("getStatement")) {
        assertEquals(method, called, "the driver checks that the result set is open");
        assertSame(OWNER, result, "and the logical statement is answered");
        continue;
      }
      assertEquals(method, called, method + " was not forwarded");
      assertArrayEquals(args, calledWith, method + " changed its arguments");
      assertEquals(resultFor(method.getReturnType()), result, method + " changed its result");
      checked.add(method.getName());
    }
    assertEquals(ResultSet.class.getMethods().length - 2, checked.size());
  }

  @Test
  void delegateIsTheDriversResultSet() {
    assertSame(delegate, forwarding.delegate);
  }

  private static Object[] argumentsFor(Class<?>[] types) {
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = resultFor(types[i]);
    }
    return args;
  }

  /** A recognisable value of each type (null for references but String and Class). */
  private static Object resultFor(Class<?> type) {
    if (type == int.class) {
      return 7;
    } else if (type == long.class) {
      return 8L;
    } else if (type == boolean.class) {
      return true;
    } else if (type == byte.class) {
      return (byte) 9;
    } else if (type == short.class) {
      return (short) 10;
    } else if (type == float.class) {
      return 11f;
    } else if (type == double.class) {
      return 12d;
    } else if (type == String.class) {
      return "label";
    } else if (type == Class.class) {
      return SQLException.class;
    }
    return null;
  }
}
