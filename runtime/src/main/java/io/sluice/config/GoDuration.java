package io.sluice.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations spelled as Go's {@code time.ParseDuration} spells them, because Vitess' flags are Go
 * durations: one or more {@code number unit} parts such as {@code 30s}, {@code 500ms}, {@code
 * 1m30s}, {@code 1.5h}; units {@code ns us µs ms s m h}. A plain number means seconds, as older
 * Vitess releases spelled these flags.
 */
final class GoDuration {
  private static final String NUMBER = "(?:\\d+\\.?\\d*|\\.\\d+)";
  // "ms" before "m" so that 500ms is not read as 500m followed by junk.
  private static final Pattern PART = Pattern.compile("(" + NUMBER + ")(ns|us|µs|μs|ms|s|m|h)");
  private static final Pattern SECONDS = Pattern.compile(NUMBER);
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private GoDuration() {}

  /**
   * Returns the duration {@code text} spells, or {@code null} if it is not a duration or not
   * positive (fractions below a nanosecond are cut off, as Go does).
   */
  static Duration parsePositive(String text) {
    BigDecimal nanos;
    if (SECONDS.matcher(text).matches()) {
      nanos = new BigDecimal(text).multiply(BigDecimal.valueOf(NANOS_PER_SECOND));
    } else {
      nanos = sumOfParts(text);
      if (nanos == null) {
        return null;
      }
    }
    nanos = nanos.setScale(0, RoundingMode.DOWN);
    if (nanos.signum() <= 0 || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return null;
    }
    return Duration.ofNanos(nanos.longValue());
  }

  private static BigDecimal sumOfParts(String text) {
    Matcher part = PART.matcher(text);
    BigDecimal sum = BigDecimal.ZERO;
    int at = 0;
    while (at < text.length()) {
      part.region(at, text.length());
      if (!part.lookingAt()) {
        return null;
      }
      BigDecimal unit = BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)));
      sum = sum.add(new BigDecimal(part.group(1)).multiply(unit));
      at = part.end();
    }
    return at == 0 ? null : sum;
  }

  /**
   * Spells {@code duration} so that {@link #parsePositive} reads it back: whole seconds as {@code
   * 1h2m3s}, anything finer in the largest of ms, us or ns that is exact.
   */
  static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos % NANOS_PER_SECOND != 0) {
      if (nanos % 1_000_000L == 0) {
        return nanos / 1_000_000L + "ms";
      }
      return nanos % 1_000L == 0 ? nanos / 1_000L + "us" : nanos + "ns";
    }
    long seconds = nanos / NANOS_PER_SECOND;
    StringBuilder text = new StringBuilder();
    appendIfPositive(text, seconds / 3600, "h");
    appendIfPositive(text, seconds / 60 % 60, "m");
    if (seconds % 60 != 0 || text.length() == 0) {
      text.append(seconds % 60).append('s');
    }
    return text.toString();
  }

  private static void appendIfPositive(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }
}
