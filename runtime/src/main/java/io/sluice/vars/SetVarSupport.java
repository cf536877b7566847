package io.sluice.vars;

import io.sluice.jdbc.InternalQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Asks one live server which of the variables the table carries as hints ({@link Carrier#SET_VAR})
 * its version really accepts in a {@code SET_VAR} hint: hint eligibility changes between versions,
 * and a refused hint is only a warning, never an error.
 *
 * <p>The probe is one {@code SELECT /*+ SET_VAR(a = v) SET_VAR(b = v) ... *}{@code / 1} carrying
 * each variable's current session value, then {@code SHOW WARNINGS}: a variable a warning names
 * (3637 "cannot be set using SET_VAR hint", a bad value...) is dropped, and so is one a hint syntax
 * error (1064) points at, after which the hint's rest was not read; the survivors are probed again
 * until a probe draws no such warning. Warnings that name no variable (3135 on some sql_mode
 * values) do not refuse the hint and are ignored. Hints are statement-scoped, so the connection is
 * left as it was found.
 */
public final class SetVarSupport {
  // No sign: MySQL's hint parser reads "-1" as a syntax error.
  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
  private static final Pattern SYNTAX_ERROR_NEAR = Pattern.compile("near '(.*)' at line \\d+$");
  private static final int HINT_SYNTAX_ERROR = 1064;

  private SetVarSupport() {}

  /**
   * The variables the server behind {@code connection} accepts in a {@code SET_VAR} hint: empty for
   * MariaDB, which has no such hint (its {@code SET STATEMENT} is another carrier).
   */
  public static Set<String> probe(Connection connection) throws SQLException {
    try (Statement statement = InternalQuery.statement(connection)) {
      if (isMariaDb(statement)) {
        return setStatementAccepted(statement);
      }
      Map<String, String> literals = new LinkedHashMap<>();
      sessionValues(statement)
          .forEach(
              (name, value) -> {
                String literal = literal(name, value);
                if (literal != null) {
                  literals.put(name, literal);
                }
              });
      return accepted(statement, literals);
    }
  }

  /**
   * The names of {@code literals} (name to hint literal) that MySQL accepts together in one hint
   * without a warning naming them.
   */
  static Set<String> accepted(Statement statement, Map<String, String> literals)
      throws SQLException {
    List<Hint> hints = new ArrayList<>();
    literals.forEach((name, literal) -> hints.add(new Hint(name, literal)));
    while (!hints.isEmpty()) {
      String sql = select(hints);
      InternalQuery.results(statement, sql).close();
      List<Hint> refused = refused(statement, sql, hints);
      if (refused.isEmpty()) {
        break;
      }
      hints.removeAll(refused);
    }
    return hints.stream().map(Hint::name).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * {@code value} as a literal in a hint: numbers bare, other values single-quoted, the empty
   * sql_mode as {@code ' '}. {@code null} when it cannot be written safely: {@code null}, another
   * empty value or a negative number (MySQL's hint parser reads {@code ''} and {@code -1} as syntax
   * errors), or one holding a quote or backslash.
   */
  static String literal(String name, String value) {
    if (value == null
        || value.startsWith("-")
        || value.indexOf('\'') >= 0
        || value.indexOf('\\') >= 0) {
      return null;
    }
    if (value.isEmpty()) {
      return name.equals("sql_mode") ? "' '" : null;
    }
    return NUMBER.matcher(value).matches() ? value : "'" + value + "'";
  }

  /**
   * MariaDB has no SET_VAR; its {@code SET STATEMENT var = value FOR statement} carries a setting
   * for one statement, and refuses some variables with an error (1971). Each variable the table
   * carries is tried once with its current value; those that run with no error and no warning
   * may ride so.
   */
  private static Set<String> setStatementAccepted(Statement statement) throws SQLException {
    Map<String, String> values = new TreeMap<>();
    try (ResultSet rows = InternalQuery.results(statement, "SHOW SESSION VARIABLES")) {
      while (rows.next()) {
        String name = rows.getString(1).toLowerCase(Locale.ROOT);
        Carrier carrier = SystemVariables.lookup(name) == null ? null : SystemVariables.carrier(name);
        if (carrier == Carrier.SET_VAR || carrier == Carrier.SETTINGS) {
          values.put(name, rows.getString(2));
        }
      }
    }
    Set<String> accepted = new java.util.TreeSet<>();
    values.forEach(
        (name, value) -> {
          String literal =
              value.isEmpty() && name.equals("sql_mode") ? "''" : literal(name, value);
          if (literal == null) {
            return;
          }
          try {
            statement.execute("SET STATEMENT " + name + " = " + literal + " FOR SELECT 1");
            if (statement.getWarnings() == null) {
              accepted.add(name);
            }
            statement.clearWarnings();
          } catch (SQLException refused) {
            // 1971: not settable in SET STATEMENT; anything else: not with this value either.
          }
        });
    return java.util.Collections.unmodifiableSet(accepted);
  }

  private static boolean isMariaDb(Statement statement) throws SQLException {
    try (ResultSet version = InternalQuery.results(statement, "SELECT VERSION()")) {
      version.next();
      return version.getString(1).toLowerCase(Locale.ROOT).contains("mariadb");
    }
  }

  /** The current session values of the variables the table carries as hints, in name order. */
  private static Map<String, String> sessionValues(Statement statement) throws SQLException {
    Map<String, String> values = new TreeMap<>();
    try (ResultSet rows =
        InternalQuery.results(
            statement,
            "SELECT VARIABLE_NAME, VARIABLE_VALUE FROM performance_schema.session_variables")) {
      while (rows.next()) {
        String name = rows.getString(1).toLowerCase(Locale.ROOT);
        if (SystemVariables.carrier(name) == Carrier.SET_VAR) {
          values.put(name, rows.getString(2));
        }
      }
    }
    return values;
  }

  private static String select(List<Hint> hints) {
    StringBuilder sql = new StringBuilder("SELECT /*+");
    for (Hint hint : hints) {
      sql.append(" SET_VAR(").append(hint.name).append(" = ").append(hint.literal).append(')');
    }
    return sql.append(" */ 1").toString();
  }

  /** The hints the last statement's warnings refuse. */
  private static List<Hint> refused(Statement statement, String sql, List<Hint> hints)
      throws SQLException {
    List<Hint> refused = new ArrayList<>();
    try (ResultSet warnings = InternalQuery.results(statement, "SHOW WARNINGS")) {
      while (warnings.next()) {
        String message = warnings.getString("Message");
        if (warnings.getInt("Code") == HINT_SYNTAX_ERROR) {
          refused.addAll(fromSyntaxError(sql, message, hints));
        } else {
          for (Hint hint : hints) {
            if (names(message, hint.name)) {
              refused.add(hint);
            }
          }
        }
      }
    }
    return refused;
  }

  /**
   * The hint a syntax error points at (its "near" text is the statement's rest from there), or all
   * of them when the error cannot be placed.
   */
  private static List<Hint> fromSyntaxError(String sql, String message, List<Hint> hints) {
    Matcher near = SYNTAX_ERROR_NEAR.matcher(message);
    int at = near.find() ? sql.indexOf(near.group(1)) : -1;
    if (at < 0) {
      return hints;
    }
    Hint pointedAt = hints.get(0);
    for (Hint hint : hints) {
      if (sql.indexOf(" SET_VAR(" + hint.name + " = ") > at) {
        break;
      }
      pointedAt = hint;
    }
    return List.of(pointedAt);
  }

  /** Whether {@code message} names {@code name} as a whole word. */
  private static boolean names(String message, String name) {
    String lower = message.toLowerCase(Locale.ROOT);
    for (int at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
      int end = at + name.length();
      if ((at == 0 || !isWordChar(lower.charAt(at - 1)))
          && (end == lower.length() || !isWordChar(lower.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private record Hint(String name, String literal) {}
}
