package io.sluice.it;

import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Forks the test apps of {@code com.example.apps} as real JVMs, with or without {@code -javaagent}.
 * Every path comes from a system property the pom sets: the agent jar, the compiled apps, their
 * libraries.
 */
final class Forks {
  /** How long any forked step may take before the test fails. */
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  private static final AtomicInteger FORKS = new AtomicInteger();

  private Forks() {}

  /**
   * The app {@code main} on the usual application classpath: apps, Connector/J, HikariCP, slf4j.
   */
  static JvmFork app(Class<?> main, AppDatabase database) {
    return fork(main, database, connectorJ());
  }

  /** The same with another Connector/J jar, one of {@link #driverJars()}. */
  static JvmFork app(Class<?> main, AppDatabase database, Path driver) {
    return fork(main, database, driver);
  }

  /** The same without Connector/J: the app must load the driver itself. */
  static JvmFork appWithoutDriver(Class<?> main, AppDatabase database) {
    return fork(main, database, null);
  }

  /** The jar of every Connector/J version the build copied for the forks, by file name. */
  static List<Path> driverJars() {
    try (Stream<Path> jars = Files.list(path("sluice.it.drivers"))) {
      return jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Attaches the agent built by this build, with {@code agentArgs} (null for none). */
  static JvmFork withAgent(JvmFork fork, String agentArgs) {
    Path agent = path("sluice.agent.jar");
    if (!Files.isRegularFile(agent)) {
      throw new IllegalStateException(
          agent + " is missing: build the agent module first (mvn -B verify)");
    }
    return fork.javaagent(agent, agentArgs);
  }

  /** The path of Connector/J's jar in the local Maven repository. */
  static Path connectorJ() {
    return path("sluice.it.connectorj");
  }

  /** Fails if the agent logged a warning or an error, then returns the JVM's exit code. */
  static int exitQuietly(ForkedJvm jvm) {
    return exitQuietly(jvm, TIMEOUT);
  }

  /** The same, failing if the JVM has not exited by itself within {@code timeout}. */
  static int exitQuietly(ForkedJvm jvm, Duration timeout) {
    int code = jvm.awaitExit(timeout);
    jvm.assertNoSluiceProblems();
    return code;
  }

  private static JvmFork fork(Class<?> main, AppDatabase database, Path driver) {
    List<Path> classpath = new ArrayList<>();
    classpath.add(path("sluice.it.apps"));
    if (driver != null) {
      classpath.add(driver);
    }
    classpath.add(path("sluice.it.hikari"));
    classpath.add(path("sluice.it.slf4j.api"));
    classpath.add(path("sluice.it.slf4j.nop"));
    JvmFork fork =
        JvmFork.mainClass(main.getName())
            .classpath(classpath)
            // Short-lived apps on a small machine: start fast, stay small.
            .jvmArgs("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
            .env("APP_PASSWORD", database.password())
            .outputDir(path("sluice.it.output"), outputName(database, main))
            .args("url=" + database.url(), "user=" + database.user());
    String javaHome = System.getProperty("sluice.it.java.home", "");
    return javaHome.isBlank() ? fork : fork.javaHome(Path.of(javaHome));
  }

  /** Numbered in order, so the output files of every fork of a build stay side by side. */
  private static String outputName(AppDatabase database, Class<?> main) {
    return String.format(
        "%03d-%s-%s", FORKS.incrementAndGet(), database.user(), main.getSimpleName());
  }

  static Path path(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property " + property + " is not set; run through Maven (failsafe)");
    }
    return Path.of(value);
  }
}
