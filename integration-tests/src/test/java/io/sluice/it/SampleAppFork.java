package io.sluice.it;

import io.sluice.testkit.JvmFork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The unchanged sample app ({@code sample-app/target/sample-app.jar}) as a forked JVM under the
 * agent, with its housekeeping jobs (a temporary table and a {@code GET_LOCK} left on pooled
 * connections) and its pool kept open after the run, and JMX open to the test.
 */
final class SampleAppFork {
  private SampleAppFork() {}

  static JvmFork of(
      AppDatabase database,
      String name,
      String agentArgs,
      int jmxPort,
      int threads,
      int durationSeconds) {
    Path jar = Path.of(System.getProperty("sluice.it.sample.app", ""));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build sample-app first (mvn -B verify)");
    }
    List<String> jvmArgs = new ArrayList<>(RemoteJmx.jvmArgs(jmxPort));
    jvmArgs.add("-Xmx512m");
    JvmFork fork =
        JvmFork.jar(jar)
            .jvmArgs(jvmArgs.toArray(new String[0]))
            .args(
                "--url=" + database.url(),
                "--user=" + database.user(),
                "--threads=" + threads,
                "--pool-size=" + threads,
                "--duration=" + durationSeconds,
                "--warmup=1",
                "--housekeeping=true",
                "--hold=300")
            .env("ORDERS_PASSWORD", database.password())
            .outputDir(Path.of(System.getProperty("sluice.it.output")), name);
    String javaHome = System.getProperty("sluice.it.java.home", "");
    if (!javaHome.isBlank()) {
      fork.javaHome(Path.of(javaHome));
    }
    return Forks.withAgent(fork, agentArgs);
  }
}
