package io.sluice.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine-readable lines forked programs print: a tag, then space-separated {@code key=value}
 * fields, e.g. {@code RESULT threads=64 ops=1200 p99Ms=3.5}. Values contain no spaces.
 */
public final class KeyValueLine {
  private final String tag;
  private final Map<String, String> fields;

  private KeyValueLine(String tag, Map<String, String> fields) {
    this.tag = tag;
    this.fields = fields;
  }

  /** Parses {@code line}; fails on a field without {@code =}. */
  public static KeyValueLine parse(String line) {
    String[] parts = line.trim().split("\\s+");
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Not a key=value field: '" + parts[i] + "' in: " + line);
      }
      fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    return new KeyValueLine(parts[0], fields);
  }

  /** The first word. */
  public String tag() {
    return tag;
  }

  /** The value of {@code key}; fails if the line has none. */
  public String get(String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalArgumentException("No field '" + key + "' in " + this);
    }
    return value;
  }

  /** The value of {@code key} as an int. */
  public int getInt(String key) {
    return Integer.parseInt(get(key));
  }

  /** The value of {@code key} as a long. */
  public long getLong(String key) {
    return Long.parseLong(get(key));
  }

  /** The value of {@code key} as a double. */
  public double getDouble(String key) {
    return Double.parseDouble(get(key));
  }

  @Override
  public String toString() {
    StringBuilder line = new StringBuilder(tag);
    fields.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    return line.toString();
  }
}
