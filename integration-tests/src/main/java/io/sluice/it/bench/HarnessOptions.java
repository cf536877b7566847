package io.sluice.it.bench;

import io.sluice.it.CommandLine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The load harness's settings, from {@code --name=value} arguments.
 *
 * @param repo the Sluice checkout (holds agent/target/sluice-agent.jar)
 * @param durationSeconds measured seconds of the select scenarios, per side
 * @param warmupSeconds unmeasured warm-up seconds of the select scenarios, per side
 * @param scenarios the scenarios to run, in order
 * @param sessions the logical sessions of scenario (c)
 * @param javaHome the JDK running scenarios (a) and (b)
 * @param java25Home the JDK with virtual threads running scenario (c)
 * @param workDir where MySQL is unpacked and the forked JVMs' output goes (under bench/)
 * @param settingsMix whether to run scenario (d), {@link SettingsMix}
 * @param profile whether every forked side records a JFR profile, {@code bench/<side>.jfr}
 * @param transactions whether to run scenario (e), {@link Transactional#transactions}
 * @param connections whether to run scenario (f), {@link Transactional#connections}
 * @param txThreads (e)'s thread counts
 * @param txIsolations (e)'s isolation levels, as {@code java.sql.Connection}'s constants are named
 *     without {@code TRANSACTION_}
 * @param txPool (e)'s HikariCP pool size; 0 for as many connections as threads
 * @param txAgentArgs the agent side's args in (e) and (f) (empty: the defaults)
 * @param connPools (f)'s HikariCP pool sizes
 * @param connThreads (f)'s threads
 */
public record HarnessOptions(
    Path repo,
    int durationSeconds,
    int warmupSeconds,
    List<Scenario> scenarios,
    int sessions,
    Path javaHome,
    Path java25Home,
    Path workDir,
    boolean settingsMix,
    boolean profile,
    boolean transactions,
    boolean connections,
    List<Integer> txThreads,
    List<String> txIsolations,
    int txPool,
    String txAgentArgs,
    List<Integer> connPools,
    int connThreads) {

  static final String USAGE =
      "java -cp integration-tests/target/sluice-demo.jar io.sluice.it.bench.LoadHarness"
          + " [--duration=20] [--warmup=20] [--scenarios=a,b,c,d,e,f] [--sessions=10000]"
          + " [--java-home=DIR] [--java25-home=/usr/lib/jvm/temurin-25-jdk-amd64]"
          + " [--work-dir=integration-tests/target] [--repo=DIR] [--profile=false]"
          + " [--tx-threads=32,64] [--tx-isolation=REPEATABLE_READ,SERIALIZABLE] [--tx-pool=0]"
          + " [--tx-agent-args=] [--conn-pools=8,20,64] [--conn-threads=32]";

  private static final Set<String> NAMES =
      Set.of(
          "duration",
          "warmup",
          "scenarios",
          "sessions",
          "java-home",
          "java25-home",
          "work-dir",
          "repo",
          "profile",
          "tx-threads",
          "tx-isolation",
          "tx-pool",
          "tx-agent-args",
          "conn-pools",
          "conn-threads");

  /** The scenarios that run their own way, not as a {@link Scenario}. */
  private static final Set<String> OWN_WAY = Set.of("d", "e", "f");

  /** Parses {@code --name=value} arguments; fails with the usage on an unknown one. */
  public static HarnessOptions parse(String... args) {
    Map<String, String> given = CommandLine.parse(args, NAMES, USAGE);
    Path repo = CommandLine.repo(given);
    String letters = given.getOrDefault("scenarios", "a,b,c,d,e,f");
    List<String> chosen = List.of(letters.toLowerCase(Locale.ROOT).split(","));
    return new HarnessOptions(
        repo,
        Integer.parseInt(given.getOrDefault("duration", "20")),
        Integer.parseInt(given.getOrDefault("warmup", "20")),
        scenarios(letters),
        Integer.parseInt(given.getOrDefault("sessions", "10000")),
        Path.of(given.getOrDefault("java-home", System.getProperty("java.home"))),
        Path.of(given.getOrDefault("java25-home", "/usr/lib/jvm/temurin-25-jdk-amd64")),
        given.containsKey("work-dir")
            ? Path.of(given.get("work-dir")).toAbsolutePath()
            : repo.resolve("integration-tests/target"),
        chosen.contains("d"),
        Boolean.parseBoolean(given.getOrDefault("profile", "false")),
        chosen.contains("e"),
        chosen.contains("f"),
        numbers(given.getOrDefault("tx-threads", "32,64")),
        List.of(given.getOrDefault("tx-isolation", "REPEATABLE_READ,SERIALIZABLE").split(",")),
        Integer.parseInt(given.getOrDefault("tx-pool", "0")),
        given.getOrDefault("tx-agent-args", ""),
        numbers(given.getOrDefault("conn-pools", "8,20,64")),
        Integer.parseInt(given.getOrDefault("conn-threads", "32")));
  }

  /** The agent jar the agent sides attach. */
  public Path agentJar() {
    return repo.resolve("agent/target/sluice-agent.jar");
  }

  private static List<Scenario> scenarios(String letters) {
    List<Scenario> chosen = new ArrayList<>();
    for (String letter : letters.split(",")) {
      if (OWN_WAY.contains(letter.trim().toLowerCase(Locale.ROOT))) {
        continue; // SettingsMix, Transactional
      }
      try {
        chosen.add(Scenario.valueOf(letter.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Unknown scenario '" + letter + "'; known: a, b, c, d, e, f\nUsage: " + USAGE, e);
      }
    }
    return List.copyOf(chosen);
  }

  private static List<Integer> numbers(String list) {
    return java.util.Arrays.stream(list.split(",")).map(n -> Integer.parseInt(n.trim())).toList();
  }

  /**
   * This class lives in integration-tests/target/sluice-demo.jar (or .../target/classes): three
   * levels up.
   */
}
