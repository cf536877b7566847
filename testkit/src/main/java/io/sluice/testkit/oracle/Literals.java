package io.sluice.testkit.oracle;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.Random;

/**
 * Random SQL literals and their values: integers, decimals with a scale, strings with quotes,
 * backslashes, comment and placeholder look-alikes and (where the connection's character set can
 * carry them) non-ASCII characters, hex literals, NULL.
 */
final class Literals {
  private static final String[] ASCII_PIECES = {
    "a", "b", "Z", "0", "9", " ", "'", "\\", "\"", "%", "_", "\n", "\t", ";", "--", "?", "/*", "*/",
    "#", "@v_0", "`"
  };
  private static final String[] UNICODE_PIECES = {"é", "ü", "ß", "中", "文", "😀", "ñ"};

  /** A literal as written in SQL, and the value MySQL gives it. */
  record Literal(String sql, UserValue value) {}

  private Literals() {}

  static Literal any(Random random, boolean asciiOnly) {
    return switch (random.nextInt(10)) {
      case 0, 1, 2 -> integer(random);
      case 3, 4 -> decimal(random);
      case 5, 6, 7 -> string(random, asciiOnly);
      case 8 -> hex(random);
      default -> new Literal("NULL", UserValue.NULL);
    };
  }

  static Literal integer(Random random) {
    long value =
        random.nextBoolean() ? random.nextInt(126) - 5 : random.nextLong() % 1_000_000_000_000L;
    return new Literal(Long.toString(value), UserValue.of(value));
  }

  static Literal decimal(Random random) {
    BigDecimal value =
        BigDecimal.valueOf(random.nextInt(2_000_001) - 1_000_000, 1 + random.nextInt(4));
    return new Literal(value.toPlainString(), UserValue.of(value));
  }

  static Literal string(Random random, boolean asciiOnly) {
    StringBuilder text = new StringBuilder();
    int pieces = random.nextInt(9);
    for (int i = 0; i < pieces; i++) {
      boolean unicode = !asciiOnly && random.nextInt(4) == 0;
      String[] from = unicode ? UNICODE_PIECES : ASCII_PIECES;
      text.append(from[random.nextInt(from.length)]);
    }
    return new Literal(quote(text.toString(), random), UserValue.of(text.toString()));
  }

  static Literal hex(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(6)];
    random.nextBytes(bytes);
    String digits = HexFormat.of().withUpperCase().formatHex(bytes);
    String sql = random.nextBoolean() ? "0x" + digits : "X'" + digits.toLowerCase() + "'";
    return new Literal(sql, UserValue.of(bytes));
  }

  /** A single-quoted literal, escaping quotes either way MySQL allows. */
  static String quote(String text, Random random) {
    StringBuilder sql = new StringBuilder("'");
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\'' -> sql.append(random.nextBoolean() ? "''" : "\\'");
                case '\\' -> sql.append("\\\\");
                case '\n' -> sql.append("\\n");
                case '\t' -> sql.append("\\t");
                default -> sql.appendCodePoint(c);
              }
            });
    return sql.append('\'').toString();
  }
}
