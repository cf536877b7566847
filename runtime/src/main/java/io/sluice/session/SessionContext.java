package io.sluice.session;

import io.sluice.config.SluiceConfig;
import io.sluice.pinning.Pinning;

/**
 * What every session of this JVM shares: the configuration, the counters, the keep-alive of
 * reserved connections, and the record of why sessions pinned.
 */
public record SessionContext(
    SluiceConfig config, SessionMetrics metrics, ReservedKeepalive keepalive, Pinning pinning) {

  public SessionContext(SluiceConfig config, SessionMetrics metrics) {
    this(
        config,
        metrics,
        new ReservedKeepalive(config.reservedKeepaliveInterval()),
        new Pinning());
  }

  /** With a record of pinning of its own (advise mode's records what would pin). */
  public SessionContext(SluiceConfig config, SessionMetrics metrics, Pinning pinning) {
    this(config, metrics, new ReservedKeepalive(config.reservedKeepaliveInterval()), pinning);
  }

  /** Stops the keep-alive's thread. */
  public void close() {
    keepalive.close();
  }
}
