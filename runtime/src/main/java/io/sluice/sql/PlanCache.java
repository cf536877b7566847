package io.sluice.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bounded, thread-safe cache of {@link StatementPlan}s keyed by SQL text, for one {@link
 * LexerMode} (a text lexes differently under another mode, so each mode has its own cache).
 *
 * <p>A hit is one {@link ConcurrentHashMap#get} and no lock, parse or allocation: it returns the
 * same plan instance every time. A miss classifies the text and admits it under a lock (misses pay
 * for a parse anyway). Eviction is CLOCK (second chance): a ring of the cached entries, each with a
 * referenced bit set by hits; the hand clears set bits and evicts the first entry found clear, so
 * entries used once — typically SQL with literals built per call — go before the ones used again.
 *
 * <p>Texts longer than {@link #MAX_CACHED_LENGTH} are classified on every call and never cached:
 * such texts are almost always unique (multi-row INSERTs, generated IN lists), so caching them
 * would only pin their memory and push useful plans out, and classifying them is linear in their
 * length, small next to sending them to MySQL.
 */
public final class PlanCache {
  /** Plans kept by the no-argument constructor. */
  public static final int DEFAULT_CAPACITY = 4096;

  /** The longest text (in chars) that is cached. */
  public static final int MAX_CACHED_LENGTH = 4096;

  private final LexerMode mode;
  private final ConcurrentHashMap<String, Entry> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  // The CLOCK ring, guarded by itself.
  private final Entry[] ring;
  private int hand;

  private static final class Entry {
    final String sql;
    final StatementPlan plan;
    // Set by hits (only when clear, so a hot entry is not written over and over), cleared by the
    // hand; volatile so the hand sees recent hits.
    volatile boolean referenced;

    Entry(String sql, StatementPlan plan) {
      this.sql = sql;
      this.plan = plan;
    }
  }

  /** A cache of {@link #DEFAULT_CAPACITY} plans for {@link LexerMode#DEFAULT}. */
  public PlanCache() {
    this(LexerMode.DEFAULT, DEFAULT_CAPACITY);
  }

  /** A cache of at most {@code capacity} plans for texts read under {@code mode}. */
  public PlanCache(LexerMode mode, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.mode = mode;
    this.entries = new ConcurrentHashMap<>(capacity * 4 / 3 + 1);
    this.ring = new Entry[capacity];
  }

  /** The plan for {@code sql}, classified under this cache's mode. */
  public StatementPlan plan(String sql) {
    if (sql.length() > MAX_CACHED_LENGTH) {
      misses.increment();
      return SqlClassifier.classify(sql, mode);
    }
    Entry entry = entries.get(sql);
    if (entry != null) {
      if (!entry.referenced) {
        entry.referenced = true;
      }
      hits.increment();
      return entry.plan;
    }
    misses.increment();
    return admit(sql, SqlClassifier.classify(sql, mode));
  }

  /** The mode this cache's plans were classified under. */
  public LexerMode mode() {
    return mode;
  }

  /** How many plans are cached now. */
  public int size() {
    return entries.size();
  }

  /** Calls answered from the cache. */
  public long hits() {
    return hits.sum();
  }

  /** Calls that classified the text (including texts too long to cache). */
  public long misses() {
    return misses.sum();
  }

  private StatementPlan admit(String sql, StatementPlan plan) {
    synchronized (ring) {
      Entry present = entries.get(sql);
      if (present != null) {
        // Another thread admitted it first: hand out its plan so all callers share one.
        return present.plan;
      }
      int slot = victim();
      Entry evicted = ring[slot];
      if (evicted != null) {
        entries.remove(evicted.sql, evicted);
      }
      Entry entry = new Entry(sql, plan);
      ring[slot] = entry;
      entries.put(sql, entry);
      return plan;
    }
  }

  /** The slot to fill: an empty one, or the first entry not referenced since the hand passed. */
  private int victim() {
    while (true) {
      int slot = hand;
      hand = (hand + 1) % ring.length;
      Entry entry = ring[slot];
      if (entry == null || !entry.referenced) {
        return slot;
      }
      entry.referenced = false;
    }
  }
}
