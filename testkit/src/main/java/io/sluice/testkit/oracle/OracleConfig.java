package io.sluice.testkit.oracle;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one oracle run does.
 *
 * @param sessions concurrent sessions, one thread and one logical connection each
 * @param operationsPerSession random operations each session runs
 * @param seed session {@code i} draws its operations from {@code new Random(seed + i)}
 * @param weights relative weight of each family; a family absent or weighted 0 is off
 * @param deadline sessions stop starting operations once this much time has passed
 */
public record OracleConfig(
    int sessions,
    int operationsPerSession,
    long seed,
    Map<Family, Integer> weights,
    Duration deadline) {

  /** The weights of {@link #of}: reads and writes of every family, reconnects rarer. */
  public static final Map<Family, Integer> DEFAULT_WEIGHTS = defaultWeights();

  public OracleConfig {
    if (sessions < 1 || operationsPerSession < 0) {
      throw new IllegalArgumentException("sessions >= 1 and operations >= 0");
    }
    EnumMap<Family, Integer> copy = new EnumMap<>(Family.class);
    weights.forEach(
        (family, weight) -> {
          if (weight < 0) {
            throw new IllegalArgumentException("negative weight for " + family);
          }
          if (weight > 0) {
            copy.put(family, weight);
          }
        });
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no family is on");
    }
    weights = Collections.unmodifiableMap(copy);
  }

  /** All families at their default weights, with a ten-minute deadline. */
  public static OracleConfig of(int sessions, int operationsPerSession, long seed) {
    return new OracleConfig(
        sessions, operationsPerSession, seed, DEFAULT_WEIGHTS, Duration.ofMinutes(10));
  }

  /** A copy with these weights. */
  public OracleConfig withWeights(Map<Family, Integer> newWeights) {
    return new OracleConfig(sessions, operationsPerSession, seed, newWeights, deadline);
  }

  /** A copy with only these families on, at their default weights. */
  public OracleConfig only(Family... families) {
    EnumMap<Family, Integer> chosen = new EnumMap<>(Family.class);
    for (Family family : families) {
      chosen.put(family, DEFAULT_WEIGHTS.get(family));
    }
    return withWeights(chosen);
  }

  /** A copy with this deadline. */
  public OracleConfig withDeadline(Duration newDeadline) {
    return new OracleConfig(sessions, operationsPerSession, seed, weights, newDeadline);
  }

  private static Map<Family, Integer> defaultWeights() {
    EnumMap<Family, Integer> weights = new EnumMap<>(Family.class);
    weights.put(Family.USER_VARIABLES, 30);
    weights.put(Family.SQL_MODE, 12);
    weights.put(Family.TIME_ZONE, 8);
    weights.put(Family.NAMES, 8);
    weights.put(Family.SCHEMA, 10);
    weights.put(Family.TRANSACTIONS, 20);
    weights.put(Family.LAST_INSERT_ID, 8);
    weights.put(Family.RECONNECT, 2);
    return Collections.unmodifiableMap(weights);
  }
}
