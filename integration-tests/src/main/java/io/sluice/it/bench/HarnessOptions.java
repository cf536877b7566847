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
    boolean profile) {

  static final String USAGE =
      "java -cp integration-tests/target/sluice-demo.jar io.sluice.it.bench.LoadHarness"
          + " [--duration=20] [--warmup=20] [--scenarios=a,b,c,d] [--sessions=10000]"
          + " [--java-home=DIR] [--java25-home=/usr/lib/jvm/temurin-25-jdk-amd64]"
          + " [--work-dir=integration-tests/target] [--repo=DIR] [--profile=false]";

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
          "profile");

  /** Parses {@code --name=value} arguments; fails with the usage on an unknown one. */
  public static HarnessOptions parse(String... args) {
    Map<String, String> given = CommandLine.parse(args, NAMES, USAGE);
    Path repo = CommandLine.repo(given);
    String letters = given.getOrDefault("scenarios", "a,b,c,d");
    boolean settingsMix = List.of(letters.toLowerCase(Locale.ROOT).split(",")).contains("d");
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
        settingsMix,
        Boolean.parseBoolean(given.getOrDefault("profile", "false")));
  }

  /** The agent jar the agent sides attach. */
  public Path agentJar() {
    return repo.resolve("agent/target/sluice-agent.jar");
  }

  private static List<Scenario> scenarios(String letters) {
    List<Scenario> chosen = new ArrayList<>();
    for (String letter : letters.split(",")) {
      if (letter.trim().equalsIgnoreCase("d")) {
        continue; // the settings mix runs its own way: SettingsMix
      }
      try {
        chosen.add(Scenario.valueOf(letter.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Unknown scenario '" + letter + "'; known: a, b, c, d\nUsage: " + USAGE, e);
      }
    }
    return List.copyOf(chosen);
  }

  /**
   * This class lives in integration-tests/target/sluice-demo.jar (or .../target/classes): three
   * levels up.
   */
}
