package io.sluice.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.EmbeddedMysql;
import io.sluice.vars.SystemVariable.Scope;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rules table against the running MySQL 8.0.31: every variable it has is in the table, and each
 * row's scope, dynamic and set_var columns are what the server answers; plus the carrier rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemVariablesTest {
  private static final int READ_ONLY = 1238;
  private static final int GLOBAL_ONLY = 1229;
  private static final int SESSION_READ_ONLY = 1621;
  private static final int NOT_HINT_ELIGIBLE = 3637;

  private Connection connection;
  private Statement statement;

  /** The session values of a fresh connection, by lower-case name. */
  private Map<String, String> values;

  @BeforeAll
  void connect() throws SQLException {
    connection = EmbeddedMysql.shared().rootConnection();
    statement = connection.createStatement();
    values = new TreeMap<>();
    try (ResultSet rows =
        statement.executeQuery(
            "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM performance_schema.session_variables")) {
      while (rows.next()) {
        values.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2));
      }
    }
  }

  @AfterAll
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void theTableHasExactlyTheServersVariables() throws SQLException {
    Set<String> server = new TreeSet<>();
    try (ResultSet rows =
        statement.executeQuery("SELECT VARIABLE_NAME FROM performance_schema.variables_info")) {
      while (rows.next()) {
        server.add(rows.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    assertTrue(server.containsAll(values.keySet()));
    Set<String> table =
        SystemVariables.all().stream().map(SystemVariable::name).collect(Collectors.toSet());
    assertEquals(server, new TreeSet<>(table));
  }

  @Test
  void scopesAreTheServers() throws SQLException {
    List<String> wrong = new ArrayList<>();
    for (SystemVariable v : SystemVariables.all()) {
      boolean session = readable("@@session." + v.name());
      boolean global = readable("@@global." + v.name());
      if (session != (v.scope() != Scope.GLOBAL) || global != (v.scope() != Scope.SESSION)) {
        wrong.add(v.name());
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void hintEligibleRowsAreAcceptedAndOthersGive3637() throws SQLException {
    List<String> wrong = new ArrayList<>();
    for (SystemVariable v : SystemVariables.all()) {
      String literal = SetVarSupport.literal(v.name(), values.get(v.name()));
      // 0 where the value cannot be written: a refused hint warns 3637 whatever the value.
      List<Integer> warnings = hintWarnings(v.name(), literal == null ? "0" : literal);
      boolean expected =
          v.carrier() == Carrier.SET_VAR
              ? warnings.isEmpty()
              : v.setVar() != warnings.contains(NOT_HINT_ELIGIBLE);
      if (!expected) {
        wrong.add(v.name() + " " + warnings);
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void sessionSetAnswersAsTheTableSays() throws SQLException {
    List<String> wrong = new ArrayList<>();
    try (Connection scratch = EmbeddedMysql.shared().rootConnection();
        Statement set = scratch.createStatement()) {
      for (SystemVariable v : SystemVariables.all()) {
        String literal = SetVarSupport.literal(v.name(), values.get(v.name()));
        int expected =
            !v.dynamic()
                ? READ_ONLY
                : v.scope() == Scope.GLOBAL
                    ? GLOBAL_ONLY
                    : v.carrier() == Carrier.SERVER ? SESSION_READ_ONLY : 0;
        int actual = setSession(set, v.name(), literal == null ? "DEFAULT" : literal);
        if (actual != expected) {
          wrong.add(v.name() + " " + actual);
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void emulatedAreExactlyTheJdbcTransactionState() {
    assertEquals(
        Set.of("autocommit", "transaction_isolation", "transaction_read_only"),
        namesCarriedBy(Carrier.EMULATED));
  }

  @Test
  void carriersOfNotableVariables() {
    assertCarrier(Carrier.SET_VAR, "time_zone", "sql_mode", "foreign_key_checks", "unique_checks");
    assertCarrier(Carrier.SET_VAR, "max_execution_time", "sort_buffer_size", "optimizer_switch");
    assertCarrier(
        Carrier.SETTINGS,
        "character_set_client",
        "character_set_results",
        "collation_connection",
        "innodb_lock_wait_timeout",
        "lc_time_names",
        "wait_timeout",
        // Hint-eligible, but a deprecated variable's hint warns on every statement.
        "max_length_for_sort_data");
    assertCarrier(
        Carrier.RESERVE,
        "timestamp",
        "insert_id",
        "last_insert_id",
        "identity",
        "rand_seed1",
        "rand_seed2",
        "pseudo_thread_id",
        "pseudo_replica_mode",
        "pseudo_slave_mode",
        "gtid_next",
        "profiling",
        "profiling_history_size",
        "optimizer_trace",
        "optimizer_trace_offset",
        "session_track_gtids",
        "session_track_system_variables",
        "transaction_allow_batching",
        "original_commit_timestamp",
        "immediate_server_version",
        "original_server_version",
        "sql_log_bin",
        "resultset_metadata",
        "completion_type",
        "sql_auto_is_null");
    assertCarrier(
        Carrier.SERVER,
        "version",
        "innodb_buffer_pool_size",
        "max_allowed_packet",
        "gtid_owned",
        "warning_count");
  }

  @Test
  void everyReservationAndServerRowSaysWhy() {
    for (SystemVariable v : SystemVariables.all()) {
      if (v.carrier() == Carrier.RESERVE || v.carrier() == Carrier.SERVER) {
        assertFalse(v.why().isEmpty(), v.name());
      }
    }
  }

  @Test
  void hintEligibleIsTheSetVarColumn() {
    Set<String> setVar =
        SystemVariables.all().stream()
            .filter(SystemVariable::setVar)
            .map(SystemVariable::name)
            .collect(Collectors.toSet());
    assertEquals(setVar, SystemVariables.hintEligible());
    assertTrue(SystemVariables.hintEligible().contains("time_zone"));
    assertTrue(SystemVariables.hintEligible().contains("timestamp")); // eligible, yet reserved
  }

  @Test
  void lookupIgnoresCaseAndUnknownNamesAreSettings() {
    assertSame(SystemVariables.lookup("sql_mode"), SystemVariables.lookup("SQL_Mode"));
    assertEquals(Scope.BOTH, SystemVariables.lookup("sql_mode").scope());
    assertNull(SystemVariables.lookup("validate_password_length"));
    assertEquals(Carrier.SETTINGS, SystemVariables.carrier("validate_password_length"));
  }

  private boolean readable(String expression) throws SQLException {
    try {
      statement.executeQuery("SELECT " + expression).close();
      return true;
    } catch (SQLException e) {
      if (e.getErrorCode() == READ_ONLY) { // "is a SESSION/GLOBAL variable"
        return false;
      }
      throw e;
    }
  }

  private List<Integer> hintWarnings(String name, String literal) throws SQLException {
    statement.executeQuery("SELECT /*+ SET_VAR(" + name + " = " + literal + ") */ 1").close();
    List<Integer> codes = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery("SHOW WARNINGS")) {
      while (rows.next()) {
        codes.add(rows.getInt("Code"));
      }
    }
    return codes;
  }

  private static int setSession(Statement statement, String name, String value) {
    try {
      statement.execute("SET SESSION " + name + " = " + value);
      return 0;
    } catch (SQLException e) {
      return e.getErrorCode();
    }
  }

  private static Set<String> namesCarriedBy(Carrier carrier) {
    return SystemVariables.all().stream()
        .filter(v -> v.carrier() == carrier)
        .map(SystemVariable::name)
        .collect(Collectors.toSet());
  }

  private static void assertCarrier(Carrier expected, String... names) {
    for (String name : names) {
      assertEquals(expected, SystemVariables.carrier(name), name);
    }
  }
}
