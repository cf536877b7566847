package io.sluice.bootstrap;

import java.util.Properties;

/**
 * The one door between Connector/J, wherever it is loaded, and Sluice's runtime.
 *
 * <p>The agent appends its jar to the bootstrap class path, so this class is visible to every
 * loader that delegates to its parents (the system loader, a child {@code URLClassLoader}, a webapp
 * loader). The advice woven into {@code NonRegisteringDriver.connect} calls {@link #connect}; the
 * runtime, isolated in the agent's own loader, answers through the {@link ConnectHook} it {@link
 * #install installs}. Only {@code java.base} types are used: {@code java.sql} does not resolve on
 * the bootstrap class path.
 *
 * <p>A thread can open <em>pass-through</em> scopes, in which every connect runs the driver
 * unchanged: the runtime's own physical connects (which go through the same advised method), and
 * Connector/J's XA and {@code ConnectionPoolDataSource} paths (which cast the connection to the
 * driver's own class). Scopes nest, so they are counted.
 */
public final class SluiceBridge {
  private static volatile ConnectHook hook;

  // Set only by enterPassThrough, so threads that merely connect (possibly millions of virtual
  // threads) never get an entry.
  private static final ThreadLocal<int[]> PASS_THROUGH_DEPTH = new ThreadLocal<>();

  private SluiceBridge() {}

  /**
   * Called by the advice on entry to {@code NonRegisteringDriver.connect(url, info)}.
   *
   * @param driver the driver instance ({@code this} of the advised method)
   * @return the logical connection that replaces the driver's, or {@code null} to run the driver:
   *     no hook is installed, the thread is in a pass-through scope, or the hook passes
   */
  public static Object connect(Object driver, String url, Properties info) {
    ConnectHook current = hook;
    if (current == null || inPassThrough()) {
      return null;
    }
    return current.connect(driver, url, info);
  }

  /**
   * Installs the runtime's hook. Only the first call wins, so a second copy of the agent (attached
   * again to the same JVM) cannot take over the sessions of the first.
   *
   * @return {@code false} if a hook was already installed
   */
  public static synchronized boolean install(ConnectHook connectHook) {
    if (hook != null) {
      return false;
    }
    hook = connectHook;
    return true;
  }

  /** Opens a pass-through scope on this thread; close it with {@link #exitPassThrough()}. */
  public static void enterPassThrough() {
    int[] depth = PASS_THROUGH_DEPTH.get();
    if (depth == null) {
      depth = new int[1];
      PASS_THROUGH_DEPTH.set(depth);
    }
    depth[0]++;
  }

  /** Closes the innermost pass-through scope opened on this thread. */
  public static void exitPassThrough() {
    PASS_THROUGH_DEPTH.get()[0]--;
  }

  private static boolean inPassThrough() {
    int[] depth = PASS_THROUGH_DEPTH.get();
    return depth != null && depth[0] > 0;
  }
}
