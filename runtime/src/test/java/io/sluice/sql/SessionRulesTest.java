package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionRulesTest {

  /**
   * Each statement's route: consequence (and reason), what the session absorbs, what it does to
   * the transaction, whether it may be retried on another connection, whether it controls the
   * session (a batch with it reserves).
   */
  private static final String ROUTES =
      """
SELECT 1                                       | MULTIPLEX                | NONE | NONE               | retry | -
SELECT * FROM t WHERE id = 1 FOR UPDATE        | MULTIPLEX                | NONE | NONE               | -     | -
SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 1    | MULTIPLEX                | NONE | NONE               | -     | -
SELECT @a                                      | REWRITE                  | NONE | NONE               | retry | -
SELECT LAST_INSERT_ID()                        | REWRITE                  | NONE | NONE               | retry | -
SELECT LAST_INSERT_ID(5)                       | RESERVE(UNTRACKED_STATE) | NONE | NONE               | -     | -
SELECT 1 INTO @b                               | RESERVE(USER_VARIABLE)   | NONE | NONE               | -     | -
SELECT GET_LOCK('a', 1)                        | RESERVE(LOCK)            | NONE | NONE               | -     | -
SELECT 1; SELECT 2                             | RESERVE(UNTRACKED_STATE) | NONE | NONE               | -     | -
INSERT INTO t VALUES (1)                       | MULTIPLEX                | NONE | NONE               | -     | -
UPDATE t SET v = 1                             | MULTIPLEX                | NONE | NONE               | -     | -
DO 1                                           | MULTIPLEX                | NONE | NONE               | -     | -
SHOW WARNINGS                                  | MULTIPLEX                | NONE | NONE               | -     | -
KILL 5                                         | MULTIPLEX                | NONE | NONE               | -     | -
CREATE TABLE t (x INT)                         | MULTIPLEX                | NONE | COMMITS_IMPLICITLY | -     | -
CREATE TEMPORARY TABLE t (x INT)               | RESERVE(TEMPORARY_TABLE) | NONE | NONE               | -     | -
LOCK TABLES t READ                             | RESERVE(LOCK)            | NONE | COMMITS_IMPLICITLY | -     | -
UNLOCK TABLES                                  | MULTIPLEX                | NONE | NONE               | -     | -
CALL p()                                       | RESERVE(UNTRACKED_STATE) | NONE | NONE               | -     | -
PREPARE s FROM 'SELECT 1'                      | RESERVE(UNTRACKED_STATE) | NONE | NONE               | -     | -
XA START 'x'                                   | RESERVE(UNTRACKED_STATE) | NONE | NONE               | -     | -
FROBNICATE everything                          | RESERVE(UNPARSED)        | NONE | NONE               | -     | -
USE shop                                       | SESSION_STATE            | USE  | NONE               | -     | controls
USE shop; SELECT 1                             | RESERVE(UNTRACKED_STATE) | NONE | NONE               | -     | controls
SET @a = 1                                     | SESSION_STATE            | SET  | NONE               | -     | controls
SET SESSION sql_mode = ''                      | SESSION_STATE            | SET  | NONE               | -     | controls
SET NAMES utf8mb4                              | SESSION_STATE            | SET  | NONE               | -     | controls
SET GLOBAL max_connections = 10                | MULTIPLEX                | SET  | NONE               | -     | controls
SET autocommit = 0                             | TRANSACTION_CONTROL      | SET  | NONE               | -     | controls
SET SESSION TRANSACTION READ ONLY              | TRANSACTION_CONTROL      | SET  | NONE               | -     | controls
SET TRANSACTION ISOLATION LEVEL READ COMMITTED | RESERVE(UNTRACKED_STATE) | SET  | NONE               | -     | controls
BEGIN                                          | TRANSACTION_CONTROL      | NONE | BEGINS             | -     | controls
START TRANSACTION READ ONLY                    | TRANSACTION_CONTROL      | NONE | BEGINS             | -     | controls
COMMIT                                         | TRANSACTION_CONTROL      | NONE | ENDS               | -     | controls
ROLLBACK                                       | TRANSACTION_CONTROL      | NONE | ENDS               | -     | controls
COMMIT AND CHAIN                               | RESERVE(UNTRACKED_STATE) | NONE | NONE               | -     | controls
ROLLBACK RELEASE                               | RESERVE(UNTRACKED_STATE) | NONE | NONE               | -     | controls
SAVEPOINT s                                    | TRANSACTION_CONTROL      | NONE | NONE               | -     | controls
ROLLBACK TO SAVEPOINT s                        | TRANSACTION_CONTROL      | NONE | NONE               | -     | controls
RELEASE SAVEPOINT s                            | TRANSACTION_CONTROL      | NONE | NONE               | -     | controls
""";

  /** The routes of what is not a statement: every {@link SessionEvent} needs its row. */
  private static final String EVENTS =
      """
CONNECTION_UNWRAP             | RESERVE(UNTRACKED_STATE)
STATEMENT_UNWRAP              | RESERVE(UNTRACKED_STATE)
PREPARE_CALL                  | RESERVE(UNTRACKED_STATE)
BATCH_CONTROLS_SESSION        | RESERVE(UNTRACKED_STATE)
USER_VARIABLE_WITHOUT_LITERAL | RESERVE(USER_VARIABLE)
SETTINGS_WITHOUT_POOL         | RESERVE(SETTINGS)
STATE_CHANGE_UNPREDICTED      | RESERVE(UNTRACKED_STATE)
SET_WITHOUT_BASELINE          | RESERVE(UNTRACKED_STATE)
SET_OF_DRIVER_VIEW            | RESERVE(UNTRACKED_STATE)
AUTOCOMMIT_SET_BY_SQL         | RESERVE(AUTOCOMMIT_SET_BY_SQL)
""";

  /**
   * What each reason carries, in precedence order: its description, its JMX counter, and whether
   * release_reserved_when_clean may give the reservation back. A new reason is its enum row and
   * its row here.
   */
  private static final String REASONS =
      """
TEMPORARY_TABLE       | temporary table        | ReservationsForTemporaryTables | releasable
LOCK                  | lock                   | ReservationsForLocks           | releasable
SETTINGS              | settings               | ReservationsForSettings        | releasable
USER_VARIABLE         | user variable          | ReservationsForOther           | releasable
AUTOCOMMIT_SET_BY_SQL | autocommit set by SQL  | ReservationsForOther           | kept
UNPARSED              | unparsed               | ReservationsForOther           | kept
UNTRACKED_STATE       | untracked state change | ReservationsForOther           | kept
""";

  static Stream<Arguments> routes() {
    return rows(ROUTES).map(cells -> Arguments.of(cells[0], String.join(" | ", rest(cells))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void eachStatementHasItsRoute(String sql, String route) {
    assertEquals(route, describe(SqlClassifier.classify(sql).route()), sql);
  }

  @Test
  void eachEventHasItsRoute() {
    List<String> seen = new ArrayList<>();
    rows(EVENTS)
        .forEach(
            cells -> {
              SessionEvent event = SessionEvent.valueOf(cells[0]);
              Route route = event.route();
              assertEquals(cells[1], route.toString(), cells[0]);
              assertSame(route.reason(), event.reason());
              assertEquals(
                  Route.Absorb.NONE + " | " + Route.Transaction.NONE + " | - | -",
                  describe(route).substring(route.toString().length() + 3),
                  cells[0]);
              seen.add(cells[0]);
            });
    assertEquals(names(SessionEvent.values()), seen, "every event has its row, in order");
  }

  @Test
  void eachReasonCarriesItsMetadata() {
    List<String> seen = new ArrayList<>();
    rows(REASONS)
        .forEach(
            cells -> {
              ReserveReason reason = ReserveReason.valueOf(cells[0]);
              assertEquals(cells[1], reason.description(), cells[0]);
              assertEquals(cells[2], reason.counter().attribute(), cells[0]);
              assertEquals(cells[3].equals("releasable"), reason.releasable(), cells[0]);
              seen.add(cells[0]);
            });
    assertEquals(names(ReserveReason.values()), seen, "every reason has its row, in order");
    assertTrue(ReserveReason.allReleasable(List.of(ReserveReason.LOCK, ReserveReason.SETTINGS)));
    assertFalse(
        ReserveReason.allReleasable(List.of(ReserveReason.LOCK, ReserveReason.UNTRACKED_STATE)));
  }

  @Test
  void aBatchRunsAsItsStrictestStatementAndReservesForControl() {
    StatementPlan set = SqlClassifier.classify("SET @a = 1");
    StatementPlan insert = SqlClassifier.classify("INSERT INTO t VALUES (1)");
    StatementPlan lock = SqlClassifier.classify("SELECT GET_LOCK('a', 1)");
    assertSame(insert, SessionRules.batchPlan(List.of(insert, set)));
    assertSame(lock, SessionRules.batchPlan(List.of(insert, lock, set)));
    assertTrue(SessionRules.batchControlsSession(List.of(insert, set)));
    assertFalse(SessionRules.batchControlsSession(List.of(insert, insert)));
    // Only a control before the first reserving statement: after it, the batch reserves anyway.
    assertFalse(SessionRules.batchControlsSession(List.of(lock, set)));
    assertTrue(SessionRules.batchControlsSession(List.of(set, lock)));
  }

  @Test
  void theAutocommitASetAsksFor() {
    assertEquals(Boolean.FALSE, autocommit("SET autocommit = 0"));
    assertEquals(Boolean.TRUE, autocommit("SET @@session.autocommit = ON"));
    assertEquals(Boolean.FALSE, autocommit("SET SESSION autocommit = 'off'"));
    assertEquals(Boolean.TRUE, autocommit("SET autocommit = 0, autocommit = TRUE"));
    assertNull(autocommit("SET autocommit = DEFAULT"));
    assertNull(autocommit("SET autocommit = @x"));
    assertNull(autocommit("SET GLOBAL autocommit = 0"));
    assertNull(autocommit("SET sql_mode = ''"));
  }

  @Test
  void aTransactionEndsAsTheSessionsState() {
    Route commit = SqlClassifier.classify("COMMIT").route();
    Route ddl = SqlClassifier.classify("CREATE TABLE t (x INT)").route();
    Route select = SqlClassifier.classify("SELECT 1").route();
    Route begin = SqlClassifier.classify("BEGIN").route();
    assertTrue(commit.endsTransaction(false, false));
    // With auto-commit off MySQL opens the next transaction at the next statement.
    assertTrue(ddl.endsTransaction(true, true));
    assertFalse(ddl.endsTransaction(true, false));
    assertFalse(ddl.endsTransaction(false, true));
    assertFalse(select.endsTransaction(true, true));
    assertTrue(select.opensTransaction(false));
    assertFalse(select.opensTransaction(true));
    assertTrue(begin.opensTransaction(true));
    assertTrue(begin.begins());
  }

  private static Boolean autocommit(String sql) {
    return SessionRules.autocommitSetTo(SqlClassifier.classify(sql));
  }

  private static String describe(Route route) {
    return route
        + " | "
        + route.absorb()
        + " | "
        + route.transaction()
        + " | "
        + (route.retryable() ? "retry" : "-")
        + " | "
        + (route.controlsSession() ? "controls" : "-");
  }

  private static Stream<String[]> rows(String table) {
    return table
        .lines()
        .filter(line -> !line.isBlank())
        .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new));
  }

  private static String[] rest(String[] cells) {
    return Arrays.copyOfRange(cells, 1, cells.length);
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  @Test
  void everyKindHasARule() {
    for (StatementKind kind : StatementKind.values()) {
      assertFalse(SessionRules.of(kind, 0, List.of()).toString().isEmpty(), kind.name());
    }
  }

  @Test
  void everyFlagHasARuleAndItsName() throws IllegalAccessException {
    int all = 0;
    for (Field field : StatementPlan.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        int bit = field.getInt(null);
        assertEquals(1, Integer.bitCount(bit), field.getName());
        assertEquals("[" + field.getName() + "]", SessionRules.flagNames(bit));
        assertNotNull(SessionRules.of(StatementKind.SELECT, bit, List.of()), field.getName());
        all |= bit;
      }
    }
    assertEquals(Integer.bitCount(all), SessionRules.flagNames(all).split(", ").length);
  }

  @Test
  void plainStatementsMultiplex() {
    for (StatementKind kind :
        List.of(
            StatementKind.SELECT,
            StatementKind.INSERT,
            StatementKind.UPDATE,
            StatementKind.DELETE,
            StatementKind.REPLACE,
            StatementKind.DDL,
            StatementKind.SHOW,
            StatementKind.EXPLAIN,
            StatementKind.DO)) {
      SessionRules.Rule rule = SessionRules.of(kind, 0, List.of());
      assertEquals(Consequence.MULTIPLEX, rule.consequence(), kind.name());
      assertNull(rule.reason(), kind.name());
    }
  }

  @Test
  void theMostSevereRuleWinsAndReasonsHaveAnOrder() {
    assertEquals(
        Consequence.REWRITE,
        SessionRules.of(StatementKind.SELECT, StatementPlan.LAST_INSERT_ID_READ, List.of())
            .consequence());
    assertEquals(
        ReserveReason.TEMPORARY_TABLE,
        SessionRules.of(
                StatementKind.DDL,
                StatementPlan.TEMPORARY_TABLE
                    | StatementPlan.USER_VARIABLE_READ
                    | StatementPlan.MULTI_STATEMENT
                    | StatementPlan.LOCK_FUNCTION,
                List.of())
            .reason());
    assertEquals(
        ReserveReason.LOCK,
        SessionRules.of(StatementKind.CALL, StatementPlan.LOCK_FUNCTION, List.of()).reason());
    assertEquals(
        ReserveReason.UNPARSED,
        SessionRules.of(
                StatementKind.OTHER,
                StatementPlan.UNPARSED | StatementPlan.MULTI_STATEMENT,
                List.of())
            .reason());
    assertEquals(
        Consequence.RESERVE,
        SessionRules.of(StatementKind.BEGIN, StatementPlan.MULTI_STATEMENT, List.of())
            .consequence());
  }

  @Test
  void reasonsDescribeThemselves() {
    assertEquals("untracked state change", ReserveReason.UNTRACKED_STATE.description());
    assertEquals("unparsed", ReserveReason.UNPARSED.description());
    for (ReserveReason reason : ReserveReason.values()) {
      assertFalse(reason.description().isBlank());
    }
  }
}
