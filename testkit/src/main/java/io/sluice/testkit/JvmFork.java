package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Describes a {@code java} process to fork: which JDK, an optional {@code -javaagent}, JVM options,
 * a classpath and main class (or an executable jar), program arguments and environment. {@link
 * #start()} runs it.
 *
 * <pre>{@code
 * try (ForkedJvm app = JvmFork.mainClass("org.example.App")
 *     .javaagent(agentJar, "queryserver_config_pool_size=4")
 *     .classpath(classes, driverJar)
 *     .args(url, user, password)
 *     .outputDir(Path.of("target/forked"), "pool-test")
 *     .start()) {
 *   assertEquals(0, app.awaitExit(Duration.ofMinutes(1)));
 *   app.assertNoSluiceProblems();
 * }
 * }</pre>
 */
public final class JvmFork {
  private final String mainClass;
  private final Path jar;
  private Path javaHome = Path.of(System.getProperty("java.home"));
  private String javaagent;
  private final List<String> jvmArgs = new ArrayList<>();
  private final List<Path> classpath = new ArrayList<>();
  private final List<String> args = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Path outputDir = Path.of(System.getProperty("user.dir"), "target", "forked-jvms");
  private final List<String> launcher = new ArrayList<>();
  private Path workingDir;
  private String name;

  private JvmFork(String mainClass, Path jar, String name) {
    this.mainClass = mainClass;
    this.jar = jar;
    this.name = name;
  }

  /** A JVM running {@code mainClass} from the {@link #classpath}. */
  public static JvmFork mainClass(String mainClass) {
    return new JvmFork(mainClass, null, mainClass.substring(mainClass.lastIndexOf('.') + 1));
  }

  /** A JVM running an executable jar ({@code java -jar}). */
  public static JvmFork jar(Path jar) {
    String file = jar.getFileName().toString();
    return new JvmFork(
        null, jar, file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file);
  }

  /** The JDK to run (its home directory); the running JVM's by default. */
  public JvmFork javaHome(Path home) {
    this.javaHome = home;
    return this;
  }

  /**
   * Attaches {@code -javaagent:agentJar[=agentArgs]}; {@code agentArgs} may be null or empty for
   * none.
   */
  public JvmFork javaagent(Path agentJar, String agentArgs) {
    this.javaagent =
        "-javaagent:"
            + agentJar.toAbsolutePath()
            + (agentArgs == null || agentArgs.isEmpty() ? "" : "=" + agentArgs);
    return this;
  }

  /** Adds JVM options such as {@code -Xmx256m} or {@code -Dkey=value}. */
  public JvmFork jvmArgs(String... options) {
    jvmArgs.addAll(List.of(options));
    return this;
  }

  /** Adds classpath entries (directories or jars). */
  public JvmFork classpath(Path... entries) {
    return classpath(List.of(entries));
  }

  /** Adds classpath entries (directories or jars). */
  public JvmFork classpath(List<Path> entries) {
    classpath.addAll(entries);
    return this;
  }

  /** Adds program arguments. */
  public JvmFork args(String... arguments) {
    args.addAll(List.of(arguments));
    return this;
  }

  /**
   * Sets an environment variable of the child (which otherwise inherits this process's
   * environment).
   */
  public JvmFork env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /**
   * Runs {@code java} through a launcher: the command starts with these words, then the java
   * command line (e.g. {@code unshare --mount ... sh -c '...; exec "$@"' sh}).
   */
  public JvmFork launcher(String... words) {
    launcher.addAll(List.of(words));
    return this;
  }

  /** The child's working directory; this process's by default. */
  public JvmFork workingDir(Path dir) {
    this.workingDir = dir;
    return this;
  }

  /**
   * Writes the child's stdout and stderr to {@code dir/name.stdout} and {@code dir/name.stderr}.
   */
  public JvmFork outputDir(Path dir, String name) {
    this.outputDir = dir;
    this.name = name;
    return this;
  }

  /** The command line this fork runs. */
  public List<String> command() {
    List<String> command = new ArrayList<>(launcher);
    command.add(javaHome.resolve("bin").resolve("java").toString());
    if (javaagent != null) {
      command.add(javaagent);
    }
    command.addAll(jvmArgs);
    if (!classpath.isEmpty()) {
      command.add("-cp");
      command.add(
          classpath.stream()
              .map(p -> p.toAbsolutePath().toString())
              .collect(Collectors.joining(java.io.File.pathSeparator)));
    }
    if (jar != null) {
      command.add("-jar");
      command.add(jar.toAbsolutePath().toString());
    } else {
      command.add(mainClass);
    }
    command.addAll(args);
    return command;
  }

  /** Starts the process; the caller closes the returned handle. */
  public ForkedJvm start() {
    List<String> command = command();
    try {
      Files.createDirectories(outputDir);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      if (workingDir != null) {
        builder.directory(workingDir.toFile());
      }
      return new ForkedJvm(name, command, builder.start(), outputDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
  }
}
