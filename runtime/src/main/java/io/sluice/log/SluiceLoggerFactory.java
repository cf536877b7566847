package io.sluice.log;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Hands out one {@link StderrLogger} per name, with its level fixed at creation: {@code INFO} and
 * above for Sluice's own loggers ({@code io.sluice.*}), {@code WARN} and above for everything else,
 * including the relocated libraries under {@code io.sluice.shaded}. The system property {@value
 * #LEVEL_PROPERTY} ({@code trace}, {@code debug}, {@code info}, {@code warn}, {@code error} or
 * {@code off}) sets the level of Sluice's own loggers instead.
 */
public final class SluiceLoggerFactory implements ILoggerFactory {
  /** The system property that sets the level of Sluice's own loggers. */
  public static final String LEVEL_PROPERTY = "sluice.log.level";

  private static final int OFF = Integer.MAX_VALUE;
  private static final String SLUICE_PREFIX = "io.sluice.";
  private static final String SHADED_PREFIX = "io.sluice.shaded.";

  private final int sluiceThreshold;
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

  /** A factory whose Sluice level comes from {@value #LEVEL_PROPERTY}, else {@code INFO}. */
  public SluiceLoggerFactory() {
    this(System.getProperty(LEVEL_PROPERTY));
  }

  /**
   * A factory whose Sluice level is {@code level}; {@code null} means {@code INFO}, and a name it
   * does not know means {@code INFO} with a warning that says so.
   */
  SluiceLoggerFactory(String level) {
    Integer threshold = level == null ? Integer.valueOf(Level.INFO.toInt()) : thresholdOf(level);
    this.sluiceThreshold = threshold == null ? Level.INFO.toInt() : threshold;
    if (threshold == null) {
      getLogger(SluiceLoggerFactory.class.getName())
          .warn(
              "Ignoring -D{}={}: expected trace, debug, info, warn, error or off",
              LEVEL_PROPERTY,
              level);
    }
  }

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(name, key -> new StderrLogger(key, thresholdFor(key)));
  }

  private int thresholdFor(String name) {
    boolean sluice = name.startsWith(SLUICE_PREFIX) && !name.startsWith(SHADED_PREFIX);
    return sluice ? sluiceThreshold : Level.WARN.toInt();
  }

  /** The threshold {@code level} names, or {@code null} if it names none. */
  private static Integer thresholdOf(String level) {
    String name = level.trim().toUpperCase(Locale.ROOT);
    if (name.equals("OFF")) {
      return OFF;
    }
    try {
      return Level.valueOf(name).toInt();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
