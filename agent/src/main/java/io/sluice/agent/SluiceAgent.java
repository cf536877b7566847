package io.sluice.agent;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;

/**
 * The agent's entry point, for {@code -javaagent:sluice-agent.jar[=ARGS]} ({@link #premain}) and
 * for attaching to a running JVM ({@link #agentmain}, the same start; a Connector/J that is already
 * loaded is retransformed).
 *
 * <p>The class loaders once Sluice has started:
 *
 * <pre>
 *   bootstrap  &lt;- java.base ... and io.sluice.bootstrap.* (SluiceBridge, ConnectHook),
 *      ^          appended by the installer so that every loader sees the bridge
 *   platform   &lt;- java.sql, javax.sql, java.management
 *      ^    ^
 *      |    +-- AgentClassLoader "sluice" &lt;- inst/**.classdata: the runtime, the installer and
 *      |                                     the relocated Byte Buddy, HikariCP and slf4j
 *   system     &lt;- the application's class path, and this class (the agent jar is on it)
 *      ^
 *   child and webapp loaders: Connector/J may be loaded by any of them
 * </pre>
 *
 * <p>The advice woven into Connector/J calls {@code SluiceBridge}, which every loader reaches
 * through its parents; the bridge calls the runtime through the hook the installer put there. The
 * runtime never sees the application's classes, nor the application the runtime's.
 *
 * <p>The rules for this class (OpenTelemetry's, for the same reasons):
 *
 * <ul>
 *   <li>Do as little as possible: find the jar, create the agent's loader, call the installer
 *       inside it by reflection. Everything else happens there.
 *   <li>Use JDK types only: this class is loaded by the application's system loader.
 *   <li>No logging, no {@code java.util.logging}, no JMX: initialising them this early breaks
 *       containers that set them up later (JBoss Modules, GlassFish).
 *   <li>No static state, and nothing refers to this class after the start: once the jar is on the
 *       bootstrap class path its name exists there as well.
 * </ul>
 */
public final class SluiceAgent {
  private static final String INSTALLER = "io.sluice.agent.install.AgentInstaller";

  private SluiceAgent() {}

  /**
   * Starts Sluice before {@code main}.
   *
   * @throws Exception when Sluice cannot start (a bad agent arg, for one); the JVM then refuses to
   *     start rather than run half-configured
   */
  public static void premain(String args, Instrumentation inst) throws Exception {
    start(args, inst);
  }

  /**
   * Starts Sluice in a running JVM, exactly as {@link #premain} does.
   *
   * @throws Exception when Sluice cannot start; the attaching tool receives it
   */
  public static void agentmain(String args, Instrumentation inst) throws Exception {
    start(args, inst);
  }

  private static void start(String args, Instrumentation inst) throws Exception {
    JarFile jar = new JarFile(ownJar(), true, ZipFile.OPEN_READ, Runtime.version());
    Method install =
        new AgentClassLoader(jar)
            .loadClass(INSTALLER)
            .getMethod("install", String.class, Instrumentation.class, JarFile.class);
    try {
      install.invoke(null, args, inst, jar);
    } catch (InvocationTargetException e) {
      // Rethrow what the installer threw, so the JVM reports the reason, not the reflection.
      Throwable cause = e.getCause();
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw cause instanceof Exception ? (Exception) cause : e;
    }
  }

  /** The jar this class was loaded from, found from its own class file's URL. */
  private static File ownJar() throws IOException, URISyntaxException {
    URL self = SluiceAgent.class.getResource(SluiceAgent.class.getSimpleName() + ".class");
    URLConnection connection = self.openConnection(); // for a jar: URL this opens nothing yet
    if (!(connection instanceof JarURLConnection)) {
      throw new IllegalStateException("Sluice must be started from its agent jar, not " + self);
    }
    return new File(((JarURLConnection) connection).getJarFileURL().toURI());
  }
}
