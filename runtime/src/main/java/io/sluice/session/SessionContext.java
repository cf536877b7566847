package io.sluice.session;

import io.sluice.config.SluiceConfig;

/** What every session of this JVM shares: the configuration and the counters. */
public record SessionContext(SluiceConfig config, SessionMetrics metrics) {}
