package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.apps.ConnectProbe;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.KeyValueLine;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's arguments: a bad one stops the JVM naming it; {@code enabled=false} changes nothing.
 */
class AgentArgsIT {

  @Test
  void anUnknownKeyStopsTheJvmNamingIt() {
    assertRefused("bogus=1", "bogus");
  }

  @Test
  void aBadValueStopsTheJvmNamingTheKey() {
    assertRefused("queryserver_config_pool_size=many", "queryserver_config_pool_size");
  }

  @Test
  void disabledTheAgentLeavesEveryConnectionPhysical() throws SQLException {
    Scenarios.Held held =
        Scenarios.hold(
            AppDatabase.create("it_disabled_hold"), "DRIVER_MANAGER", 20, "enabled=false");
    assertEquals(20, held.physical(), "one MySQL connection per app connection");
    assertEquals(20, held.open().getInt("distinctIds"));

    KeyValueLine ids =
        Scenarios.connectionIds(AppDatabase.create("it_disabled_ids"), "enabled=false");
    assertEquals(0, ids.getInt("changedSessions"), ids.toString());
    assertEquals(16, ids.getInt("distinctOverall"), ids.toString());
  }

  private static void assertRefused(String agentArgs, String named) {
    AppDatabase database = AppDatabase.create("it_bad_args");
    try (ForkedJvm app =
        Forks.withAgent(Forks.app(ConnectProbe.class, database), agentArgs).start()) {
      int code = app.awaitExit(Forks.TIMEOUT);
      List<String> output = new ArrayList<>(app.stdoutLines());
      output.addAll(app.stderrLines());
      assertNotEquals(0, code, "the JVM must not start with " + agentArgs);
      assertTrue(
          output.stream().noneMatch(l -> l.startsWith("CONNECTED") || l.startsWith("FAILED")),
          "the app's main must not run: " + output);
      assertTrue(
          output.stream().anyMatch(l -> l.contains(named)),
          "the output must name " + named + ": " + output);
    }
  }
}
