package io.sluice.advisor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Thin proxies over the driver's own JDBC objects. A proxy implements every public interface of
 * the object it wraps (Connector/J's {@code JdbcConnection} too), so an application that casts
 * to a driver type works exactly as without Sluice, which is the promise of advise mode.
 */
final class Proxies {
  private static final ClassValue<Class<?>[]> INTERFACES =
      new ClassValue<>() {
        @Override
        protected Class<?>[] computeValue(Class<?> type) {
          Set<Class<?>> all = new LinkedHashSet<>();
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            collect(c, all);
          }
          all.removeIf(i -> !Modifier.isPublic(i.getModifiers()));
          return all.toArray(new Class<?>[0]);
        }
      };

  private Proxies() {}

  /**
   * A proxy of {@code target} that calls {@code handler}; implements at least {@code required}.
   */
  static <T> T wrap(T target, Class<T> required, InvocationHandler handler) {
    Class<?>[] interfaces = INTERFACES.get(target.getClass());
    try {
      return required.cast(
          Proxy.newProxyInstance(target.getClass().getClassLoader(), interfaces, handler));
    } catch (IllegalArgumentException | ClassCastException e) {
      // An interface the target's loader cannot see, or too many: the JDBC interface will do.
      return required.cast(
          Proxy.newProxyInstance(Proxies.class.getClassLoader(), new Class<?>[] {required}, handler));
    }
  }

  /** Calls {@code method} on {@code target}, throwing what it throws. */
  static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Answers {@code equals}, {@code hashCode} and {@code toString} for a proxy: identity for the
   * first two (a proxy is its own object), the target's text for the last.
   *
   * @return null when {@code method} is none of them
   */
  static Object objectMethod(Object proxy, Object target, Method method, Object[] args) {
    if (method.getDeclaringClass() != Object.class) {
      return null;
    }
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> target.toString();
    };
  }

  private static void collect(Class<?> type, Set<Class<?>> into) {
    for (Class<?> i : type.getInterfaces()) {
      if (into.add(i)) {
        collect(i, into);
      }
    }
  }
}
