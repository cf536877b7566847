package io.sluice.it.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * MySQL's own counters, read with {@code SHOW GLOBAL STATUS} on the harness's root connection,
 * which itself moves only {@code Com_show_status} and {@code Com_flush}: every {@code Com_*}
 * counter (the commands MySQL ran, by kind) and the connections it had at most.
 */
final class ServerCounters {
  /** The harness's own commands, never the app's. */
  static final java.util.Set<String> HARNESS_OWN = java.util.Set.of("Com_show_status", "Com_flush");

  private static final Duration LINGER = Duration.ofSeconds(10);

  private ServerCounters() {}

  /**
   * Resets {@code Max_used_connections} to the connections open now ({@code FLUSH STATUS}), and
   * returns how many that is: the harness's own, when the app has none. Waits first, a while, for
   * MySQL to see the harness's other connections closed (a closed connection may linger), so that
   * none leaves between the reset and the app's peak.
   */
  static int resetPeak(Connection root) throws SQLException {
    long deadline = System.nanoTime() + LINGER.toNanos();
    while (status(root, "Threads_connected") > 1 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(LINGER.toNanos() / 100);
    }
    try (Statement s = root.createStatement()) {
      s.execute("FLUSH STATUS");
    }
    return (int) status(root, "Threads_connected");
  }

  /** The most connections MySQL had at once since {@link #resetPeak}. */
  static int peak(Connection root) throws SQLException {
    return (int) status(root, "Max_used_connections");
  }

  /** Every {@code Com_*} counter now, by name. */
  static Map<String, Long> commands(Connection root) throws SQLException {
    Map<String, Long> counters = new TreeMap<>();
    try (Statement s = root.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Com\\_%'")) {
      while (rs.next()) {
        counters.put(rs.getString(1), rs.getLong(2));
      }
    }
    return counters;
  }

  /** What each counter of {@code after} gained over {@code before}, the nonzero ones only. */
  static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> gained = new TreeMap<>();
    after.forEach(
        (name, value) -> {
          long d = value - before.getOrDefault(name, 0L);
          if (d != 0 && !HARNESS_OWN.contains(name)) {
            gained.put(name, d);
          }
        });
    return gained;
  }

  private static long status(Connection root, String name) throws SQLException {
    try (Statement s = root.createStatement();
        ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
      if (!rs.next()) {
        throw new SQLException("MySQL has no status variable " + name);
      }
      return rs.getLong(2);
    }
  }
}
