package io.sluice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.testkit.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The probe on real servers, through Connector/J. */
class SetVarSupportTest {

  @Test
  void mysql8031AcceptsEveryVariableTheTableCarriesAsAHint() throws SQLException {
    Set<String> carried =
        SystemVariables.all().stream()
            .filter(v -> v.carrier() == Carrier.SET_VAR)
            .map(SystemVariable::name)
            .collect(Collectors.toSet());
    try (Connection connection = TestServers.mysql().connect()) {
      assertEquals(carried, SetVarSupport.probe(connection));
      assertNoWarningsLeft(connection);
    }
  }

  @Test
  void refusedHintsAreDroppedAndTheRestProbedAgain() throws SQLException {
    Map<String, String> literals = new LinkedHashMap<>();
    literals.put("sql_mode", "''"); // 1064: the hint's rest goes unread
    literals.put("time_zone", "'+01:00'");
    literals.put("sort_buffer_size", "'x'"); // 1232, a bad value
    literals.put("innodb_lock_wait_timeout", "5"); // 3637, not hint-eligible
    literals.put("foreign_key_checks", "1");
    try (Connection connection = TestServers.mysql().connect();
        Statement statement = connection.createStatement()) {
      assertEquals(
          Set.of("time_zone", "foreign_key_checks"), SetVarSupport.accepted(statement, literals));
    }
  }

  @Test
  void mariadbCarriesSettingsInSetStatement() throws SQLException {
    Optional<TestServers.Server> mariadb = TestServers.mariadb();
    assumeTrue(mariadb.isPresent(), "SLUICE_TEST_MARIADB_URL is not set");
    try (Connection connection = mariadb.get().connect()) {
      Set<String> accepted = SetVarSupport.probe(connection);
      assertTrue(accepted.contains("sql_mode"), accepted.toString());
      assertTrue(accepted.contains("time_zone"), accepted.toString());
      assertFalse(
          accepted.contains("character_set_client"), "MariaDB refuses it in SET STATEMENT");
      assertFalse(accepted.contains("wait_timeout"), "MariaDB refuses it in SET STATEMENT");
    }
  }

  @Test
  void literals() {
    assertEquals("262144", SetVarSupport.literal("sort_buffer_size", "262144"));
    assertEquals("10.000000", SetVarSupport.literal("long_query_time", "10.000000"));
    assertEquals("'SYSTEM'", SetVarSupport.literal("time_zone", "SYSTEM"));
    assertEquals("'ON'", SetVarSupport.literal("foreign_key_checks", "ON"));
    assertEquals("' '", SetVarSupport.literal("sql_mode", ""));
    assertNull(SetVarSupport.literal("innodb_tmpdir", ""));
    assertNull(SetVarSupport.literal("innodb_tmpdir", null));
    assertNull(SetVarSupport.literal("performance_schema_users_size", "-1"));
    assertNull(SetVarSupport.literal("init_connect", "SET @a = 'x'"));
    assertNull(SetVarSupport.literal("secure_file_priv", "C:\\tmp"));
  }

  /** The probe's own SELECT must not leave a warning behind for the next statement to show. */
  private static void assertNoWarningsLeft(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW COUNT(*) WARNINGS")) {
      rows.next();
      assertEquals(0, rows.getInt(1));
    }
  }
}
