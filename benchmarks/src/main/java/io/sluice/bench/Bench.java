package io.sluice.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with its own command-line options, then prints the results as the README's Markdown
 * table, in ns/op and ops/s whatever unit each benchmark reports in, and the ratio of a Sluice
 * session's {@code SELECT 1} to a direct connection's from the same run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.sluice.bench.Bench -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws CommandLineOptionException, RunnerException {
    Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
    List<String> rows = new ArrayList<>();
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      Result<?> result = run.getPrimaryResult();
      String name = params.getBenchmark().replaceFirst("^.*\\.([^.]+\\.[^.]+)$", "$1");
      String param = params.getParamsKeys().isEmpty() ? "" : params.getParam("statement");
      double scale = toStandardUnit(result.getScoreUnit());
      rows.add(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s |",
              name,
              param == null ? "" : param,
              params.getMode().shortLabel(),
              figure(result.getScore() * scale),
              figure(result.getScoreError() * scale),
              result.getScoreUnit().startsWith("ops") ? "ops/s" : "ns/op"));
    }
    System.out.println();
    System.out.println("| benchmark | statement | mode | score | error (99.9%) | unit |");
    System.out.println("| --- | --- | --- | ---: | ---: | --- |");
    rows.forEach(System.out::println);
    printRatio(results, "avgt", "Sluice/direct time per SELECT 1");
    printRatio(results, "thrpt", "Sluice/direct SELECT 1 per second");
  }

  /** The factor from a JMH unit ("us/op", "ops/ms", ...) to ns/op or ops/s. */
  private static double toStandardUnit(String unit) {
    boolean throughput = unit.startsWith("ops/");
    String time = throughput ? unit.substring(4) : unit.substring(0, unit.indexOf('/'));
    TimeUnit tu =
        switch (time) {
          case "ns" -> TimeUnit.NANOSECONDS;
          case "us" -> TimeUnit.MICROSECONDS;
          case "ms" -> TimeUnit.MILLISECONDS;
          case "s" -> TimeUnit.SECONDS;
          case "min" -> TimeUnit.MINUTES;
          default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    double nanos = tu.toNanos(1);
    return throughput ? 1e9 / nanos : nanos;
  }

  private static void printRatio(Collection<RunResult> results, String mode, String label) {
    Double logical = score(results, "SessionBenchmark.logical", mode);
    Double direct = score(results, "SessionBenchmark.direct", mode);
    if (logical != null && direct != null) {
      System.out.printf(Locale.ROOT, "%n%s: %.2f%n", label, logical / direct);
    }
  }

  private static Double score(Collection<RunResult> results, String suffix, String mode) {
    for (RunResult run : results) {
      BenchmarkParams params = run.getParams();
      if (params.getBenchmark().endsWith(suffix) && params.getMode().shortLabel().equals(mode)) {
        Result<?> result = run.getPrimaryResult();
        return result.getScore() * toStandardUnit(result.getScoreUnit());
      }
    }
    return null;
  }

  private static String figure(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return value >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
