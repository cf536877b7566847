package io.sluice.it.demo;

import io.sluice.it.CommandLine;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The demo's settings, from {@code --name=value} arguments.
 *
 * @param repo the Sluice checkout (holds agent/ and sample-app/)
 * @param durationSeconds measured seconds per side
 * @param warmupSeconds unmeasured warm-up seconds per side
 * @param threads the sample app's worker threads
 * @param poolSize the sample app's HikariCP pool size
 * @param agentArgs the {@code -javaagent:...=ARGS} of the Sluice side (empty: the defaults, a pool
 *     of 16)
 * @param javaHome the JDK running the sample app
 */
record DemoOptions(
    Path repo,
    int durationSeconds,
    int warmupSeconds,
    int threads,
    int poolSize,
    String agentArgs,
    Path javaHome) {

  static final String USAGE =
      "java -jar integration-tests/target/sluice-demo.jar [--duration=20] [--warmup=5]"
          + " [--threads=64] [--pool-size=64] [--agent-args=queryserver_config_pool_size=16]"
          + " [--java-home=DIR] [--repo=DIR]";

  private static final Set<String> NAMES =
      Set.of("duration", "warmup", "threads", "pool-size", "agent-args", "java-home", "repo");

  static DemoOptions parse(String[] args) {
    Map<String, String> given = CommandLine.parse(args, NAMES, USAGE);
    return new DemoOptions(
        CommandLine.repo(given),
        Integer.parseInt(given.getOrDefault("duration", "20")),
        Integer.parseInt(given.getOrDefault("warmup", "5")),
        Integer.parseInt(given.getOrDefault("threads", "64")),
        Integer.parseInt(given.getOrDefault("pool-size", "64")),
        given.getOrDefault("agent-args", ""),
        Path.of(given.getOrDefault("java-home", System.getProperty("java.home"))));
  }

  Path agentJar() {
    return repo.resolve("agent/target/sluice-agent.jar");
  }

  Path sampleAppJar() {
    return repo.resolve("sample-app/target/sample-app.jar");
  }

  /** Where the demo keeps MySQL and the forked JVMs' output. */
  Path workDir() {
    return repo.resolve("integration-tests/target");
  }

  /**
   * This class lives in integration-tests/target/sluice-demo.jar (or .../target/classes): three
   * levels up.
   */
}
