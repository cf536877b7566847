package io.sluice.pinning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reservations counted by cause, in a table of bounded size: an application whose statements
 * digest differently every time (IN lists of every length...) must not grow it without end. When
 * full, a new cause takes the place of the one seen least recently.
 */
final class CauseTable {
  /** Causes kept at most; a real application has a few dozen. */
  static final int CAPACITY = 512;

  private final int capacity;
  private final Map<PinningCause, Tally> tallies = new ConcurrentHashMap<>();

  CauseTable() {
    this(CAPACITY);
  }

  CauseTable(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Counts one reservation of this cause.
   *
   * @return true when the cause is new to the table
   */
  boolean count(PinningCause cause, Instant at) {
    Tally tally = tallies.get(cause);
    if (tally == null) {
      if (tallies.size() >= capacity) {
        evictStalest();
      }
      tally = tallies.putIfAbsent(cause, new Tally(at));
      if (tally == null) {
        return true;
      }
    }
    tally.seen(at);
    return false;
  }

  /** The causes, most reservations first; among equal counts the most recent first. */
  List<CauseCount> ranked() {
    List<CauseCount> counts = new ArrayList<>(tallies.size());
    tallies.forEach(
        (cause, tally) ->
            counts.add(new CauseCount(cause, tally.count.get(), tally.first, tally.last)));
    counts.sort(
        Comparator.comparingLong(CauseCount::count)
            .thenComparing(CauseCount::lastSeen)
            .reversed());
    return counts;
  }

  // A linear scan: it runs only when a new cause meets a full table, which is rare.
  private void evictStalest() {
    tallies.entrySet().stream()
        .min(Comparator.comparing(entry -> entry.getValue().last))
        .ifPresent(entry -> tallies.remove(entry.getKey(), entry.getValue()));
  }

  private static final class Tally {
    final AtomicLong count = new AtomicLong(1);
    final Instant first;
    volatile Instant last;

    Tally(Instant at) {
      first = at;
      last = at;
    }

    void seen(Instant at) {
      count.incrementAndGet();
      last = at; // racing writers differ by microseconds; either is right enough
    }
  }
}
