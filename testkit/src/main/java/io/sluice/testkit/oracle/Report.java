package io.sluice.testkit.oracle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The outcome of one oracle run. It passes only with no violation; unexpected errors are listed
 * apart, since a fault suite expects some.
 *
 * @param config what was run
 * @param baseline the fresh-session state the run started from
 * @param operations operations run, over all sessions
 * @param operationsByFamily the same, per family
 * @param readsChecked results compared with the model
 * @param reconnects connections opened after each session's first
 * @param violationCount all violations; {@code violations} keeps at most the first {@value
 *     IsolationOracle#KEPT_VIOLATIONS}
 * @param violations the violations kept, in the order they were found per session
 * @param errors unexpected SQLExceptions grouped by SQLState and code
 * @param elapsed wall time of the run
 * @param deadlineReached whether some session stopped early at the deadline
 * @param physicalConnectionsPeak the app user's connection count at its highest, as {@code
 *     information_schema.processlist} showed it, when the run was observed
 */
public record Report(
    OracleConfig config,
    Baseline baseline,
    long operations,
    Map<Family, Long> operationsByFamily,
    long readsChecked,
    long reconnects,
    long violationCount,
    List<Violation> violations,
    List<ErrorStat> errors,
    Duration elapsed,
    boolean deadlineReached,
    OptionalInt physicalConnectionsPeak) {

  /** Whether no read contradicted the model. */
  public boolean passed() {
    return violationCount == 0;
  }

  /** Unexpected errors over all sessions. */
  public long errorCount() {
    return errors.stream().mapToLong(ErrorStat::count).sum();
  }

  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder()
            .append(
                String.format(
                    "isolation oracle: seed %d, %d sessions x %d ops: %d ops run, %d reads checked,"
                        + " %d violations, %d errors, %d reconnects, %d ms%s%s%n",
                    config.seed(),
                    config.sessions(),
                    config.operationsPerSession(),
                    operations,
                    readsChecked,
                    violationCount,
                    errorCount(),
                    reconnects,
                    elapsed.toMillis(),
                    deadlineReached ? ", DEADLINE REACHED" : "",
                    physicalConnectionsPeak.isPresent()
                        ? ", physical connections peak " + physicalConnectionsPeak.getAsInt()
                        : ""));
    text.append("  ops by family: ").append(operationsByFamily).append('\n');
    text.append("  baseline: ").append(baseline).append('\n');
    errors.forEach(e -> text.append("  error ").append(e).append('\n'));
    violations.forEach(v -> text.append("  VIOLATION ").append(v).append('\n'));
    if (violationCount > violations.size()) {
      text.append("  ... and ").append(violationCount - violations.size()).append(" more\n");
    }
    return text.toString();
  }
}
