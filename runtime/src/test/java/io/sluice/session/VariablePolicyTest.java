package io.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.vars.Settings;
import io.sluice.vars.SqlModes;
import io.sluice.vars.VariablePolicy;
import io.sluice.vars.VariablePolicy.Row;
import io.sluice.vars.VariablePolicy.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The variable policy's special cases are what the code applying them does: the runtime keeps
 * them as constants on its hot path, and these checks keep the two from drifting apart. In this
 * package because {@link SetAbsorber} is package-private.
 */
class VariablePolicyTest {
  private static final VariablePolicy POLICY = VariablePolicy.load();

  /** MySQL 8.0's sql_mode flags that leave parsing alone. */
  private static final List<String> OTHER_FLAGS =
      List.of(
          "ALLOW_INVALID_DATES", "ERROR_FOR_DIVISION_BY_ZERO", "NO_AUTO_VALUE_ON_ZERO",
          "NO_DIR_IN_CREATE", "NO_ENGINE_SUBSTITUTION", "NO_UNSIGNED_SUBTRACTION", "NO_ZERO_DATE",
          "NO_ZERO_IN_DATE", "ONLY_FULL_GROUP_BY", "PAD_CHAR_TO_FULL_LENGTH", "STRICT_ALL_TABLES",
          "STRICT_TRANS_TABLES", "TIME_TRUNCATE_FRACTIONAL", "TRADITIONAL");

  @Test
  void theParseFlagsAreTheOnesThatKeepSqlModeOutOfHints() {
    List<String> flags = POLICY.values(Rule.PARSE_FLAG, "sql_mode");
    assertFalse(flags.isEmpty());
    for (String flag : flags) {
      assertTrue(SqlModes.affectsParsing("'STRICT_TRANS_TABLES," + flag + "'"), flag);
    }
    for (String flag : OTHER_FLAGS) {
      assertFalse(SqlModes.affectsParsing("'" + flag + "'"), flag);
    }
  }

  @Test
  void hintLiteralsAreWrittenAsThePolicySays() {
    List<Row> rows = POLICY.rows(Rule.HINT_LITERAL);
    assertFalse(rows.isEmpty());
    for (Row row : rows) {
      int space = row.value().indexOf(' ');
      String literal = row.value().substring(0, space);
      String written = row.value().substring(space + 1);
      Settings settings = Settings.NONE.with(row.name(), literal, "'baseline'", true);
      assertEquals("SET_VAR(" + row.name() + " = " + written + ")", settings.hints());
    }
  }

  @Test
  void setNamesChangesThePolicysNamesVariables() {
    List<String> names = POLICY.rows(Rule.NAMES).stream().map(Row::name).toList();
    assertEquals(names, SetAbsorber.CHARSET_VARIABLES);
  }
}
