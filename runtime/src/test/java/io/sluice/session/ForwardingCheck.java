package io.sluice.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.Set;

/**
 * Checks that an object forwards every method of an interface to its delegate, arguments and
 * result intact: each method is called on the forwarder over a delegate that records the call it
 * saw last, so a method left out (or left to the interface's default) fails.
 */
final class ForwardingCheck<T> {
  private final Class<T> type;

  /** The call the delegate saw last, and its arguments. */
  private Method called;

  private Object[] calledWith;

  /** The recording delegate; its methods answer {@link #valueOf} their return type. */
  final T delegate;

  ForwardingCheck(Class<T> type) {
    this.type = type;
    this.delegate =
        type.cast(
            Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (proxy, method, args) -> {
                  called = method;
                  calledWith = args == null ? new Object[0] : args;
                  return valueOf(method.getReturnType());
                }));
  }

  /**
   * Asserts that {@code forwarder} forwards each public method of the interface but those named in
   * {@code own}, and that there are {@code expected} such methods.
   */
  void assertForwards(T forwarder, Set<String> own, int expected) throws Exception {
    int checked = 0;
    for (Method method : type.getMethods()) {
      if (Modifier.isStatic(method.getModifiers()) || own.contains(method.getName())) {
        continue;
      }
      Object[] args = argumentsFor(method.getParameterTypes());
      called = null;
      Object result = method.invoke(forwarder, args);
      assertEquals(method, called, method + " was not forwarded");
      assertArrayEquals(args, calledWith, method + " changed its arguments");
      assertEquals(valueOf(method.getReturnType()), result, method + " changed its result");
      checked++;
    }
    assertEquals(expected, checked);
  }

  /** The method the delegate saw last, null if none; clears it. */
  Method lastCall() {
    Method last = called;
    called = null;
    return last;
  }

  /** The number of non-static public methods of {@code type}. */
  static int methodCount(Class<?> type) {
    int count = 0;
    for (Method method : type.getMethods()) {
      if (!Modifier.isStatic(method.getModifiers())) {
        count++;
      }
    }
    return count;
  }

  private static Object[] argumentsFor(Class<?>[] types) {
    Object[] args = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      args[i] = valueOf(types[i]);
    }
    return args;
  }

  /** A recognisable value of each type (null for references but String and Class). */
  static Object valueOf(Class<?> type) {
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
