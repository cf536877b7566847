package io.sluice.session;

import io.sluice.sql.ReserveReason;
import io.sluice.sql.ReserveReason.Counter;
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
  /** By {@link Counter} ordinal: each reason names its counter. */
  private final LongAdder[] reservations = new LongAdder[Counter.values().length];

  {
    for (int i = 0; i < reservations.length; i++) {
      reservations[i] = new LongAdder();
    }
  }

  void reserved(ReserveReason reason) {
    reservedSessions.incrementAndGet();
    reservations[reason.counter().ordinal()].increment();
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

  /** Reservations ever made for the reasons this counter counts. */
  public long reservations(Counter counter) {
    return reservations[counter.ordinal()].sum();
  }

  public long reservationsForSettings() {
    return reservations(Counter.SETTINGS);
  }

  public long reservationsForTemporaryTables() {
    return reservations(Counter.TEMPORARY_TABLES);
  }

  public long reservationsForLocks() {
    return reservations(Counter.LOCKS);
  }

  public long reservationsForOther() {
    return reservations(Counter.OTHER);
  }
}
