package io.sluice.it.bench;

import io.sluice.testkit.KeyValueLine;
import java.util.List;
import java.util.Optional;

/**
 * What one side (direct or with the agent) of a scenario measured.
 *
 * @param result {@link BenchApp}'s RESULT line
 * @param mysqlPeak the most connections MySQL showed for the app's user at once (sampled)
 * @param firstFailure the message of the first connection the app failed to open, if any
 * @param agentProblems the agent's WARN and ERROR lines (none without the agent)
 */
public record Side(
    KeyValueLine result, int mysqlPeak, Optional<String> firstFailure, List<String> agentProblems) {

  /** A numeric field of the RESULT line. */
  public double number(String key) {
    return result.getDouble(key);
  }
}
