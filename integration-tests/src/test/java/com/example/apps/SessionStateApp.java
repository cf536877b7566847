package com.example.apps;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@code sessions} connections, each on its own thread, give themselves session state the way
 * applications and ORMs do (a sql_mode, a time zone, a user variable, a week format for every
 * other session, and a SET that changes nothing), then run {@code rounds} of reads, all sessions together in each round, and
 * count every read that is not the session's own. It then holds the connections open until told
 * to close, and reports what JMX says, when the agent registered its MBeans.
 *
 * <pre>STATE sessions=24 rounds=50 reads=3600 mismatches=0 setVarRewrites=... setsIgnored=24
 * reservedSessions=0 settingsPoolHits=... settingsPoolMisses=...</pre>
 */
public final class SessionStateApp {
  private static final String[] MODES = {"TRADITIONAL", "ANSI", "NO_ENGINE_SUBSTITUTION"};

  private SessionStateApp() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    int sessions = args.getInt("sessions");
    int rounds = args.getInt("rounds");
    CyclicBarrier round = new CyclicBarrier(sessions);
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger mismatches = new AtomicInteger();
    List<Connection> connections = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      int id = s;
      Connection c = DriverManager.getConnection(args.url(), args.user(), args.password());
      connections.add(c);
      threads.add(
          new Thread(
              () -> {
                try {
                  String zone = String.format("+%02d:00", id % 12);
                  String baseline = query(c, "SELECT @@sql_mode");
                  // Even sessions also set a variable no hint carries: they use the settings pool.
                  int week = id % 2 == 0 ? id % 3 + 1 : 0;
                  AppArgs.execute(
                      c,
                      "SET sql_mode = '" + baseline + "'",
                      "SET SESSION sql_mode = '" + MODES[id % MODES.length] + "'",
                      "SET time_zone = '" + zone + "', @mine = " + id);
                  if (week != 0) {
                    AppArgs.execute(c, "SET default_week_format = " + week);
                  }
                  String mode = query(c, "SELECT @@sql_mode");
                  for (int i = 0; i < rounds; i++) {
                    round.await(1, TimeUnit.MINUTES);
                    try (Statement st = c.createStatement();
                        ResultSet rs =
                            st.executeQuery(
                                "SELECT @mine, @@time_zone, @@default_week_format, @@sql_mode")) {
                      rs.next();
                      reads.incrementAndGet();
                      if (rs.getLong(1) != id
                          || !zone.equals(rs.getString(2))
                          || rs.getLong(3) != week
                          || !mode.equals(rs.getString(4))) {
                        mismatches.incrementAndGet();
                      }
                    }
                  }
                } catch (Exception e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                  round.reset();
                }
              }));
    }
    AppArgs.runAll(threads, failures);
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    ObjectName sessionsBean = new ObjectName("io.sluice:type=Sessions");
    StringBuilder line =
        new StringBuilder(
            String.format(
                "STATE sessions=%d rounds=%d reads=%d mismatches=%d",
                sessions, rounds, reads.get(), mismatches.get()));
    if (jmx.isRegistered(sessionsBean)) {
      for (String attribute : new String[] {"SetVarRewrites", "SetsIgnored", "ReservedSessions"}) {
        line.append(' ')
            .append(Character.toLowerCase(attribute.charAt(0)))
            .append(attribute.substring(1))
            .append('=')
            .append(jmx.getAttribute(sessionsBean, attribute));
      }
      long hits = 0;
      long misses = 0;
      for (ObjectName tablet : jmx.queryNames(new ObjectName("io.sluice:type=Tablet,*"), null)) {
        hits += (Long) jmx.getAttribute(tablet, "SettingsPoolHits");
        misses += (Long) jmx.getAttribute(tablet, "SettingsPoolMisses");
      }
      line.append(" settingsPoolHits=").append(hits).append(" settingsPoolMisses=").append(misses);
    }
    System.out.println(line);
    AppArgs.awaitCommand("close");
    for (Connection c : connections) {
      c.close();
    }
    System.out.println("CLOSED");
  }

  private static String query(Connection c, String sql) throws Exception {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
