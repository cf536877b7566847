package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.apps.ConnectionIdApp;
import com.example.apps.HoldConnectionsApp;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import io.sluice.testkit.KeyValueLine;
import java.sql.SQLException;

/**
 * Runs of the test apps that several tests share, each with or without the agent (null agent args).
 */
final class Scenarios {
  private Scenarios() {}

  /**
   * 16 sessions, each running 100 rounds of {@code SELECT CONNECTION_ID()} together with the
   * others.
   */
  static KeyValueLine connectionIds(AppDatabase database, String agentArgs) {
    JvmFork fork = Forks.app(ConnectionIdApp.class, database).args("sessions=16", "statements=100");
    try (ForkedJvm app = (agentArgs == null ? fork : Forks.withAgent(fork, agentArgs)).start()) {
      KeyValueLine ids = KeyValueLine.parse(app.awaitLine("IDS ", Forks.TIMEOUT));
      assertEquals(0, Forks.exitQuietly(app));
      return ids;
    }
  }

  /**
   * What a {@link HoldConnectionsApp} reported, and MySQL's connection count while it held them.
   */
  record Held(KeyValueLine open, int physical) {}

  /**
   * Runs {@link HoldConnectionsApp}, counting the app user's connections while it holds {@code
   * count}. The child-loader app gets no driver on its classpath, only the jar's path.
   */
  static Held hold(AppDatabase database, String source, int count, String agentArgs)
      throws SQLException {
    boolean childLoader = "CHILD_LOADER".equals(source);
    JvmFork fork =
        childLoader
            ? Forks.appWithoutDriver(HoldConnectionsApp.class, database)
                .args("driverJar=" + Forks.connectorJ())
            : Forks.app(HoldConnectionsApp.class, database);
    fork.args("source=" + source, "count=" + count, "threads=16");
    try (ForkedJvm app = (agentArgs == null ? fork : Forks.withAgent(fork, agentArgs)).start()) {
      KeyValueLine open = KeyValueLine.parse(app.awaitLine("OPEN ", Forks.TIMEOUT));
      int physical = database.connections();
      app.send("close");
      app.awaitLine("CLOSED ", Forks.TIMEOUT);
      assertEquals(0, Forks.exitQuietly(app));
      return new Held(open, physical);
    }
  }
}
