package io.sluice.it.bench;

import java.util.Arrays;

/** A growable array of primitive longs: a measured run records millions of latencies. */
final class LongList {
  private long[] values = new long[1 << 16];
  private int size;

  void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  void addAll(LongList other) {
    for (int i = 0; i < other.size; i++) {
      add(other.values[i]);
    }
  }

  long[] toArray() {
    return Arrays.copyOf(values, size);
  }

  /** All values, sorted. */
  long[] sorted() {
    long[] all = toArray();
    Arrays.sort(all);
    return all;
  }

  /** The value at fraction {@code p} of {@code sorted} (0 for none). */
  static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)];
  }
}
