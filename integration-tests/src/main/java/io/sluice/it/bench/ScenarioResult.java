package io.sluice.it.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Both sides of one scenario, as a printable table with the ratio agent/direct.
 *
 * @param scenario the scenario
 * @param direct the run without the agent
 * @param agent the run with the agent
 */
public record ScenarioResult(Scenario scenario, Side direct, Side agent) {
  private static final String ROW = "%-34s %14s %14s %13s%n";

  /** The ratio agent/direct of a numeric RESULT field. */
  public double ratio(String key) {
    return agent.number(key) / direct.number(key);
  }

  /** Why this result is not a clean run; empty if it is. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (agent.number("errors") > 0) {
      problems.add("the agent side had errors");
    }
    if (!scenario.directMayFail() && direct.number("errors") > 0) {
      problems.add("the direct side had errors");
    }
    if (scenario.directMayFail() && !Boolean.parseBoolean(agent.result().get("completed"))) {
      problems.add("the agent side did not complete");
    }
    agent.agentProblems().forEach(line -> problems.add("agent said: " + line));
    return problems;
  }

  /** The scenario's table, with the direct side's failure (if any) below it. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n(%s) %s; Sluice with %s%n%n",
            scenario.letter(),
            scenario.title(),
            scenario.agentArgs().isEmpty() ? "default agent args" : scenario.agentArgs()));
    out.append(String.format(Locale.ROOT, ROW, "", "direct", "with Sluice", "agent/direct"));
    for (Scenario.Metric metric : scenario.metrics()) {
      String direct = metric.value().apply(this.direct);
      String agent = metric.value().apply(this.agent);
      out.append(
          String.format(
              Locale.ROOT,
              ROW,
              metric.label(),
              direct,
              agent,
              metric.ratio() ? ratio(direct, agent) : ""));
    }
    direct
        .firstFailure()
        .ifPresent(
            message ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "%ndirect failed opening connection #%s: MySQL error %s (SQLState %s): %s%n",
                        direct.result().get("failedAt"),
                        direct.result().get("errorCode"),
                        direct.result().get("sqlState"),
                        message)));
    return out.toString();
  }

  private static String ratio(String direct, String agent) {
    double base = Double.parseDouble(direct);
    return base == 0
        ? "-"
        : String.format(Locale.ROOT, "%.2f", Double.parseDouble(agent) / base);
  }
}
