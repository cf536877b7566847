package io.sluice.jmx;

import io.sluice.pinning.Reservation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One row of {@code reservedSessions()}: a session that holds a reserved connection now, and why.
 * The MXBean mapping shows it as {@code CompositeData}, readable in JConsole and VisualVM.
 *
 * @param tablet {@code user@host:port/db}
 * @param reason why the session reserved ({@code temporary table}, {@code lock}...)
 * @param since when, ISO-8601 in UTC, to the millisecond
 * @param heldSeconds how long it has held the connection
 * @param digest the statement that caused it, literals replaced by {@code ?}
 * @param callSite the application's frame that ran it
 */
public record ReservedSessionRow(
    String tablet, String reason, String since, long heldSeconds, String digest, String callSite) {

  static ReservedSessionRow of(Reservation reservation, Instant now) {
    return new ReservedSessionRow(
        reservation.tablet(),
        reservation.reason().description(),
        reservation.since().truncatedTo(ChronoUnit.MILLIS).toString(),
        Duration.between(reservation.since(), now).toSeconds(),
        reservation.digest(),
        reservation.callSite());
  }
}
