package io.sluice.vars;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * SQL literals for values Sluice reads back from MySQL and sends again: system variable values for
 * SET and SET_VAR, and user variable values. A literal is rendered so that it reads the same under
 * any sql_mode: no backslash escapes are relied on (a value holding a backslash or a control
 * character is written in hex), because the connection it is sent on may run with
 * NO_BACKSLASH_ESCAPES.
 */
public final class Literals {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Literals() {}

  /**
   * The literal for a system variable's value as {@code SELECT @@session.x} returns it: numbers
   * bare, strings quoted, NULL as {@code NULL}.
   */
  public static String systemValue(ResultSet row, int column) throws SQLException {
    String value = row.getString(column);
    if (value == null) {
      return "NULL";
    }
    return isNumeric(row.getMetaData(), column) ? value : quoted(value);
  }

  static boolean isNumeric(ResultSetMetaData meta, int column) throws SQLException {
    return switch (meta.getColumnType(column)) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DECIMAL,
          Types.NUMERIC, Types.DOUBLE, Types.FLOAT, Types.REAL, Types.BIT, Types.BOOLEAN -> true;
      default -> false;
    };
  }

  /**
   * A string as a quoted literal ({@code 'it''s'}), or in hex ({@code X'...'}, read as a string of
   * the connection's character set where a string is expected) when it holds a backslash, a quote
   * character MySQL may treat specially, or a control character.
   */
  public static String quoted(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c < 0x20) {
        return hex(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return "'" + value.replace("'", "''") + "'";
  }

  /** Bytes as a hex literal, {@code X'00FF'}. */
  public static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 2 + 3).append("X'");
    appendHex(out, bytes);
    return out.append('\'').toString();
  }

  /** Appends bytes as hex digits. */
  static void appendHex(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
  }

  /**
   * Whether a literal may ride in an optimizer hint: a plain quoted string without quotes inside,
   * or an unsigned number (MySQL's hint parser reads a minus sign as a syntax error). A value the
   * hint parser might misread must not ride in one: MySQL would only warn and ignore it.
   */
  public static boolean fitsHint(String literal) {
    return !literal.startsWith("X'")
        && !literal.equals("NULL")
        && !literal.startsWith("-")
        && literal.indexOf("''", 1) < 0;
  }
}
