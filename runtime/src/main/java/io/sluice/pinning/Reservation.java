package io.sluice.pinning;

import io.sluice.sql.ReserveReason;
import java.time.Instant;

/**
 * One session's hold on a reserved connection, as the operator sees it. Nothing here carries a
 * value: the digest has its literals replaced by {@code ?}, and the tablet's name has no password.
 *
 * @param id numbers the reservations of one runtime in the order made, so that two alike are
 *     still two
 * @param reason why the session needed a connection of its own
 * @param tablet the tablet's name, {@code user@host:port/db}
 * @param digest the statement that caused it, literals replaced by {@code ?}, or the JDBC call
 * @param callSite the application's frame that ran it, {@code class.method(File.java:line)}
 * @param since when the reservation was made
 */
public record Reservation(
    long id,
    ReserveReason reason,
    String tablet,
    String digest,
    String callSite,
    Instant since) {

  /** What this reservation is counted under among the causes. */
  public PinningCause cause() {
    return new PinningCause(reason, digest, callSite);
  }
}
