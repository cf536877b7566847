package com.example.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * {@code sessions} connections, each on its own thread, run {@code statements} rounds of autocommit
 * a query of the physical connection's id, all sessions together in each round (a barrier), and report how
 * the ids each session saw varied. On its own MySQL connection a session always sees one id.
 *
 * <pre>IDS sessions=16 statements=100 changedSessions=16 maxDistinctPerSession=2 distinctOverall=2
 * </pre>
 */
public final class ConnectionIdApp {
  private ConnectionIdApp() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    int sessions = args.getInt("sessions");
    int statements = args.getInt("statements");
    CyclicBarrier round = new CyclicBarrier(sessions);
    List<Set<Long>> seen = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      Set<Long> ids = new HashSet<>();
      seen.add(ids);
      Connection connection = DriverManager.getConnection(args.url(), args.user(), args.password());
      Thread thread =
          new Thread(
              () -> {
                try (connection) {
                  for (int i = 0; i < statements; i++) {
                    round.await(1, TimeUnit.MINUTES);
                    ids.add(AppArgs.queryLong(connection, AppArgs.physicalIdQuery()));
                  }
                } catch (Exception e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                  round.reset(); // releases the others instead of leaving them to time out
                }
              });
      threads.add(thread);
    }
    AppArgs.runAll(threads, failures);
    Set<Long> all = new HashSet<>();
    seen.forEach(all::addAll);
    System.out.printf(
        "IDS sessions=%d statements=%d changedSessions=%d maxDistinctPerSession=%d"
            + " distinctOverall=%d%n",
        sessions,
        statements,
        seen.stream().filter(ids -> ids.size() > 1).count(),
        seen.stream().mapToInt(Set::size).max().orElse(0),
        all.size());
  }
}
