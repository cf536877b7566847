package io.sluice.pinning;

import java.time.Instant;

/**
 * How often one cause pinned a session, read at one moment.
 *
 * @param count reservations made for this cause since it entered the table
 */
public record CauseCount(PinningCause cause, long count, Instant firstSeen, Instant lastSeen) {}
