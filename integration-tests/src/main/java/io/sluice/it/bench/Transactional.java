package io.sluice.it.bench;

import io.sluice.testkit.EmbeddedMysql;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Scenarios (e) and (f), on {@link TpccSchema}'s database, each way run direct and with the agent,
 * the data loaded afresh before every side, MySQL's own counters read around the measured phase
 * ({@link BenchRun#runCounted}):
 *
 * <ul>
 *   <li>(e) the TPC-C-like mix ({@link TpccMix}) on a HikariCP pool whose connections have
 *       autocommit off and the isolation level set, at every isolation level and thread count
 *       asked; then, at the first of each, with server prepared statements ({@code
 *       useServerPrepStmts=true}), without and with the driver's statement cache. It reports
 *       transactions per second, p50 and p99, MySQL's commands per transaction by kind, prepares
 *       per execution, and MySQL's peak of connections;
 *   <li>(f) 32 threads of autocommit selects and short transactions ({@link ShortMix}) on app pools
 *       of several sizes: MySQL's peak of connections against the app's own pool.
 * </ul>
 */
public final class Transactional {
  private static final String DATABASE = "tpcc";
  private static final Way.Url SERVER_PREPARES =
      new Way.Url("server prepares", "useServerPrepStmts=true");
  private static final Way.Url STATEMENT_CACHE =
      new Way.Url(
          "server prepares + cache",
          "useServerPrepStmts=true&cachePrepStmts=true&prepStmtCacheSize=250");
  private static final Way.Url PLAIN = new Way.Url("", "");
  /**
   * Counted again under the kind of the statement executed ({@code Com_stmt_execute}), or not a
   * command of the client at all ({@code Com_stmt_reprepare}, MySQL's own re-prepare).
   */
  private static final Set<String> NOT_COMMANDS = Set.of("Com_stmt_execute", "Com_stmt_reprepare");

  /**
   * One way to run a scenario.
   *
   * @param label the way's name in the tables
   * @param appArgs {@link BenchApp}'s arguments besides the connection's
   * @param urlOptions Connector/J options added to the URL (empty: none)
   */
  public record Way(String label, List<String> appArgs, String urlOptions) {
    /** Connector/J options added to a way's URL, and what the way's label calls them. */
    record Url(String label, String options) {}
  }

  /**
   * One way's two sides.
   *
   * @param way the way
   * @param direct without the agent
   * @param agent with the agent
   */
  public record Pair(Way way, CountedSide direct, CountedSide agent) {
    /** The ratio agent/direct of a numeric RESULT field. */
    public double ratio(String key) {
      return agent.side().number(key) / direct.side().number(key);
    }

    /** MySQL's commands per measured transaction on {@code side}. */
    public static double statementsPerTransaction(CountedSide side) {
      return perTransaction(side, statements(side.commands()));
    }

    /** {@code Com_stmt_prepare} per {@code Com_stmt_execute} on {@code side}; 0 without either. */
    public static double preparesPerExecution(CountedSide side) {
      long executions = side.commands().getOrDefault("Com_stmt_execute", 0L);
      return executions == 0
          ? 0
          : side.commands().getOrDefault("Com_stmt_prepare", 0L) / (double) executions;
    }

    private static double perTransaction(CountedSide side, long count) {
      return count / side.side().number("ops");
    }

    private static long statements(Map<String, Long> commands) {
      return commands.entrySet().stream()
          .filter(e -> !NOT_COMMANDS.contains(e.getKey()))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }
  }

  /**
   * A scenario's measurements.
   *
   * @param letter {@code e} or {@code f}
   * @param title what the scenario does
   * @param unit what the app counts: a transaction, or an operation (a statement or a transaction)
   * @param agentArgs the agent side's args
   * @param pairs in the ways' order
   */
  public record Result(
      String letter, String title, String unit, String agentArgs, List<Pair> pairs) {
    private static final String ROW = "  %-40s %12s %12s %13s%n";

    /** A block per way, then (e)'s summary or (f)'s table of connections. */
    public String table() {
      StringBuilder out = new StringBuilder();
      out.append(
          format(
              "%n(%s) %s; Sluice with %s%n",
              letter,
              title,
              agentArgs.isEmpty() ? "default agent args" : agentArgs));
      for (Pair pair : pairs) {
        out.append(format("%n%s%n", pair.way().label()));
        out.append(format(ROW, "", "direct", "with Sluice", "agent/direct"));
        row(out, unit + "s/s", pair, s -> s.side().number("throughput"), "%.1f");
        row(out, "p50 latency (ms)", pair, s -> s.side().number("p50Ms"), "%.2f");
        row(out, "p99 latency (ms)", pair, s -> s.side().number("p99Ms"), "%.2f");
        row(out, "deadlocks retried", pair, s -> s.side().number("deadlocks"), "%.0f");
        row(out, "lock wait timeouts retried", pair, s -> s.side().number("lockWaitTimeouts"), "%.0f");
        row(out, "MySQL commands per " + unit, pair, Pair::statementsPerTransaction, "%.2f");
        Set<String> kinds = new TreeSet<>(pair.direct().commands().keySet());
        kinds.addAll(pair.agent().commands().keySet());
        for (String kind : kinds) {
          row(
              out,
              "  " + kind,
              pair,
              s -> Pair.perTransaction(s, s.commands().getOrDefault(kind, 0L)),
              "%.3f");
        }
        if (pair.direct().commands().containsKey("Com_stmt_execute")) {
          row(out, "Com_stmt_prepare per execution", pair, Pair::preparesPerExecution, "%.3f");
        }
        row(out, "MySQL connections (peak)", pair, s -> s.side().mysqlPeak(), "%.0f");
        row(out, "errors", pair, s -> s.side().number("errors"), "%.0f");
      }
      out.append(summary());
      return out.toString();
    }

    private String summary() {
      StringBuilder out = new StringBuilder();
      String row = "%-52s %7s %6s %6s %7s %7s %7s %7s%n";
      out.append(
          format(
              "%n(%s) summary: %ss/s, p50, p99 as agent/direct; MySQL commands per %s and peak"
                  + " of connections, direct (d) and with Sluice (S)%n",
              letter,
              unit,
              unit));
      out.append(format(row, "", "rate", "p50", "p99", "cmd d", "cmd S",
          "peak d", "peak S"));
      for (Pair pair : pairs) {
        out.append(
            format(
                row,
                pair.way().label(),
                format("%.2f", pair.ratio("throughput")),
                format("%.2f", pair.ratio("p50Ms")),
                format("%.2f", pair.ratio("p99Ms")),
                format("%.2f", Pair.statementsPerTransaction(pair.direct())),
                format("%.2f", Pair.statementsPerTransaction(pair.agent())),
                pair.direct().side().mysqlPeak(),
                pair.agent().side().mysqlPeak()));
      }
      return out.toString();
    }

    private static void row(
        StringBuilder out,
        String label,
        Pair pair,
        java.util.function.ToDoubleFunction<CountedSide> value,
        String number) {
      double direct = value.applyAsDouble(pair.direct());
      double agent = value.applyAsDouble(pair.agent());
      out.append(
          format(
              ROW,
              label,
              format(number, direct),
              format(number, agent),
              direct == 0 ? (agent == 0 ? "" : "-") : format("%.2f", agent / direct)));
    }

    /** Why this is not a clean run; empty if it is. */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      for (Pair pair : pairs) {
        for (CountedSide side : List.of(pair.direct(), pair.agent())) {
          String which = pair.way().label() + (side == pair.direct() ? ", direct" : ", Sluice");
          if (side.side().number("errors") > 0) {
            problems.add(which + " had errors");
          }
          if (side.side().number("ops") == 0) {
            problems.add(which + " completed no transaction");
          }
        }
        pair.agent().side().agentProblems().forEach(line -> problems.add("agent said: " + line));
      }
      return problems;
    }
  }

  private Transactional() {}

  /** Scenario (e)'s ways, from the options. */
  static List<Way> transactionWays(HarnessOptions options) {
    List<Way> ways = new ArrayList<>();
    for (String isolation : options.txIsolations()) {
      for (int threads : options.txThreads()) {
        ways.add(tpccWay(options, isolation, threads, PLAIN));
      }
    }
    String isolation = options.txIsolations().get(0);
    int threads = options.txThreads().get(0);
    ways.add(tpccWay(options, isolation, threads, SERVER_PREPARES));
    ways.add(tpccWay(options, isolation, threads, STATEMENT_CACHE));
    return ways;
  }

  private static Way tpccWay(
      HarnessOptions options, String isolation, int threads, Way.Url url) {
    int pool = options.txPool() > 0 ? options.txPool() : threads;
    return new Way(
        String.format(
            Locale.ROOT,
            "%s, %d threads, pool %d%s",
            isolation,
            threads,
            pool,
            url.label().isEmpty() ? "" : ", " + url.label()),
        List.of(
            "--mode=tpcc",
            "--threads=" + threads,
            "--pool=" + pool,
            "--autocommit=false",
            "--isolation=" + isolation,
            "--warmup=" + options.warmupSeconds(),
            "--duration=" + options.durationSeconds()),
        url.options());
  }

  /** Scenario (f)'s ways, one per app pool size. */
  static List<Way> connectionWays(HarnessOptions options) {
    List<Way> ways = new ArrayList<>();
    for (int pool : options.connPools()) {
      ways.add(
          new Way(
              String.format(
                  Locale.ROOT, "%d threads, app pool %d", options.connThreads(), pool),
              List.of(
                  "--mode=short",
                  "--threads=" + options.connThreads(),
                  "--pool=" + pool,
                  "--warmup=" + options.warmupSeconds(),
                  "--duration=" + options.durationSeconds()),
              ""));
    }
    return ways;
  }

  /** Runs scenario (e): every way of {@link #transactionWays}, both sides. */
  static Result transactions(EmbeddedMysql mysql, HarnessOptions options, BenchDatabase database)
      throws SQLException {
    return run(
        mysql,
        options,
        database,
        "e",
        "transaction",
        "TPC-C-like mix, " + TpccSchema.WAREHOUSES + " warehouses: new-order 45%, payment 43%,"
            + " order-status 12%, autocommit off",
        transactionWays(options));
  }

  /** Runs scenario (f): every way of {@link #connectionWays}, both sides. */
  static Result connections(EmbeddedMysql mysql, HarnessOptions options, BenchDatabase database)
      throws SQLException {
    return run(
        mysql,
        options,
        database,
        "f",
        "operation",
        "MySQL connections against the app's pool: 70% autocommit selects, 30% short"
            + " transactions",
        connectionWays(options));
  }

  private static Result run(
      EmbeddedMysql mysql,
      HarnessOptions options,
      BenchDatabase database,
      String letter,
      String unit,
      String title,
      List<Way> ways)
      throws SQLException {
    String url = mysql.jdbcUrl(DATABASE);
    Duration timeout =
        Duration.ofSeconds(options.warmupSeconds() + options.durationSeconds()).plusMinutes(3);
    List<Pair> pairs = new ArrayList<>();
    for (Way way : ways) {
      BenchRun runner =
          new BenchRun(
              mysql,
              options,
              database.at(way.urlOptions().isEmpty() ? url : url + "&" + way.urlOptions()));
      CountedSide[] sides = new CountedSide[2];
      for (int i = 0; i < 2; i++) {
        boolean withAgent = i == 1;
        System.err.printf(
            "(%s) %s: %s...%n", letter, way.label(), withAgent ? "with Sluice" : "direct");
        TpccSchema.load(url, "root", "");
        sides[i] =
            runner.runCounted(
                "scenario-" + letter + "-" + (pairs.size() + 1) + (withAgent ? "-agent" : "-direct"),
                way.appArgs(),
                withAgent ? options.txAgentArgs() : null,
                timeout);
      }
      pairs.add(new Pair(way, sides[0], sides[1]));
    }
    return new Result(letter, title, unit, options.txAgentArgs(), pairs);
  }

  private static String format(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
