package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.apps.SessionStateApp;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import io.sluice.testkit.KeyValueLine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Session state under the real agent: sessions that set sql_mode, time_zone, a week format and a
 * user variable each read their own values on shared connections, without a reservation. MySQL
 * shows the SET_VAR hints in its statement history and no more connections than the pool size,
 * and the agent's JMX counters agree.
 */
class SessionStateIT {
  private static final int POOL_SIZE = 4;
  private static final int SESSIONS = 24;

  @Test
  void sessionsKeepTheirStateOnSharedConnectionsWithoutPinning() throws SQLException {
    AppDatabase db = AppDatabase.create("it_state");
    try (Connection root = db.admin().connect();
        Statement s = root.createStatement()) {
      s.execute(
          "UPDATE performance_schema.setup_consumers SET ENABLED = 'YES'"
              + " WHERE NAME = 'events_statements_history_long'");
    }
    JvmFork fork = Forks.app(SessionStateApp.class, db).args("sessions=" + SESSIONS, "rounds=50");
    try (ForkedJvm app =
        Forks.withAgent(fork, "queryserver_config_pool_size=" + POOL_SIZE).start()) {
      KeyValueLine state = KeyValueLine.parse(app.awaitLine("STATE ", Forks.TIMEOUT));
      int physical = db.connections();
      long hinted = hintedStatements(db); // while the app's connections, and their threads, live
      app.send("close");
      app.awaitLine("CLOSED", Forks.TIMEOUT);
      assertEquals(0, Forks.exitQuietly(app));
      System.out.println(state + " physical=" + physical + " hintedStatements=" + hinted);

      assertEquals(SESSIONS * 50, state.getInt("reads"), state.toString());
      assertEquals(0, state.getInt("mismatches"), "every read is the session's own: " + state);
      assertEquals(0, state.getInt("reservedSessions"), "nothing pinned: " + state);
      assertEquals(SESSIONS, state.getInt("setsIgnored"), "the SET to the baseline: " + state);
      assertTrue(state.getLong("setVarRewrites") > 0, state.toString());
      assertTrue(state.getLong("settingsPoolHits") > 0, state.toString());
      assertTrue(physical >= 1 && physical <= POOL_SIZE, physical + " physical connections");
      assertTrue(hinted > 0, "MySQL saw statements carrying the sessions' settings as hints");
    }
  }

  /** Statements of the app's user that MySQL ran with a SET_VAR hint for time_zone. */
  private static long hintedStatements(AppDatabase db) throws SQLException {
    try (Connection root = db.admin().connect();
        Statement s = root.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM performance_schema.events_statements_history_long h"
                    + " JOIN performance_schema.threads t ON t.THREAD_ID = h.THREAD_ID"
                    + " WHERE t.PROCESSLIST_USER = '"
                    + db.user()
                    + "' AND h.SQL_TEXT LIKE 'SELECT /*+ SET_VAR(%time_zone = %'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
