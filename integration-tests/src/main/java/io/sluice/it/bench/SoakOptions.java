package io.sluice.it.bench;

import io.sluice.it.CommandLine;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The soak's settings, from {@code --name=value} arguments.
 *
 * @param repo the Sluice checkout (holds agent/target/sluice-agent.jar)
 * @param seconds how long the mixed workload runs
 * @param sampleSeconds seconds between two samples
 * @param sessions the isolation oracle's concurrent sessions
 * @param selects threads of point selects beside the oracle
 * @param poolSize the agent's {@code queryserver_config_pool_size}
 * @param seed the oracle's seed
 * @param javaHome the JDK running the application
 * @param workDir where MySQL is unpacked and the application's output goes (under soak/)
 */
public record SoakOptions(
    Path repo,
    int seconds,
    int sampleSeconds,
    int sessions,
    int selects,
    int poolSize,
    long seed,
    Path javaHome,
    Path workDir) {

  static final String USAGE =
      "java -cp integration-tests/target/sluice-demo.jar io.sluice.it.bench.Soak"
          + " [--minutes=10] [--seconds=N (instead of minutes)] [--sample-seconds=10]"
          + " [--sessions=32] [--selects=4] [--pool-size=16] [--seed=1] [--java-home=DIR]"
          + " [--work-dir=integration-tests/target] [--repo=DIR]";

  private static final Set<String> NAMES =
      Set.of(
          "minutes",
          "seconds",
          "sample-seconds",
          "sessions",
          "selects",
          "pool-size",
          "seed",
          "java-home",
          "work-dir",
          "repo");

  public SoakOptions {
    if (sampleSeconds < 1 || seconds < 3 * sampleSeconds) {
      // The verdict compares windows of the run: each needs at least one sample.
      throw new IllegalArgumentException(
          "The run must last at least three samples: --seconds >= 3 x --sample-seconds\nUsage: "
              + USAGE);
    }
  }

  /** Parses {@code --name=value} arguments; fails with the usage on an unknown or bad one. */
  public static SoakOptions parse(String... args) {
    Map<String, String> given = CommandLine.parse(args, NAMES, USAGE);
    Path repo = CommandLine.repo(given);
    int seconds =
        given.containsKey("seconds")
            ? Integer.parseInt(given.get("seconds"))
            : 60 * Integer.parseInt(given.getOrDefault("minutes", "10"));
    return new SoakOptions(
        repo,
        seconds,
        Integer.parseInt(given.getOrDefault("sample-seconds", "10")),
        Integer.parseInt(given.getOrDefault("sessions", "32")),
        Integer.parseInt(given.getOrDefault("selects", "4")),
        Integer.parseInt(given.getOrDefault("pool-size", "16")),
        Long.parseLong(given.getOrDefault("seed", "1")),
        Path.of(given.getOrDefault("java-home", System.getProperty("java.home"))),
        given.containsKey("work-dir")
            ? Path.of(given.get("work-dir")).toAbsolutePath()
            : repo.resolve("integration-tests/target"));
  }

  /** The agent jar the application attaches. */
  public Path agentJar() {
    return repo.resolve("agent/target/sluice-agent.jar");
  }

  /** How many samples the run takes. */
  public int samples() {
    return seconds / sampleSeconds;
  }
}
