package com.example.apps;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.ObjectName;

/**
 * Several identities at once ({@code identities=N}; identity {@code i} is {@code url.i}, {@code
 * user.i} and the password in {@code APP_PASSWORD_i}), each with {@code sessions} connections on
 * threads of their own, all running {@code rounds} rounds together (a barrier) of a query that
 * shows who and where the connection is. Reports what each identity's sessions saw and how many
 * tablet MBeans Sluice registered, then holds the sessions open until told {@code close}.
 *
 * <pre>
 * IDENTITY i=0 views=1 seen=a@%|a@localhost|db|4|utf8mb4_0900_ai_ci ids=12,13
 * HELD tablets=2
 * </pre>
 */
public final class IdentityApp {
  /** Everything a shared physical connection of another identity would show differently. */
  private static final String WHO =
      "SELECT CURRENT_USER(), SUBSTRING_INDEX(USER(), '@', 1), DATABASE(),"
          + " @@session.div_precision_increment, @@session.collation_connection";

  private IdentityApp() {}

  /** Sluice's tablet MBeans in this JVM (none without the agent). */
  private static int tabletMBeans() throws Exception {
    return ManagementFactory.getPlatformMBeanServer()
        .queryNames(new ObjectName("io.sluice:type=Tablet,*"), null)
        .size();
  }

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    int identities = args.getInt("identities");
    int sessions = args.getInt("sessions");
    int rounds = args.getInt("rounds");
    CyclicBarrier round = new CyclicBarrier(identities * sessions);
    List<Set<String>> views = new ArrayList<>();
    List<Set<Long>> ids = new ArrayList<>();
    List<Connection> held = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < identities; i++) {
      Set<String> seen = new ConcurrentSkipListSet<>();
      Set<Long> connectionIds = new ConcurrentSkipListSet<>();
      views.add(seen);
      ids.add(connectionIds);
      String password = System.getenv("APP_PASSWORD_" + i);
      for (int s = 0; s < sessions; s++) {
        Connection connection =
            DriverManager.getConnection(
                args.get("url." + i), args.get("user." + i), password == null ? "" : password);
        held.add(connection);
        threads.add(
            new Thread(
                () -> {
                  try (Statement statement = connection.createStatement()) {
                    for (int r = 0; r < rounds; r++) {
                      round.await(1, TimeUnit.MINUTES);
                      try (ResultSet rs = statement.executeQuery(WHO)) {
                        rs.next();
                        seen.add(
                            String.join(
                                "|",
                                rs.getString(1),
                                rs.getString(2),
                                String.valueOf(rs.getString(3)),
                                rs.getString(4),
                                rs.getString(5)));
                      }
                      connectionIds.add(AppArgs.queryLong(connection, AppArgs.physicalIdQuery()));
                    }
                  } catch (Exception e) {
                    synchronized (failures) {
                      failures.add(e);
                    }
                    round.reset(); // releases the others instead of leaving them to time out
                  }
                }));
      }
    }
    AppArgs.runAll(threads, failures);
    for (int i = 0; i < identities; i++) {
      System.out.printf(
          "IDENTITY i=%d views=%d seen=%s ids=%s%n",
          i,
          views.get(i).size(),
          String.join(";", views.get(i)),
          new TreeSet<>(ids.get(i)).stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
    System.out.printf("HELD tablets=%d%n", tabletMBeans());
    AppArgs.awaitCommand("close");
    for (Connection connection : held) {
      connection.close();
    }
    System.out.println("CLOSED");
  }
}
