package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.KeyValueLine;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Logical connections share a few physical ones: whatever way the app opens them, MySQL sees at
 * most the pool size. Each case also runs without the agent where that proves the measurement
 * itself.
 */
class MultiplexingIT {
  private static final int POOL_SIZE = 4;
  static final String AGENT_ARGS = "queryserver_config_pool_size=" + POOL_SIZE;

  @Test
  void twoHundredHeldConnectionsUseAtMostThePoolSize() throws SQLException {
    Scenarios.Held plain =
        Scenarios.hold(AppDatabase.create("it_hold_plain"), "DRIVER_MANAGER", 200, null);
    assertEquals(200, plain.physical(), "without the agent MySQL sees every connection");

    Scenarios.Held sluice =
        Scenarios.hold(AppDatabase.create("it_hold_sluice"), "DRIVER_MANAGER", 200, AGENT_ARGS);
    assertEquals(200, sluice.open().getInt("count"));
    assertInPool(sluice);
  }

  @Test
  void anAppSideHikariPoolWorksOverTheAgent() throws SQLException {
    assertInPool(Scenarios.hold(AppDatabase.create("it_hikari"), "HIKARI", 20, AGENT_ARGS));
  }

  @Test
  void aDriverLoadedByAChildUrlClassLoaderIsMultiplexed() throws SQLException {
    Scenarios.Held plain =
        Scenarios.hold(AppDatabase.create("it_child_plain"), "CHILD_LOADER", 20, null);
    assertEquals("false", plain.open().get("driverOnClasspath"));
    assertEquals(20, plain.physical());

    Scenarios.Held sluice =
        Scenarios.hold(AppDatabase.create("it_child_sluice"), "CHILD_LOADER", 20, AGENT_ARGS);
    assertEquals("false", sluice.open().get("driverOnClasspath"));
    assertInPool(sluice);
  }

  @Test
  void aSessionsConnectionIdChangesBetweenItsAutocommitStatements() {
    KeyValueLine plain = Scenarios.connectionIds(AppDatabase.create("it_ids_plain"), null);
    assertEquals(
        0,
        plain.getInt("changedSessions"),
        "on its own connection a session keeps its id: " + plain);
    assertEquals(16, plain.getInt("distinctOverall"));

    KeyValueLine sluice =
        Scenarios.connectionIds(
            AppDatabase.create("it_ids_sluice"), "queryserver_config_pool_size=2");
    assertTrue(
        sluice.getInt("changedSessions") > 0,
        "some session must move between connections: " + sluice);
    assertTrue(sluice.getInt("distinctOverall") <= 2, sluice.toString());
  }

  static void assertInPool(Scenarios.Held held) {
    assertTrue(
        held.physical() >= 1 && held.physical() <= POOL_SIZE,
        held.physical()
            + " physical connections for "
            + held.open().getInt("count")
            + " logical ones");
    assertTrue(held.open().getInt("distinctIds") <= POOL_SIZE, held.open().toString());
  }
}
