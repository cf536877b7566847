package io.sluice.session;

import io.sluice.sql.ReserveReason;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters every session of this JVM adds to, read by JMX ({@code io.sluice:type=Sessions}).
 * Plain adders: sessions only ever add, and readers take a sum.
 */
public final class SessionMetrics {
  final AtomicLong openSessions = new AtomicLong();
  final AtomicLong reservedSessions = new AtomicLong();
  final LongAdder setVarRewrites = new LongAdder();
  final LongAdder setsIgnored = new LongAdder();
  private final LongAdder reservationsForSettings = new LongAdder();
  private final LongAdder reservationsForTemporaryTables = new LongAdder();
  private final LongAdder reservationsForLocks = new LongAdder();
  private final LongAdder reservationsForOther = new LongAdder();

  void reserved(ReserveReason reason) {
    reservedSessions.incrementAndGet();
    switch (reason) {
      case SETTINGS -> reservationsForSettings.increment();
      case TEMPORARY_TABLE -> reservationsForTemporaryTables.increment();
      case LOCK -> reservationsForLocks.increment();
      default -> reservationsForOther.increment();
    }
  }

  /** Advise mode: a session opened on its own connection, which Sluice only watches. */
  public void advisedSessionOpened() {
    openSessions.incrementAndGet();
  }

  /** Advise mode: a watched session closed. */
  public void advisedSessionClosed() {
    openSessions.decrementAndGet();
  }

  /** Advise mode: a session would have reserved a connection, for this reason. */
  public void wouldReserve(ReserveReason reason) {
    reserved(reason);
  }

  /** Advise mode: a session that would have held a reserved connection closed. */
  public void wouldReserveEnded() {
    reservedSessions.decrementAndGet();
  }

  public long openSessions() {
    return openSessions.get();
  }

  public long reservedSessions() {
    return reservedSessions.get();
  }

  public long setVarRewrites() {
    return setVarRewrites.sum();
  }

  public long setsIgnored() {
    return setsIgnored.sum();
  }

  public long reservationsForSettings() {
    return reservationsForSettings.sum();
  }

  public long reservationsForTemporaryTables() {
    return reservationsForTemporaryTables.sum();
  }

  public long reservationsForLocks() {
    return reservationsForLocks.sum();
  }

  public long reservationsForOther() {
    return reservationsForOther.sum();
  }
}
