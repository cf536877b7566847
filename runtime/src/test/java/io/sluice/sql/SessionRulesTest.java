package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionRulesTest {

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
