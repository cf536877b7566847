package io.sluice.it.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenario (d): 64 threads of point selects whose sessions set session variables first, as
 * applications and ORMs do, with three distinct sql_modes. The same load runs four ways, all with
 * the agent: without SETs (the reference), with sql_modes only (they ride as SET_VAR hints), with
 * a week format too (no hint carries it: the settings pool), and the same with the settings pool
 * off (every session reserved). Each way reports its throughput against the reference, MySQL's
 * peak of connections, and the agent's reserved sessions.
 */
public final class SettingsMix {
  private static final String AGENT = "queryserver_config_pool_size=16";

  /** One way to run the mix. */
  record Way(String label, String settings, String agentArgs) {}

  static final List<Way> WAYS =
      List.of(
          new Way("no SETs", "none", AGENT),
          new Way("SET_VAR (3 sql_modes)", "sqlmode", AGENT),
          new Way("settings pool (+ week format)", "week", AGENT),
          new Way("reserved (settings pool off)", "week", AGENT + ",queryserver_enable_settings_pool=false"));

  /**
   * The ways' measurements.
   *
   * @param sides in {@link #WAYS}' order
   */
  public record Result(List<Side> sides) {
    private static final String ROW = "%-32s %12s %9s %11s %9s %12s %12s %12s%n";

    /** Throughput of way {@code i} over the way without SETs. */
    public double ratio(int i) {
      return sides.get(i).number("throughput") / sides.get(0).number("throughput");
    }

    /** The printable table. */
    public String table() {
      StringBuilder out = new StringBuilder();
      out.append(
          String.format(
              Locale.ROOT,
              "%n(d) 64 threads, point selects after session SETs, 3 distinct sql_modes; Sluice"
                  + " with %s%n%n",
              AGENT));
      out.append(
          String.format(
              Locale.ROOT,
              ROW,
              "",
              "ops/s",
              "/no SETs",
              "MySQL peak",
              "reserved",
              "hinted",
              "pool hits",
              "pool misses"));
      for (int i = 0; i < sides.size(); i++) {
        Side side = sides.get(i);
        out.append(
            String.format(
                Locale.ROOT,
                ROW,
                WAYS.get(i).label(),
                side.result().get("throughput"),
                String.format(Locale.ROOT, "%.2f", ratio(i)),
                side.mysqlPeak(),
                side.result().get("reservedSessions"),
                side.result().get("hinted"),
                side.result().get("settingsHits"),
                side.result().get("settingsMisses")));
      }
      return out.toString();
    }

    /** Why this is not a clean run; empty if it is. */
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < sides.size(); i++) {
        Side side = sides.get(i);
        if (side.number("errors") > 0) {
          problems.add(WAYS.get(i).label() + " had errors");
        }
        side.agentProblems().forEach(line -> problems.add("agent said: " + line));
      }
      return problems;
    }
  }

  private SettingsMix() {}

  static Result run(BenchRun runner, HarnessOptions options) throws SQLException {
    List<Side> sides = new ArrayList<>();
    for (Way way : WAYS) {
      System.err.printf("(d) %s...%n", way.label());
      sides.add(
          runner.run(
              "scenario-d-" + way.settings() + (way.agentArgs().contains("false") ? "-off" : ""),
              List.of(
                  "--mode=select",
                  "--threads=64",
                  "--settings=" + way.settings(),
                  "--warmup=" + options.warmupSeconds(),
                  "--duration=" + options.durationSeconds()),
              way.agentArgs(),
              options.javaHome(),
              Duration.ofSeconds(options.warmupSeconds() + options.durationSeconds())
                  .plusMinutes(3)));
    }
    return new Result(sides);
  }
}
