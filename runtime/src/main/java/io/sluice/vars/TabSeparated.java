package io.sluice.vars;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Reads the tab-separated tables of this package: {@code #} lines and blank lines are comments,
 * the first other line is the header, every later line a row.
 */
final class TabSeparated {
  /** Takes one row. */
  @FunctionalInterface
  interface RowReader {
    /**
     * @param cells the row split at tabs, empty trailing cells kept
     * @param where the resource and line number, for messages
     */
    void row(String[] cells, String line, String where);
  }

  private TabSeparated() {}

  /** Reads {@code reader} to its end; fails where the header is not {@code header}. */
  static void read(BufferedReader reader, String resource, String header, RowReader rows)
      throws IOException {
    boolean headerSeen = false;
    int lineNumber = 0;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (!headerSeen) {
        if (!line.equals(header)) {
          throw new IllegalStateException(resource + ":" + lineNumber + ": expected " + header);
        }
        headerSeen = true;
        continue;
      }
      rows.row(line.split("\t", -1), line, resource + ":" + lineNumber);
    }
  }
}
