package io.sluice.jmx;

import io.sluice.session.SessionMetrics;

/** Shows the session counters as {@code io.sluice:type=Sessions}. */
final class Sessions implements SessionsMXBean {
  private final SessionMetrics metrics;

  Sessions(SessionMetrics metrics) {
    this.metrics = metrics;
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
}
