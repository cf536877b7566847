package io.sluice;

import io.sluice.advisor.Advisor;
import io.sluice.pinning.Pinning;
import io.sluice.session.SessionMetrics;
import io.sluice.status.Sample;
import io.sluice.status.StatusSnapshot;
import io.sluice.status.StatusSource;
import io.sluice.tablet.Tablet;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/** Reads the runtime for the status page: the tablets, the sessions, pinning, the advisor. */
final class RuntimeStatus implements StatusSource {
  private final Supplier<Collection<Tablet>> tablets;
  private final SessionMetrics metrics;
  private final Pinning pinning;
  private final Advisor advisor;

  /** @param advisor null when multiplexing */
  RuntimeStatus(
      Supplier<Collection<Tablet>> tablets, SessionMetrics metrics, Pinning pinning, Advisor advisor) {
    this.tablets = tablets;
    this.metrics = metrics;
    this.pinning = pinning;
    this.advisor = advisor;
  }

  @Override
  public Sample sample(long epochSecond) {
    int logical = (int) metrics.openSessions();
    if (advisor != null) {
      // Each session is its own MySQL connection: that is what advise mode leaves alone.
      return new Sample(epochSecond, advisor.openSessions(), logical, advisor.projectedNow());
    }
    int physical = 0;
    for (Tablet tablet : tablets.get()) {
      physical += tablet.stats().physicalConnections();
    }
    return new Sample(epochSecond, physical, logical, -1);
  }

  @Override
  public StatusSnapshot snapshot(List<Sample> history) {
    List<StatusSnapshot.TabletRow> rows =
        tablets.get().stream()
            .map(t -> new StatusSnapshot.TabletRow(t.name(), t.stats()))
            .sorted(Comparator.comparing(StatusSnapshot.TabletRow::name))
            .toList();
    return new StatusSnapshot(
        advisor == null ? "multiplex" : "advise",
        Instant.now(),
        metrics.openSessions(),
        metrics.reservedSessions(),
        rows,
        advisor == null ? null : advisor.advice(),
        pinning.reservations(),
        history);
  }
}
