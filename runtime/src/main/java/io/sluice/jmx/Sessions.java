package io.sluice.jmx;

import io.sluice.pinning.Pinning;
import io.sluice.session.SessionMetrics;
import java.time.Instant;
import java.util.List;

/** Shows the session counters and the pinning record as {@code io.sluice:type=Sessions}. */
final class Sessions implements SessionsMXBean {
  private final SessionMetrics metrics;
  private final Pinning pinning;

  Sessions(SessionMetrics metrics, Pinning pinning) {
    this.metrics = metrics;
    this.pinning = pinning;
  }

  @Override
  public long getOpenSessions() {
    return metrics.openSessions();
  }

  @Override
  public long getReservedSessions() {
    return metrics.reservedSessions();
  }

  @Override
  public long getSetVarRewrites() {
    return metrics.setVarRewrites();
  }

  @Override
  public long getSetsIgnored() {
    return metrics.setsIgnored();
  }

  @Override
  public long getReservationsForSettings() {
    return metrics.reservationsForSettings();
  }

  @Override
  public long getReservationsForTemporaryTables() {
    return metrics.reservationsForTemporaryTables();
  }

  @Override
  public long getReservationsForLocks() {
    return metrics.reservationsForLocks();
  }

  @Override
  public long getReservationsForOther() {
    return metrics.reservationsForOther();
  }

  @Override
  public List<ReservedSessionRow> reservedSessions() {
    Instant now = Instant.now();
    return pinning.reservations().stream().map(r -> ReservedSessionRow.of(r, now)).toList();
  }

  @Override
  public List<PinningCauseRow> topPinningCauses() {
    return pinning.causes().stream().map(PinningCauseRow::of).toList();
  }
}
