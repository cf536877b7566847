package io.sluice.jmx;

import io.sluice.pinning.CauseCount;
import java.time.temporal.ChronoUnit;

/**
 * One row of {@code topPinningCauses()}: how many reservations one cause made. The MXBean mapping
 * shows it as {@code CompositeData}, readable in JConsole and VisualVM.
 *
 * @param reason why the sessions reserved
 * @param digest the statement, literals replaced by {@code ?}
 * @param callSite the application's frame that ran it
 * @param count reservations made by this cause
 * @param firstSeen the first, ISO-8601 in UTC, to the millisecond
 * @param lastSeen the latest, ISO-8601 in UTC, to the millisecond
 */
public record PinningCauseRow(
    String reason, String digest, String callSite, long count, String firstSeen, String lastSeen) {

  static PinningCauseRow of(CauseCount count) {
    return new PinningCauseRow(
        count.cause().reason().description(),
        count.cause().digest(),
        count.cause().callSite(),
        count.count(),
        count.firstSeen().truncatedTo(ChronoUnit.MILLIS).toString(),
        count.lastSeen().truncatedTo(ChronoUnit.MILLIS).toString());
  }
}
