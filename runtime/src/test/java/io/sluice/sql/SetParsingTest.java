package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetParsingTest {

  /** Each assignment as {@code SCOPE TYPE name=value}, joined by {@code " ; "}. */
  static String assignments(String sql) {
    StatementPlan plan = SqlClassifier.classify(sql);
    return plan.setAssignments().stream()
        .map(a -> a.scope() + " " + a.type() + " " + a.name() + "=" + a.value())
        .collect(Collectors.joining(" ; "));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
SET @a=1, @@session.x=2, sql_mode='ANSI,NO_ZERO_DATE' | USER VARIABLE a=1 ; SESSION VARIABLE x=2 ; NONE VARIABLE sql_mode='ANSI,NO_ZERO_DATE'
SET @a := 1, @B = @a + 1 | USER VARIABLE a=1 ; USER VARIABLE b=@a + 1
SET @'My Var' = 'v', @`q` = 2, @"d" = 3 | USER VARIABLE my var='v' ; USER VARIABLE q=2 ; USER VARIABLE d=3
set @x = CONCAT('a,b', (1, 2), f(3, 4)), @y = 'c' | USER VARIABLE x=CONCAT('a,b', (1, 2), f(3, 4)) ; USER VARIABLE y='c'
SET @x = /* drop */ 1 /* keep */ + 2 /* drop */ | USER VARIABLE x=1 /* keep */ + 2
SET NAMES utf8mb4 | NONE NAMES names=utf8mb4
SET NAMES 'utf8mb4' COLLATE 'utf8mb4_bin', @b = 2 | NONE NAMES names='utf8mb4' COLLATE 'utf8mb4_bin' ; USER VARIABLE b=2
SET NAMES DEFAULT | NONE NAMES names=DEFAULT
SET CHARACTER SET utf8mb4 | NONE CHARACTER_SET character_set=utf8mb4
SET CHARSET 'latin1' | NONE CHARACTER_SET character_set='latin1'
SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED | SESSION TRANSACTION transaction_isolation=READ COMMITTED
SET TRANSACTION READ ONLY, ISOLATION LEVEL repeatable  read | NONE TRANSACTION transaction_read_only=READ ONLY ; NONE TRANSACTION transaction_isolation=repeatable  read
SET GLOBAL TRANSACTION READ WRITE | GLOBAL TRANSACTION transaction_read_only=READ WRITE
SET GLOBAL a=1, b=2, SESSION c=3, d=4 | GLOBAL VARIABLE a=1 ; GLOBAL VARIABLE b=2 ; SESSION VARIABLE c=3 ; SESSION VARIABLE d=4
SET GLOBAL a=1, @x=2, b=3 | GLOBAL VARIABLE a=1 ; USER VARIABLE x=2 ; GLOBAL VARIABLE b=3
SET GLOBAL a=1, @@b=2 | GLOBAL VARIABLE a=1 ; NONE VARIABLE b=2
SET @@global.a=1, b=2 | GLOBAL VARIABLE a=1 ; NONE VARIABLE b=2
SET LOCAL a=1, @@local.b=2, @@SESSION.C=3 | LOCAL VARIABLE a=1 ; LOCAL VARIABLE b=2 ; SESSION VARIABLE c=3
SET PERSIST a=1, PERSIST_ONLY b=2, @@persist.c=3, @@persist_only.d=4 | PERSIST VARIABLE a=1 ; PERSIST_ONLY VARIABLE b=2 ; PERSIST VARIABLE c=3 ; PERSIST_ONLY VARIABLE d=4
SET SQL_MODE = DEFAULT | NONE VARIABLE sql_mode=DEFAULT
SET `sql_mode` = '' | NONE VARIABLE sql_mode=''
SET default.key_buffer_size = 1, @@global.hot_cache.key_buffer_size = 2 | NONE VARIABLE default.key_buffer_size=1 ; GLOBAL VARIABLE hot_cache.key_buffer_size=2
SET autocommit := 0 | NONE VARIABLE autocommit=0
SET time_zone = @@global.time_zone | NONE VARIABLE time_zone=@@global.time_zone
SET @x = (SELECT MAX(id) FROM t WHERE a IN (1, 2)) | USER VARIABLE x=(SELECT MAX(id) FROM t WHERE a IN (1, 2))
SET @x = CASE WHEN a THEN 'x,y' ELSE 2 END, @y = 1 | USER VARIABLE x=CASE WHEN a THEN 'x,y' ELSE 2 END ; USER VARIABLE y=1
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */ | USER VARIABLE old_sql_mode=@@SQL_MODE ; NONE VARIABLE sql_mode='NO_AUTO_VALUE_ON_ZERO'
SET ROLE ALL |
SET PASSWORD = 'secret' |
SET x |
SET x = |
SET @a = 1, |
SET @a = (1 |
SET GLOBAL TRANSACTION ISOLATION LEVEL READ COMMITTED, sort_buffer_size=1 |
""")
  void parsesAssignments(String sql, String expected) {
    assertEquals(expected == null ? "" : expected, assignments(sql));
  }

  @Test
  void malformedSetsAreUnparsedWithNoAssignments() {
    for (String sql :
        new String[] {
          "SET x", "SET x =", "SET @a = 1,", "SET @a = (1", "SET = 1", "SET TRANSACTION"
        }) {
      StatementPlan plan = SqlClassifier.classify(sql);
      assertTrue(plan.has(StatementPlan.UNPARSED), sql);
      assertEquals(StatementKind.OTHER, plan.kind(), sql);
      assertEquals(ReserveReason.UNPARSED, plan.reserveReason(), sql);
    }
  }

  @Test
  void aSetThatReadsTheSessionFunctionsIsRewrittenToo() {
    StatementPlan plan = SqlClassifier.classify("SET @id = LAST_INSERT_ID()");
    assertEquals("USER VARIABLE id=LAST_INSERT_ID()", assignments(plan.sql()));
    assertEquals("SET @id = CAST(7 AS UNSIGNED)", plan.rewrite(RewriteTest.values(7, 0, 0)));
  }

  @Test
  void assignedVariablesAreNotReads() {
    StatementPlan plan = SqlClassifier.classify("SET @a = @b, @@session.c = @@d");
    assertEquals(java.util.List.of(new VariableRead("b", 9, 11)), plan.userVariableReads());
    assertTrue(plan.has(StatementPlan.SYSTEM_VARIABLE_READ));
    assertEquals(java.util.List.of(new VariableRead("a", 4, 6)), plan.userVariableTargets());
    assertEquals(0, plan.flags() & StatementPlan.USER_VARIABLE_WRITE, "a SET's are its own");
  }

  @Test
  void assignmentRulesAreTheSessionsTable() {
    assertEquals(Consequence.SESSION_STATE, consequence("SET @a = 1"));
    assertEquals(Consequence.MULTIPLEX, consequence("SET GLOBAL sql_mode = ''"));
    assertEquals(Consequence.MULTIPLEX, consequence("SET PERSIST_ONLY back_log = 1"));
    assertEquals(Consequence.TRANSACTION_CONTROL, consequence("SET LOCAL autocommit = 1"));
    assertEquals(Consequence.TRANSACTION_CONTROL, consequence("SET @@transaction_read_only = 1"));
    assertEquals(Consequence.TRANSACTION_CONTROL, consequence("SET SESSION TRANSACTION READ ONLY"));
    assertEquals(Consequence.RESERVE, consequence("SET TRANSACTION READ ONLY"), "the next only");
    assertEquals(Consequence.SESSION_STATE, consequence("SET CHARACTER SET utf8mb4"));
    assertEquals(Consequence.SESSION_STATE, consequence("SET sql_mode = '', GLOBAL x = 1"));
    assertEquals(Consequence.RESERVE, consequence("SET timestamp = 1"), "the table says");
    assertEquals(Consequence.MULTIPLEX, consequence("SET SESSION version = 'x'"), "MySQL refuses");
  }

  private static Consequence consequence(String sql) {
    return SqlClassifier.classify(sql).consequence();
  }
}
