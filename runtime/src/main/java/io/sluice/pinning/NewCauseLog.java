package io.sluice.pinning;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each new pinning cause once at INFO, at most {@link #LINES_PER_MINUTE} a minute: an
 * application that pins from many places must not flood the log. What a full minute holds back
 * is summed up in one line when the next new cause comes; JMX lists every cause anyway.
 */
final class NewCauseLog {
  /** New-cause lines per minute at most. */
  static final int LINES_PER_MINUTE = 10;

  private static final Logger log = LoggerFactory.getLogger(Pinning.class);
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  private final boolean advisory;
  private final int limit;
  private final LongSupplier nanoClock;
  private long windowStart;
  private int lines;
  private long suppressed;

  NewCauseLog() {
    this(false);
  }

  NewCauseLog(boolean advisory) {
    this(LINES_PER_MINUTE, System::nanoTime, advisory);
  }

  NewCauseLog(int limit, LongSupplier nanoClock) {
    this(limit, nanoClock, false);
  }

  NewCauseLog(int limit, LongSupplier nanoClock, boolean advisory) {
    this.advisory = advisory;
    this.limit = limit;
    this.nanoClock = nanoClock;
    this.windowStart = nanoClock.getAsLong();
  }

  /** Logs the first reservation of a cause, unless this minute's lines are spent. */
  synchronized void first(Reservation reservation) {
    long now = nanoClock.getAsLong();
    if (now - windowStart >= MINUTE) {
      if (suppressed > 0) {
        log.info(
            "{} more new pinning causes were not logged (at most {} a minute);"
                + " io.sluice:type=Sessions topPinningCauses() lists every cause",
            suppressed,
            limit);
      }
      windowStart = now;
      lines = 0;
      suppressed = 0;
    }
    if (lines == limit) {
      suppressed++;
      return;
    }
    lines++;
    log.info(
        advisory
            ? "advise mode: session would pin on {} ({}) by \"{}\" at {}"
                + " (first of this cause; JMX topPinningCauses() counts every one)"
            : "session pinned on {} ({}) by \"{}\" at {}"
                + " (first of this cause; JMX topPinningCauses() counts every one)",
        reservation.tablet(),
        reservation.reason().description(),
        reservation.digest(),
        reservation.callSite());
  }
}
