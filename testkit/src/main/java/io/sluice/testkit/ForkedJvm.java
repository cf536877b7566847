package io.sluice.testkit;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A running JVM started by {@link JvmFork}: its output as lines (also kept in files), a line-based
 * stdin to drive it, and its exit. Failures are {@link AssertionError}s that quote the command and
 * the output.
 *
 * <p>The agent logs as {@code [sluice] LEVEL logger: message}; {@link #sluiceProblems()} lists the
 * WARN and ERROR lines so a test can fail on any the agent did not expect to print.
 */
public final class ForkedJvm implements AutoCloseable {
  private static final List<String> PROBLEM_PREFIXES = List.of("[sluice] WARN", "[sluice] ERROR");
  private static final int QUOTED_LINES = 60;

  private final String name;
  private final List<String> command;
  private final Process process;
  private final OutputCapture stdout;
  private final OutputCapture stderr;
  private final Writer stdin;

  ForkedJvm(String name, List<String> command, Process process, Path outputDir) {
    this.name = name;
    this.command = List.copyOf(command);
    this.process = process;
    this.stdout =
        new OutputCapture(
            process.getInputStream(), outputDir.resolve(name + ".stdout"), name + "-stdout");
    this.stderr =
        new OutputCapture(
            process.getErrorStream(), outputDir.resolve(name + ".stderr"), name + "-stderr");
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
  }

  /** The name its output files carry. */
  public String name() {
    return name;
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /** The lines printed to stdout so far. */
  public List<String> stdoutLines() {
    return stdout.lines();
  }

  /** The lines printed to stderr so far. */
  public List<String> stderrLines() {
    return stderr.lines();
  }

  /** Where stdout is written. */
  public Path stdoutFile() {
    return stdout.file();
  }

  /** Where stderr is written. */
  public Path stderrFile() {
    return stderr.file();
  }

  /** Waits for a stdout line starting with {@code prefix} and returns it. */
  public String awaitLine(String prefix, Duration timeout) {
    return awaitLine(
        line -> line.startsWith(prefix), "line starting with '" + prefix + "'", timeout);
  }

  /**
   * Waits for a stdout line matching {@code match} and returns it; fails if the JVM ends first.
   *
   * @param description what is awaited, for the failure message, e.g. "line starting with 'OK'"
   */
  public String awaitLine(Predicate<String> match, String description, Duration timeout) {
    try {
      Optional<String> line = stdout.awaitLine(match, System.nanoTime() + timeout.toNanos());
      if (line.isPresent()) {
        return line.get();
      }
      // Stdout ends when the JVM does: give it a moment to be reaped, so the message can say how it
      // ended.
      boolean ended = process.waitFor(5, TimeUnit.SECONDS);
      throw failure(
          "No "
              + description
              + " on stdout "
              + (ended
                  ? "before it ended with exit code " + process.exitValue()
                  : "within " + timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("Interrupted while waiting for " + description);
    }
  }

  /** Writes one line to the JVM's stdin. */
  public void send(String line) {
    try {
      stdin.write(line);
      stdin.write(System.lineSeparator());
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to " + name + "'s stdin", e);
    }
  }

  /**
   * Waits for the JVM to exit and returns its exit code; kills it and fails if it runs past the
   * timeout.
   */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        awaitOutput();
        throw failure("Still running after " + timeout + "; killed");
      }
      awaitOutput();
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure("Interrupted while waiting for exit");
    }
  }

  /** Waits for exit and fails unless the exit code is 0. */
  public void awaitSuccess(Duration timeout) {
    int code = awaitExit(timeout);
    if (code != 0) {
      throw failure("Exited with " + code);
    }
  }

  /** The stderr lines that start with {@code [sluice] WARN} or {@code [sluice] ERROR}. */
  public List<String> sluiceProblems() {
    return stderr.lines().stream()
        .filter(line -> PROBLEM_PREFIXES.stream().anyMatch(line::startsWith))
        .collect(Collectors.toList());
  }

  /** Fails if the agent logged any warning or error. */
  public void assertNoSluiceProblems() {
    List<String> problems = sluiceProblems();
    if (!problems.isEmpty()) {
      throw failure("The agent logged unexpected problems:\n  " + String.join("\n  ", problems));
    }
  }

  /**
   * An {@link AssertionError} carrying {@code message}, the command and the tail of both outputs.
   */
  public AssertionError failure(String message) {
    return new AssertionError(
        name
            + ": "
            + message
            + "\ncommand: "
            + String.join(" ", command)
            + "\n--- stdout ("
            + stdout.file()
            + ")\n"
            + tail(stdout.lines())
            + "\n--- stderr ("
            + stderr.file()
            + ")\n"
            + tail(stderr.lines()));
  }

  /** Kills the JVM if it is still running. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private void awaitOutput() throws InterruptedException {
    // The readers end once the (now dead) process's pipes are drained.
    stdout.awaitEnd(10_000);
    stderr.awaitEnd(10_000);
  }

  private static String tail(List<String> lines) {
    return String.join("\n", lines.subList(Math.max(0, lines.size() - QUOTED_LINES), lines.size()));
  }
}
