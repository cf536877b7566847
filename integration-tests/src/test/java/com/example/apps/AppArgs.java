package com.example.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code key=value} program arguments, plus the few helpers every app needs. */
final class AppArgs {
  private static final BufferedReader STDIN =
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

  private final Map<String, String> values = new HashMap<>();

  private AppArgs(String[] args) {
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Expected key=value: " + arg);
      }
      values.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
  }

  static AppArgs parse(String[] args) {
    return new AppArgs(args);
  }

  String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("Missing argument " + key + "=...");
    }
    return value;
  }

  int getInt(String key) {
    return Integer.parseInt(get(key));
  }

  String url() {
    return get("url");
  }

  String user() {
    return get("user");
  }

  /** From the environment, so it never shows on a command line. */
  String password() {
    String password = System.getenv("APP_PASSWORD");
    return password == null ? "" : password;
  }

  /** Blocks until the test sends {@code expected} on stdin. */
  /**
   * Starts the threads and waits for them all; if any recorded a failure, prints them and exits
   * with 1, so that the test sees the run fail.
   */
  static void runAll(List<Thread> threads, List<Throwable> failures) throws InterruptedException {
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      failures.forEach(Throwable::printStackTrace);
      System.exit(1);
    }
  }

  static void awaitCommand(String expected) throws IOException {
    for (String line; (line = STDIN.readLine()) != null; ) {
      if (line.equals(expected)) {
        return;
      }
    }
    throw new IllegalStateException("stdin closed before '" + expected + "'");
  }

  /** The first column of the first row of {@code sql}, as a long. */
  static long queryLong(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException("No row from " + sql);
      }
      return rs.getLong(1);
    }
  }

  private static final java.util.concurrent.atomic.AtomicLong PROBES =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * A query whose one value is the MySQL thread id of the physical connection that runs it: with
   * Sluice, CONNECTION_ID() is the session's own id, the same on every connection.
   */
  static String physicalIdQuery() {
    return "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%physical id probe "
        + PROBES.incrementAndGet()
        + "-"
        + System.nanoTime()
        + "%'";
  }

  static void execute(Connection connection, String... statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
