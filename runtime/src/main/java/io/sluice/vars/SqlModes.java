package io.sluice.vars;

import java.sql.Connection;
import java.util.Locale;
import java.util.Set;

/** What Sluice must know about sql_mode values and the isolation variable's values. */
public final class SqlModes {
  /**
   * The sql_mode flags that change how MySQL parses a statement (ANSI implies ANSI_QUOTES and
   * PIPES_AS_CONCAT): a SET_VAR hint is applied after parsing, so these cannot ride in one.
   */
  private static final Set<String> AFFECT_PARSING =
      Set.of(
          "ANSI",
          "ANSI_QUOTES",
          "PIPES_AS_CONCAT",
          "NO_BACKSLASH_ESCAPES",
          "IGNORE_SPACE",
          "HIGH_NOT_PRECEDENCE",
          "REAL_AS_FLOAT");

  private SqlModes() {}

  /** Whether a sql_mode literal ({@code 'A,B'}) holds a flag that changes parsing. */
  public static boolean affectsParsing(String literal) {
    for (String flag : unquote(literal).split(",")) {
      if (AFFECT_PARSING.contains(flag.trim().toUpperCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** The JDBC level of a transaction_isolation literal ({@code 'READ-COMMITTED'}). */
  public static int isolationLevel(String literal) {
    return switch (unquote(literal).toUpperCase(Locale.ROOT)) {
      case "READ-UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
      case "READ-COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
      case "SERIALIZABLE" -> Connection.TRANSACTION_SERIALIZABLE;
      default -> Connection.TRANSACTION_REPEATABLE_READ;
    };
  }

  /** The text of a quoted literal. */
  public static String text(String literal) {
    return unquote(literal);
  }

  private static String unquote(String literal) {
    if (literal.length() >= 2 && literal.startsWith("'") && literal.endsWith("'")) {
      return literal.substring(1, literal.length() - 1).replace("''", "'");
    }
    return literal;
  }
}
