package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.example.apps.DriverVersionApp;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Connector/J line still maintained, 8.0.30 (mysql:mysql-connector-java) to the newest: the
 * same app runs direct and with the agent, sees the same, and with the agent its sessions share
 * the pool's connections, with no warning from the agent.
 */
class DriverVersionsIT {
  private static final int SESSIONS = 4;
  private static final int POOL_SIZE = 2;
  /** The jars the pom copies: 8.0.30, 8.0.33, 8.4.0, 9.1.0, 9.4.0 to 9.7.0, 26.10.0. */
  private static final int VERSIONS = 9;

  @TestFactory
  Stream<DynamicTest> everyMaintainedConnectorJIsMultiplexed() {
    List<Path> jars = Forks.driverJars();
    assertEquals(VERSIONS, jars.size(), jars.toString());
    return jars.stream().map(jar -> dynamicTest(version(jar), () -> multiplexed(jar)));
  }

  private static void multiplexed(Path jar) {
    String version = version(jar);
    String name = "it_cj_" + version.replace('.', '_');
    List<String> direct = run(jar, AppDatabase.create(name + "_d"), null);
    List<String> sluice =
        run(jar, AppDatabase.create(name + "_s"), "queryserver_config_pool_size=" + POOL_SIZE);
    assertEquals("IDS sessions=" + SESSIONS + " distinct=" + SESSIONS, direct.get(0));
    String ids = sluice.get(0);
    assertTrue(
        Integer.parseInt(ids.substring(ids.lastIndexOf('=') + 1)) <= POOL_SIZE,
        version + ": not multiplexed: " + ids);
    assertTrue(direct.get(1).endsWith(version), direct.get(1));
    assertEquals(direct.subList(1, direct.size()), sluice.subList(1, sluice.size()), version);
  }

  /** The app's output lines; fails unless it exits 0 with no warning from the agent. */
  private static List<String> run(Path jar, AppDatabase database, String agentArgs) {
    JvmFork fork = Forks.app(DriverVersionApp.class, database, jar).args("sessions=" + SESSIONS);
    try (ForkedJvm app = (agentArgs == null ? fork : Forks.withAgent(fork, agentArgs)).start()) {
      if (Forks.exitQuietly(app) != 0) {
        throw app.failure("the app failed");
      }
      return app.stdoutLines();
    }
  }

  /** {@code 9.5.0} of {@code mysql-connector-j-9.5.0.jar}. */
  private static String version(Path jar) {
    String file = jar.getFileName().toString();
    return file.substring(file.lastIndexOf('-') + 1, file.length() - ".jar".length());
  }
}
