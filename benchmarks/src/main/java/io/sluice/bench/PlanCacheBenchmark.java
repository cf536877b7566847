package io.sluice.bench;

import io.sluice.sql.PlanCache;
import io.sluice.sql.StatementPlan;
import io.sluice.vars.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A plan-cache hit, the per-statement work of every statement a session runs, for each of the ten
 * {@link Statements}: the lookup alone ({@link #hit}), then the lookup and the text to send as
 * {@code Session.textFor} makes it, without SET_VAR hints ({@link #hitAndText}) and with the two
 * hints a session that changed {@code sql_mode} and {@code time_zone} carries ({@link
 * #hitAndTextWithSetVar}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlanCacheBenchmark {
  @Param({
    "point_select", "orm_select", "insert", "update", "delete",
    "join", "aggregate", "set_sysvar", "set_udv", "udv_read"
  })
  public String statement;

  private final FixedValues values = new FixedValues();
  private PlanCache cache;
  private String sql;
  private String hints;
  private List<String> targets;

  @Setup
  public void setUp() {
    cache = new PlanCache();
    Statements.ALL.values().forEach(cache::plan);
    // An equal but distinct String, as an application's own text is: the hit compares contents.
    sql = new String(Statements.sql(statement));
    hints =
        Settings.NONE
            .with("sql_mode", "''", "'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES'", true)
            .with("time_zone", "'+00:00'", "'SYSTEM'", true)
            .hints();
    StatementPlan plan = cache.plan(sql);
    if (cache.hits() != 1) {
      throw new IllegalStateException("the statement was not a cache hit: " + statement);
    }
    // A SET of user variables runs with them renamed to Sluice's own (SetAbsorber's names).
    if (!plan.userVariableTargets().isEmpty()) {
      targets = new ArrayList<>();
      for (int i = 0; i < plan.userVariableTargets().size(); i++) {
        targets.add("@__sluice_" + i);
      }
    }
  }

  /** The lookup alone. */
  @Benchmark
  public StatementPlan hit() {
    return cache.plan(sql);
  }

  /** The lookup and the text to send, for a session whose settings ride on the connection. */
  @Benchmark
  public String hitAndText() {
    StatementPlan plan = cache.plan(sql);
    if (targets == null) {
      return plan.needsRewrite() ? plan.rewrite(values) : sql;
    }
    return plan.rewrite(values, null, null, targets);
  }

  /** The lookup and the text to send, carrying two SET_VAR hints where the statement can. */
  @Benchmark
  public String hitAndTextWithSetVar() {
    StatementPlan plan = cache.plan(sql);
    String carried = plan.hintOffset() >= 0 ? hints : null;
    if (carried == null && targets == null) {
      return plan.needsRewrite() ? plan.rewrite(values) : sql;
    }
    return plan.rewrite(values, carried, null, targets);
  }
}
