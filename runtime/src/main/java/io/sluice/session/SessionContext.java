package io.sluice.session;

import io.sluice.config.SluiceConfig;

/**
 * What every session of this JVM shares: the configuration, the counters, and the keep-alive of
 * reserved connections.
 */
public record SessionContext(
    SluiceConfig config, SessionMetrics metrics, ReservedKeepalive keepalive) {

  public SessionContext(SluiceConfig config, SessionMetrics metrics) {
    this(config, metrics, new ReservedKeepalive(config.reservedKeepaliveInterval()));
  }

  /** Stops the keep-alive's thread. */
  public void close() {
    keepalive.close();
  }
}
