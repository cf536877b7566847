package io.sluice.status;

import java.util.ArrayList;
import java.util.List;

/**
 * The last few minutes of {@link Sample}s, one a second, in a fixed ring: the status page's
 * chart needs no more, and a runtime that runs for months must not grow.
 */
public final class History {
  /** Five minutes of samples taken once a second. */
  public static final int DEFAULT_CAPACITY = 300;

  private final Sample[] ring;
  private int next;
  private int size;

  public History() {
    this(DEFAULT_CAPACITY);
  }

  public History(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    ring = new Sample[capacity];
  }

  /** Adds a sample, dropping the oldest when full. */
  public synchronized void add(Sample sample) {
    ring[next] = sample;
    next = (next + 1) % ring.length;
    size = Math.min(size + 1, ring.length);
  }

  /** The samples kept, oldest first. */
  public synchronized List<Sample> samples() {
    List<Sample> samples = new ArrayList<>(size);
    int first = (next - size + ring.length) % ring.length;
    for (int i = 0; i < size; i++) {
      samples.add(ring[(first + i) % ring.length]);
    }
    return samples;
  }
}
