package io.sluice.agent.install;

import io.sluice.Sluice;
import io.sluice.config.ConfigException;
import io.sluice.config.SluiceConfig;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Sluice from inside the agent's class loader: reads the agent args, puts the bridge on the
 * bootstrap class path, creates the runtime, connects it to the bridge and weaves the advice into
 * Connector/J, in that order.
 *
 * <p>Anything that goes wrong propagates, so the agent never starts half-installed: with {@code
 * -javaagent} the JVM refuses to start, and an attaching tool gets the exception. The reason is
 * logged first, so it is the first line the operator reads.
 */
public final class AgentInstaller {
  private static final Logger log = LoggerFactory.getLogger(AgentInstaller.class);

  private AgentInstaller() {}

  /**
   * Called once per start by {@code io.sluice.agent.SluiceAgent}, through reflection.
   *
   * @param args the agent args, {@code null} when none were given
   * @param agentJar the agent jar, opened; appended to the bootstrap class path
   * @throws ConfigException for an unknown key or a bad value, naming it
   */
  public static void install(String args, Instrumentation inst, JarFile agentJar) {
    try {
      SluiceConfig config = SluiceConfig.parse(args);
      if (!config.enabled()) {
        log.info("Sluice is disabled (enabled=false): nothing installed");
        return;
      }
      inst.appendToBootstrapClassLoaderSearch(agentJar);
      // The bridge resolves only from here on. This class must not name a bridge type: verifying
      // it could load one before the append, and the failure would stick.
      Sluice sluice = new Sluice(config, new PassThroughConnector());
      if (!SluiceHook.install(sluice)) {
        log.warn("Sluice is already running in this JVM; this second start installs nothing");
        sluice.close();
        return;
      }
      ConnectorJInstrumentation.install(inst, AgentInstaller.class.getClassLoader());
      String changed = config.describe();
      log.info("Sluice started ({})", changed.isEmpty() ? "all defaults" : changed);
    } catch (ConfigException e) {
      log.error("Sluice not started: {}", e.getMessage()); // the message says it all
      throw e;
    } catch (RuntimeException | Error e) {
      log.error("Sluice not started", e);
      throw e;
    }
  }
}
