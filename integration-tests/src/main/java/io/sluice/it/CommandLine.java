package io.sluice.it;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** What the demo and the load harness share: {@code --name=value} options and the checkout. */
public final class CommandLine {
  private CommandLine() {}

  /**
   * Parses {@code --name=value} arguments.
   *
   * @throws IllegalArgumentException naming an unknown argument, with the usage
   */
  public static Map<String, String> parse(String[] args, Set<String> names, String usage) {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : "";
      if (!names.contains(name)) {
        throw new IllegalArgumentException("Unknown argument: " + arg + "\nUsage: " + usage);
      }
      given.put(name, arg.substring(eq + 1));
    }
    return given;
  }

  /**
   * The checkout: {@code --repo} if given, else the one whose {@code integration-tests/target}
   * holds this code, else the working directory.
   */
  public static Path repo(Map<String, String> given) {
    if (given.containsKey("repo")) {
      return Path.of(given.get("repo")).toAbsolutePath();
    }
    try {
      Path location =
          Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path repo = location.getParent().getParent().getParent();
      return Files.isDirectory(repo.resolve("agent")) ? repo : Path.of("").toAbsolutePath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The options {@code parse} makes of the arguments, once the agent jar they name exists; on a
   * bad argument or a missing jar, says why on stderr and exits with 2.
   */
  public static <T> T optionsOrExit(
      Supplier<T> parse, Function<T, Path> agentJar) {
    try {
      T options = parse.get();
      Path jar = agentJar.apply(options);
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(
            jar + " is missing; build first: mvn -B package -DskipTests");
      }
      return options;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw e;
    }
  }
}
