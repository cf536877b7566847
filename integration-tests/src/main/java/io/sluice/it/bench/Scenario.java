package io.sluice.it.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The load harness's scenarios, each run twice in the same run: directly and with the agent. A
 * scenario is data: the app's arguments, the agent args, the JDK, and the rows of its table.
 */
public enum Scenario {
  /** (a) One thread, one connection: latency of a prepared primary-key point select. */
  A(
      "one thread, one connection, PreparedStatement primary-key point selects",
      "",
      false,
      List.of(
          Metric.ratio("throughput (ops/s)", "throughput"),
          Metric.ratio("p50 latency (us)", "p50Us"),
          Metric.ratio("p99 latency (us)", "p99Us"),
          Metric.field("errors", "errors"))),

  /** (b) 64 threads, each with its own connection: throughput on 16 physical connections. */
  B(
      "64 threads, each with its own connection, point selects",
      "queryserver_config_pool_size=16",
      false,
      List.of(
          Metric.field("app-side connections", "connections"),
          Metric.MYSQL_PEAK,
          Metric.ratio("throughput (ops/s)", "throughput"),
          Metric.ratio("p99 latency (us)", "p99Us"),
          Metric.field("errors", "errors"))),

  /** (c) Thousands of idle logical sessions held by virtual threads, on the newer JDK. */
  C(
      "logical sessions held idle by virtual threads",
      "queryserver_config_pool_size=32",
      true,
      List.of(
          Metric.field("sessions opened", "opened"),
          Metric.field("completed", "completed"),
          Metric.MYSQL_PEAK,
          Metric.ratio("heap per idle session (bytes)", "heapPerSessionBytes"),
          Metric.field("idle virtual thread alone (bytes)", "heapPerThreadBytes"),
          Metric.ratio("per session minus the thread (bytes)", "heapPerConnectionBytes"),
          Metric.field("statements after idling", "statements"),
          Metric.field("failed at connection #", "failedAt"),
          Metric.field("errors", "errors"))) {
    @Override
    List<String> appArgs(HarnessOptions options) {
      return List.of("--mode=sessions", "--sessions=" + options.sessions(), "--statements=3");
    }

    @Override
    Path javaHome(HarnessOptions options) {
      return options.java25Home();
    }

    @Override
    Duration timeout(HarnessOptions options) {
      return Duration.ofMinutes(10);
    }
  };

  /** 64 threads in (b); (a) is the one-thread case of the same select loop. */
  private static final int B_THREADS = 64;

  private final String title;
  private final String agentArgs;
  private final boolean directMayFail;
  private final List<Metric> metrics;

  Scenario(String title, String agentArgs, boolean directMayFail, List<Metric> metrics) {
    this.title = title;
    this.agentArgs = agentArgs;
    this.directMayFail = directMayFail;
    this.metrics = metrics;
  }

  /** The scenario's letter, as in {@code --scenarios=a,b}. */
  public String letter() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** What the scenario does, for its table's heading. */
  public String title() {
    return title;
  }

  /** The agent side's {@code -javaagent} args (empty: the defaults). */
  public String agentArgs() {
    return agentArgs;
  }

  /** Whether the direct side may legitimately stop early (at MySQL's max_connections). */
  public boolean directMayFail() {
    return directMayFail;
  }

  /** The rows of the scenario's table. */
  List<Metric> metrics() {
    return metrics;
  }

  /** {@link BenchApp}'s arguments besides the connection's. */
  List<String> appArgs(HarnessOptions options) {
    return List.of(
        "--mode=select",
        "--threads=" + (this == A ? 1 : B_THREADS),
        "--warmup=" + options.warmupSeconds(),
        "--duration=" + options.durationSeconds());
  }

  /** The JDK running the app. */
  Path javaHome(HarnessOptions options) {
    return options.javaHome();
  }

  /** How long one side may run before the harness gives up on it. */
  Duration timeout(HarnessOptions options) {
    return Duration.ofSeconds(options.warmupSeconds() + options.durationSeconds()).plusMinutes(3);
  }

  /**
   * One row of a scenario's table.
   *
   * @param label the row's label
   * @param value the side's figure, as printed
   * @param ratio whether the table shows agent/direct for this row
   */
  record Metric(String label, Function<Side, String> value, boolean ratio) {
    static final Metric MYSQL_PEAK =
        new Metric("MySQL-side connections (peak)", side -> Integer.toString(side.mysqlPeak()), false);

    static Metric field(String label, String key) {
      return new Metric(label, side -> side.result().get(key), false);
    }

    static Metric ratio(String label, String key) {
      return new Metric(label, side -> side.result().get(key), true);
    }
  }
}
