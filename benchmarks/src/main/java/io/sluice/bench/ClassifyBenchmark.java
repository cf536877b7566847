package io.sluice.bench;

import io.sluice.sql.LexerMode;
import io.sluice.sql.SqlClassifier;
import io.sluice.sql.StatementPlan;
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
 * A plan-cache miss: classifying a text from scratch (lexing, statement kind, flags, rewrite
 * points), what the first run of each distinct text costs, for each of the ten {@link Statements}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ClassifyBenchmark {
  @Param({
    "point_select", "orm_select", "insert", "update", "delete",
    "join", "aggregate", "set_sysvar", "set_udv", "udv_read"
  })
  public String statement;

  private String sql;

  @Setup
  public void setUp() {
    sql = Statements.sql(statement);
  }

  @Benchmark
  public StatementPlan classify() {
    return SqlClassifier.classify(sql, LexerMode.DEFAULT);
  }
}
