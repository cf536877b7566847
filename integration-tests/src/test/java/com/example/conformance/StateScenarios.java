package com.example.conformance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Session state: what one session sets is its own, never another's, and reads back as MySQL keeps
 * it; identities and locks belong to one session.
 */
final class StateScenarios {
  private StateScenarios() {}

  static void register(Map<String, Scenario> scenarios) {
    scenarios.put("state-no-leak", StateScenarios::noLeak);
    scenarios.put("user-variables", StateScenarios::userVariables);
    scenarios.put("system-variables", StateScenarios::systemVariables);
    scenarios.put("connection-id", StateScenarios::connectionId);
    scenarios.put("session-isolation", StateScenarios::isolation);
  }

  /**
   * A session changes autocommit, read-only and isolation as SQL and closes; sessions opened
   * after it start clean. Three rounds, so a small pool hands a later session the same connection.
   */
  private static void noLeak(Env env, Transcript t) throws Exception {
    env.tables("DROP TABLE IF EXISTS state_leak", "CREATE TABLE state_leak (v INT)");
    for (int round = 0; round < 3; round++) {
      try (Connection dirty = env.open();
          Statement statement = dirty.createStatement()) {
        t.execute("autocommit-off", statement, "SET autocommit = 0");
        t.update("dirty-insert", statement, "INSERT INTO state_leak VALUES (-1)");
        t.execute("read-only", statement, "SET SESSION transaction_read_only = 1");
        t.execute(
            "isolation", statement, "SET SESSION TRANSACTION ISOLATION LEVEL READ UNCOMMITTED");
        t.state("dirty-state", dirty);
      }
      try (Connection next = env.open();
          Statement statement = next.createStatement()) {
        t.state("next-state", next);
        t.query(
            "next-vars",
            statement,
            "SELECT @@autocommit, @@transaction_read_only, @@transaction_isolation");
        t.update("next-insert", statement, "INSERT INTO state_leak VALUES (" + round + ")");
      }
    }
    Scenario.readTable(env, t, "after", "state_leak");
  }

  private static void userVariables(Env env, Transcript t) throws Exception {
    try (Connection a = env.open();
        Connection b = env.open();
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      t.execute("set", sa, "SET @x = 5, @s = 'abc', @d = 1.50, @n = NULL");
      t.query("read", sa, "SELECT @x + 1, @s, CONCAT(@s, 'd'), @d, @n, @x");
      t.query("other-session", sb, "SELECT @x, @s");
      t.run(
          "prepared",
          () -> {
            try (PreparedStatement ps = a.prepareStatement("SELECT ?, @x * ?")) {
              ps.setString(1, "p");
              ps.setInt(2, 2);
              try (var rs = ps.executeQuery()) {
                t.rows("prepared", rs);
              }
            }
          });
      t.execute("select-into", sa, "SELECT 42 INTO @into");
      t.query("read-into", sa, "SELECT @into");
      t.execute("assign-in-select", sa, "SELECT @y := 7");
      t.query("read-assign", sa, "SELECT @y");
    }
  }

  private static void systemVariables(Env env, Transcript t) throws Exception {
    env.tables(
        "DROP TABLE IF EXISTS state_vars",
        "CREATE TABLE state_vars (id INT PRIMARY KEY, g VARCHAR(10), ts TIMESTAMP NULL)",
        "INSERT INTO state_vars VALUES (1, 'aa', '2024-01-02 03:04:05'),"
            + " (2, 'bb', '2024-06-07 08:09:10')");
    try (Connection a = env.open();
        Connection b = env.open();
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      t.query("baseline", sa, "SELECT @@sql_mode, @@time_zone, @@group_concat_max_len");
      t.execute("sql-mode", sa, "SET sql_mode = 'ANSI_QUOTES'");
      t.query("ansi-quotes", sa, "SELECT \"g\" FROM state_vars ORDER BY id");
      t.execute("time-zone", sa, "SET time_zone = '+03:00'");
      t.query("time-zone-read", sa, "SELECT @@time_zone, CAST(ts AS CHAR) FROM state_vars");
      t.execute("group-concat", sa, "SET group_concat_max_len = 4");
      t.query("group-concat-read", sa, "SELECT GROUP_CONCAT(g) FROM state_vars");
      t.execute("bad-value", sa, "SET time_zone = 'Nowhere/Never'");
      t.query("other-session", sb, "SELECT @@sql_mode, @@time_zone, @@group_concat_max_len");
      t.execute("back", sa, "SET sql_mode = DEFAULT, time_zone = DEFAULT");
      t.query("after-back", sa, "SELECT @@sql_mode, @@time_zone, @@group_concat_max_len");
      t.execute("use", sa, "USE information_schema");
      t.query("database", sa, "SELECT DATABASE()");
      t.state("a-state", a);
      t.query("other-database", sb, "SELECT DATABASE()");
    }
  }

  /**
   * CONNECTION_ID() is stable and distinct per session, and {@code KILL QUERY} of it interrupts
   * that session's statement and no other's.
   */
  private static void connectionId(Env env, Transcript t) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (Connection a = env.open();
        Connection b = env.open();
        Connection c = env.open();
        Statement sa = a.createStatement();
        Statement sb = b.createStatement();
        Statement sc = c.createStatement()) {
      long a1 = id(sa);
      long b1 = id(sb);
      long a2 = id(sa);
      t.line("ids", "stable=" + (a1 == a2) + " distinct=" + (a1 != b1));
      // Each thread's lines wait, so that the transcript's order is the program's, not the race's.
      Transcript victimLines = t.deferred();
      Transcript bystanderLines = t.deferred();
      Transcript killLines = t.deferred();
      Future<?> victim =
          threads.submit(
              () -> victimLines.query("victim", sa, "SELECT SLEEP(3) /* conf-victim */"));
      Future<?> bystander =
          threads.submit(
              () -> bystanderLines.query(
                  "bystander", sc, "SELECT SLEEP(1.5) /* conf-bystander */"));
      env.awaitStatement("conf-victim");
      env.awaitStatement("conf-bystander");
      killLines.execute("kill-query", sb, "KILL QUERY " + a1);
      victim.get();
      bystander.get();
      t.append(killLines);
      t.append(victimLines);
      t.append(bystanderLines);
      t.query("victim-after", sa, "SELECT 1");
    } finally {
      threads.shutdownNow();
    }
  }

  private static long id(Statement statement) throws Exception {
    try (var rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Temporary tables and named locks of one session are invisible or busy to another. */
  private static void isolation(Env env, Transcript t) throws Exception {
    try (Connection a = env.open();
        Connection b = env.open();
        Statement sa = a.createStatement();
        Statement sb = b.createStatement()) {
      t.execute("temp", sa, "CREATE TEMPORARY TABLE conf_temp (v INT)");
      t.update("temp-insert", sa, "INSERT INTO conf_temp VALUES (1)");
      t.query("temp-read", sa, "SELECT * FROM conf_temp");
      t.query("temp-other", sb, "SELECT * FROM conf_temp");
      // Named locks are the server's, not the database's: the name is the cell's own.
      String lock = "'conf_lock_" + env.user() + "'";
      t.query("lock", sa, "SELECT GET_LOCK(" + lock + ", 0)");
      t.query("lock-other", sb, "SELECT IS_FREE_LOCK(" + lock + "), GET_LOCK(" + lock + ", 0)");
      t.query("release", sa, "SELECT RELEASE_LOCK(" + lock + ")");
      t.query("lock-other-after", sb,
          "SELECT GET_LOCK(" + lock + ", 0), RELEASE_LOCK(" + lock + ")");
    }
  }
}
