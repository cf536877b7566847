package io.sluice.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.agent.smoke.BridgeProbe;
import io.sluice.agent.smoke.ConnectorJApp;
import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Starts real JVMs with {@code -javaagent:sluice-agent.jar}: the agent starts, weaves Connector/J
 * in every loader that loads it, leaves every connect path working, and refuses bad args.
 */
class AgentSmokeIT {
  private static final Path AGENT = Path.of(System.getProperty("sluice.agent.jar"));
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Path FORKS = Path.of("target", "forked-jvms");
  private static final String WOVEN = "[sluice] DEBUG TransformLog: Instrumented ";

  @Test
  void everyConnectorJPathWorksUnderTheAgent() {
    String url = EmbeddedMysql.shared().jdbcUrl("agent_smoke");
    try (ForkedJvm app =
        JvmFork.mainClass(ConnectorJApp.class.getName())
            .javaagent(AGENT, null)
            .jvmArgs("-Dsluice.log.level=debug")
            .classpath(location(ConnectorJApp.class), connectorJ())
            .args(url, connectorJ().toString())
            .outputDir(FORKS, "connector-j-app")
            .start()) {
      app.awaitSuccess(TIMEOUT);
      assertTrue(app.stdoutLines().contains("all ok"), app.stdoutLines().toString());
      app.assertNoSluiceProblems();
      List<String> woven =
          app.stderrLines().stream()
              .filter(line -> line.startsWith(WOVEN))
              .map(line -> line.substring(WOVEN.length()).replaceAll("@[0-9a-f]+$", ""))
              .sorted()
              .collect(Collectors.toList());
      String system = " in jdk.internal.loader.ClassLoaders$AppClassLoader";
      assertEquals(
          List.of(
              "com.mysql.cj.jdbc.MysqlConnectionPoolDataSource" + system,
              "com.mysql.cj.jdbc.MysqlXADataSource" + system,
              "com.mysql.cj.jdbc.NonRegisteringDriver in java.net.URLClassLoader",
              "com.mysql.cj.jdbc.NonRegisteringDriver" + system),
          woven);
    }
  }

  @Test
  void enabledFalseInstallsNothing() {
    try (ForkedJvm app = probe("disabled", "enabled=false")) {
      app.awaitSuccess(TIMEOUT);
      assertEquals(List.of("bridge: absent"), app.stdoutLines());
      List<String> sluice = sluiceLines(app);
      assertEquals(1, sluice.size(), sluice.toString());
      assertTrue(
          sluice.get(0).startsWith("[sluice] INFO") && sluice.get(0).contains("enabled=false"),
          sluice.get(0));
    }
  }

  @Test
  void aBadArgStopsTheJvmNamingTheKey() {
    try (ForkedJvm app = probe("bad-arg", "queryserver_config_pool_size=8,bogus=1")) {
      assertNotEquals(0, app.awaitExit(TIMEOUT));
      assertTrue(
          app.stdoutLines().stream().noneMatch(line -> line.startsWith("bridge:"))); // no main
      List<String> sluice = sluiceLines(app);
      assertEquals(1, sluice.size(), sluice.toString());
      assertTrue(
          sluice.get(0).startsWith("[sluice] ERROR") && sluice.get(0).contains("'bogus'"),
          sluice.get(0));
    }
  }

  private static ForkedJvm probe(String name, String agentArgs) {
    return JvmFork.mainClass(BridgeProbe.class.getName())
        .javaagent(AGENT, agentArgs)
        .jvmArgs("-Dsluice.log.level=debug")
        .classpath(location(BridgeProbe.class), connectorJ())
        .outputDir(FORKS, name)
        .start();
  }

  private static List<String> sluiceLines(ForkedJvm app) {
    return app.stderrLines().stream()
        .filter(line -> line.startsWith("[sluice]"))
        .collect(Collectors.toList());
  }

  private static Path connectorJ() {
    return location(com.mysql.cj.jdbc.Driver.class);
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
