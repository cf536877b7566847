package io.sluice.it.bench;

import io.sluice.testkit.KeyValueLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * What one soak measured, with its table and verdict. The verdict compares the last window (a
 * minute, or a third of a shorter run) with the second one, not the first: the first holds the
 * start-up, when classes load and the pools fill.
 *
 * @param options what was run
 * @param samples the samples, in order
 * @param result the application's {@code RESULT} line
 * @param mysqlPeak the app user's most connections in MySQL's process list, sampled every 100 ms
 * @param report the oracle's report as the application printed it
 * @param sluiceProblems the agent's WARN and ERROR lines
 */
public record SoakResult(
    SoakOptions options,
    List<Sample> samples,
    KeyValueLine result,
    int mysqlPeak,
    List<String> report,
    List<String> sluiceProblems) {

  /**
   * The agent's {@code queryserver_config_transaction_cap} by default, which the soak keeps: the
   * transaction connections come on top of the pool.
   */
  static final int TRANSACTION_CAP = 20;

  /** Heap growth allowed between the second and the last window: the larger of the two. */
  static final double HEAP_GROWTH = 0.10;

  static final long HEAP_SLACK_BYTES = 16L << 20;

  static final String SAMPLE_HEADER =
      "    time   heap MB  threads  sessions  reserved  physical  in use  MySQL       ops";

  private static final double MB = 1 << 20;

  /**
   * One sample: the application's view (heap, threads, Sluice's JMX, operations so far) and MySQL's
   * count of the app user's connections taken as its line arrived.
   *
   * @param n the sample's number, from 1
   * @param elapsedMs since the application started its workload
   * @param heapBytes heap used after {@code System.gc()}
   * @param threads live threads
   * @param openSessions {@code io.sluice:type=Sessions} OpenSessions
   * @param reservedSessions the same, ReservedSessions
   * @param physical every tablet's PhysicalConnections, summed
   * @param inUse every tablet's InUse (pooled connections lent out)
   * @param reservedConnections every tablet's ReservedConnections
   * @param capacity every tablet's Capacity (pool sizes)
   * @param ops operations completed so far: the oracle's and the point selects
   * @param errors errors so far, of both
   * @param mysql the app user's connections in MySQL's process list
   */
  public record Sample(
      int n,
      long elapsedMs,
      long heapBytes,
      int threads,
      int openSessions,
      int reservedSessions,
      int physical,
      int inUse,
      int reservedConnections,
      int capacity,
      long ops,
      long errors,
      int mysql) {

    static Sample of(KeyValueLine line, int mysql) {
      return new Sample(
          line.getInt("n"),
          line.getLong("elapsedMs"),
          line.getLong("heapBytes"),
          line.getInt("threads"),
          orZero(line.get("openSessions")),
          orZero(line.get("reservedSessions")),
          line.getInt("physical"),
          line.getInt("inUse"),
          line.getInt("reservedConnections"),
          line.getInt("capacity"),
          line.getLong("oracleOps") + line.getLong("selectOps"),
          line.getLong("oracleErrors") + line.getLong("selectErrors"),
          mysql);
    }

    /** Sluice registers its MBeans with the first tablet: before that, nothing is open. */
    private static int orZero(String value) {
      return value.equals("-") ? 0 : Integer.parseInt(value);
    }

    /** The sample as a row under {@link #SAMPLE_HEADER}. */
    String row() {
      return String.format(
          Locale.ROOT,
          "%8s %9.1f %8d %9d %9d %9d %7d %6d %9d",
          clock(elapsedMs),
          heapBytes / MB,
          threads,
          openSessions,
          reservedSessions,
          physical,
          inUse,
          mysql,
          ops);
    }
  }

  /** The application's count of a {@code RESULT} field. */
  public long count(String key) {
    return result.getLong(key);
  }

  /** The samples of the first window. */
  public List<Sample> firstWindow() {
    return window(0);
  }

  /** The samples of the second window, the verdict's reference. */
  public List<Sample> secondWindow() {
    return window(1);
  }

  /** The samples of the last window. */
  public List<Sample> lastWindow() {
    long from = options.seconds() - windowSeconds();
    return samples.stream().filter(s -> nominalSeconds(s) > from).toList();
  }

  /** Everything that fails the soak: not flat, violations, errors, the agent's warnings. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (samples.size() != options.samples()) {
      problems.add(samples.size() + " samples of " + options.samples());
      return problems;
    }
    if (!heapFlat()) {
      problems.add(heapVerdict());
    }
    if (!threadsFlat()) {
      problems.add(threadsVerdict());
    }
    if (!connectionsWithinPools()) {
      problems.add(connectionsVerdict());
    }
    if (count("violations") > 0) {
      problems.add(count("violations") + " isolation oracle violations");
    }
    long errors = count("oracleErrors") + count("selectErrors");
    if (errors > 0) {
      problems.add(errors + " unexpected errors (see the application's output)");
    }
    sluiceProblems.forEach(p -> problems.add("the agent logged: " + p));
    return problems;
  }

  /** Whether the last window's average heap is within the allowed growth of the second's. */
  public boolean heapFlat() {
    return average(lastWindow(), Sample::heapBytes) <= heapLimitBytes();
  }

  /** Whether no sample of the last window has more live threads than the second window at most. */
  public boolean threadsFlat() {
    return max(lastWindow(), Sample::threads) <= max(secondWindow(), Sample::threads);
  }

  /**
   * Whether physical connections never went past the pool, the transaction cap and the reserved
   * connections: in Sluice's count at every sample, and in MySQL's at its peak.
   */
  public boolean connectionsWithinPools() {
    boolean sluice =
        samples.stream()
            .allMatch(
                s -> s.physical() - s.reservedConnections() <= s.capacity() + TRANSACTION_CAP);
    return sluice && mysqlPeak <= connectionBound();
  }

  /** The most physical connections allowed: pool, transaction cap and the most reserved. */
  public int connectionBound() {
    return options.poolSize() + TRANSACTION_CAP + (int) max(samples, Sample::reservedConnections);
  }

  /** The table of the windows, the verdict lines and the oracle's report. */
  public String table() {
    List<Sample> first = firstWindow();
    List<Sample> second = secondWindow();
    List<Sample> last = lastWindow();
    String name = windowName();
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%nSoak, %s under -javaagent (%d samples; averages per window)%n%n",
            clock(options.seconds() * 1_000L),
            samples.size()));
    text.append(
        String.format(
            Locale.ROOT,
            "%-34s %13s %13s %13s %9s %9s%n",
            "",
            "first " + name,
            "second " + name,
            "last " + name,
            "min",
            "max"));
    row(text, "heap used after GC (MB)", s -> s.heapBytes() / MB, first, second, last);
    row(text, "live threads", Sample::threads, first, second, last);
    row(text, "MySQL connections (app user)", Sample::mysql, first, second, last);
    row(text, "Sluice PhysicalConnections", Sample::physical, first, second, last);
    row(text, "pooled connections InUse", Sample::inUse, first, second, last);
    row(text, "OpenSessions", Sample::openSessions, first, second, last);
    row(text, "ReservedSessions", Sample::reservedSessions, first, second, last);
    text.append(
        String.format(
            Locale.ROOT,
            "%-34s %13.1f %13.1f %13.1f%n",
            "ops/s (oracle + point selects)",
            rate(first),
            rate(second),
            rate(last)));
    text.append('\n');
    text.append(verdictLine(heapFlat(), heapVerdict()));
    text.append(verdictLine(threadsFlat(), threadsVerdict()));
    text.append(verdictLine(connectionsWithinPools(), connectionsVerdict()));
    text.append(
        verdictLine(
            count("violations") == 0 && count("oracleErrors") == 0 && count("selectErrors") == 0,
            String.format(
                Locale.ROOT,
                "work: %,d oracle operations (%d violations, %d errors, %d reconnects), %,d point"
                    + " selects (%d errors); open sessions after the run: %s",
                count("oracleOps"),
                count("violations"),
                count("oracleErrors"),
                count("reconnects"),
                count("selectOps"),
                count("selectErrors"),
                result.get("openSessionsAfter"))));
    text.append(
        problems().isEmpty()
            ? "VERDICT: flat, 0 violations\n"
            : "VERDICT: NOT FLAT OR NOT CLEAN\n");
    text.append('\n');
    report.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  private String heapVerdict() {
    double second = average(secondWindow(), Sample::heapBytes);
    return String.format(
        Locale.ROOT,
        "heap after GC: last %s %.1f MB against %.1f MB in the second (at most %.1f MB: +%d%% or"
            + " +%d MB)",
        windowName(),
        average(lastWindow(), Sample::heapBytes) / MB,
        second / MB,
        heapLimitBytes() / MB,
        Math.round(HEAP_GROWTH * 100),
        HEAP_SLACK_BYTES >> 20);
  }

  private String threadsVerdict() {
    return String.format(
        Locale.ROOT,
        "live threads: at most %d in the last %s against %d in the second (min %d, max %d over the"
            + " run)",
        (int) max(lastWindow(), Sample::threads),
        windowName(),
        (int) max(secondWindow(), Sample::threads),
        (int) min(samples, Sample::threads),
        (int) max(samples, Sample::threads));
  }

  private String connectionsVerdict() {
    return String.format(
        Locale.ROOT,
        "physical connections: MySQL peak %d (every 100 ms), Sluice at most %d, against %d pooled +"
            + " %d transaction + %d reserved at most = %d",
        mysqlPeak,
        (int) max(samples, Sample::physical),
        options.poolSize(),
        TRANSACTION_CAP,
        (int) max(samples, Sample::reservedConnections),
        connectionBound());
  }

  private double heapLimitBytes() {
    double second = average(secondWindow(), Sample::heapBytes);
    return second + Math.max(second * HEAP_GROWTH, HEAP_SLACK_BYTES);
  }

  private static String verdictLine(boolean ok, String text) {
    return (ok ? "ok       " : "NOT OK   ") + text + "\n";
  }

  /** One line of the table: the windows' averages, then min and max over every sample. */
  private void row(
      StringBuilder text,
      String name,
      ToDoubleFunction<Sample> value,
      List<Sample> first,
      List<Sample> second,
      List<Sample> last) {
    text.append(
        String.format(
            Locale.ROOT,
            "%-34s %13.1f %13.1f %13.1f %9.1f %9.1f%n",
            name,
            average(first, value),
            average(second, value),
            average(last, value),
            min(samples, value),
            max(samples, value)));
  }

  /** Operations per second over a window, from the sample before it (or the start). */
  private double rate(List<Sample> window) {
    if (window.isEmpty()) {
      return 0;
    }
    int before = samples.indexOf(window.get(0)) - 1;
    long opsBefore = before < 0 ? 0 : samples.get(before).ops();
    long msBefore = before < 0 ? 0 : samples.get(before).elapsedMs();
    Sample end = window.get(window.size() - 1);
    return (end.ops() - opsBefore) * 1_000.0 / Math.max(1, end.elapsedMs() - msBefore);
  }

  private List<Sample> window(int index) {
    long from = index * windowSeconds();
    long to = from + windowSeconds();
    return samples.stream()
        .filter(s -> nominalSeconds(s) > from && nominalSeconds(s) <= to)
        .toList();
  }

  /** A minute, or a third of a run shorter than three minutes. */
  private long windowSeconds() {
    return Math.min(60, options.seconds() / 3);
  }

  private String windowName() {
    return windowSeconds() == 60 ? "minute" : windowSeconds() + " s";
  }

  /** When the sample was due: its number times the interval (it comes a GC later). */
  private long nominalSeconds(Sample sample) {
    return (long) sample.n() * options.sampleSeconds();
  }

  private static double average(List<Sample> samples, ToDoubleFunction<Sample> value) {
    return samples.stream().mapToDouble(value).average().orElse(Double.NaN);
  }

  private static double min(List<Sample> samples, ToDoubleFunction<Sample> value) {
    return samples.stream().mapToDouble(value).min().orElse(Double.NaN);
  }

  private static double max(List<Sample> samples, ToDoubleFunction<Sample> value) {
    return samples.stream().mapToDouble(value).max().orElse(Double.NaN);
  }

  /** {@code m:ss}. */
  static String clock(long millis) {
    long seconds = Math.round(millis / 1_000.0);
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
