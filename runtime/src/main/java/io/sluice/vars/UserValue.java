package io.sluice.vars;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The value of one user variable, kept by the session: the literal that stands for it in a
 * statement that reads it, and the expression that puts it back on a connection.
 *
 * <p>MySQL keeps a user variable as an integer (signed or not), a decimal, a double, a string of a
 * character set and collation, a binary string, or NULL (temporal values become strings). Each
 * literal keeps that: its Java class, value and signedness; the column type a read of the
 * variable reports (BIGINT, DECIMAL(65,30), DOUBLE of width 23, {@code LONGTEXT} for utf8mb4,
 * {@code MEDIUMTEXT} for latin1, {@code MEDIUMBLOB}, measured on 8.0.31 under the text protocol,
 * server-side prepare and cursor fetch: the {@code IF} below widens the literal to it); and for
 * strings MySQL's implicit coercibility, which decides comparisons with columns ({@code
 * CONVERT(... USING cs)} has it; a quoted literal would not). A string in a collation other than
 * its character set's default, or in utf8mb3 (the system variables' character set, which MySQL
 * warns about when a statement names it), has no such literal: reads of it need the variable on
 * the connection ({@link #substitutable}).
 *
 * @param literal what replaces a read of the variable
 * @param assignment the right-hand side of {@code SET @v = ...} that recreates it exactly
 * @param substitutable whether {@link #literal} reads exactly as the variable would
 */
public record UserValue(String literal, String assignment, boolean substitutable) {
  /** A variable set to NULL: a binary string, as MySQL reports it. */
  public static final UserValue NULL =
      new UserValue("CAST(NULL AS BINARY(16777215))", "NULL", true);

  /**
   * What a read of a variable never set stands for: a read of a variable of Sluice's that nothing
   * ever sets (names starting {@code __sluice_} are Sluice's), because no literal types as MySQL
   * types an undefined variable (measured on 8.0.31: a VARBINARY(65532) under the text protocol
   * and server-side prepare, TEXT under cursor fetch, yet a BIGINT in arithmetic and a
   * MEDIUMTEXT in CONCAT). The application's own name cannot stay: a statement Sluice cannot
   * judge (one carrying SET_VAR hints, or a streamed one, whose triggers or functions set it)
   * may have left a variable of that name on a pooled connection.
   */
  public static final String UNSET = "@`__sluice_undefined`";

  /** The widest string a user variable can report, which decides its column type. */
  private static final int WIDTH = 16777215;

  /** The SELECT columns {@link #read} expects for variable {@code @v}, in order. */
  public static String columns(String variable) {
    return variable
        + ", HEX("
        + variable
        + "), CHARSET("
        + variable
        + "), COLLATION("
        + variable
        + ") = (SELECT DEFAULT_COLLATE_NAME FROM information_schema.CHARACTER_SETS"
        + " WHERE CHARACTER_SET_NAME = CHARSET("
        + variable
        + ")), COLLATION("
        + variable
        + ")";
  }

  /** How many columns {@link #columns} selects. */
  public static final int COLUMNS = 5;

  /** Reads the value selected by {@link #columns}, starting at {@code column}. */
  public static UserValue read(ResultSet row, int column) throws SQLException {
    String text = row.getString(column);
    if (text == null) {
      return NULL;
    }
    String charset = row.getString(column + 2);
    switch (row.getMetaData().getColumnType(column)) {
      case Types.BIGINT, Types.INTEGER -> {
        String type = row.getMetaData().isSigned(column) ? "SIGNED" : "UNSIGNED";
        return numeric("CAST(" + text + " AS " + type + ")", type);
      }
      case Types.DECIMAL, Types.NUMERIC -> {
        return numeric(signed(text), "DECIMAL(65, 30)");
      }
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> {
        String exact = text.indexOf('e') >= 0 || text.indexOf('E') >= 0 ? text : text + "E0";
        return numeric(signed(exact), "DOUBLE");
      }
      default -> {}
    }
    String hex = row.getString(column + 1);
    if (charset == null || charset.equalsIgnoreCase("binary")) {
      String bytes = "CAST(X'" + hex + "' AS BINARY)";
      return new UserValue(typed(bytes, "BINARY(" + WIDTH + ")"), bytes, true);
    }
    String bytes = "_" + charset + " X'" + hex + "'";
    // Naming utf8mb3 (or its alias utf8) draws a deprecation warning on MySQL 8.0.30+, which the
    // application's own read of the variable would not: such values stay on a connection.
    boolean substitutable =
        row.getBoolean(column + 3) && !charset.toLowerCase(java.util.Locale.ROOT).startsWith("utf8mb3");
    return new UserValue(
        typed("CONVERT(" + bytes + " USING " + charset + ")", "CHAR(" + WIDTH + ") CHARACTER SET " + charset),
        bytes + " COLLATE " + row.getString(column + 4),
        substitutable);
  }

  /**
   * A value typed as a user variable of {@code type} reads: MySQL gives a variable's read its
   * type's widest form (and no NOT NULL flag), which the {@code IF} takes from its NULL branch.
   * A bare literal would type by its own digits, and differently where MySQL materialises the
   * result (a server-side cursor reads {@code 5} as INT, {@code @x} as BIGINT).
   */
  private static String typed(String value, String type) {
    return "IF(TRUE, " + value + ", CAST(NULL AS " + type + "))";
  }

  /** A negative number in parentheses, so that no operator before it can join its sign. */
  private static String signed(String number) {
    return number.startsWith("-") ? "(" + number + ")" : number;
  }

  /** A number: {@code value} recreates it, and reads as the variable once {@link #typed}. */
  private static UserValue numeric(String value, String type) {
    return new UserValue(typed(value, type), value, true);
  }
}
