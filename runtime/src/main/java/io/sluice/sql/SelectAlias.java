package io.sluice.sql;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Keeps result column names when a select-list item is rewritten. MySQL names an unaliased item
 * after its text as written (measured on 8.0.31 through Connector/J: comments inside the item kept,
 * executable-comment markers dropped, cut at a NUL, characters outside the BMP shown as {@code ?},
 * at most 255 UTF-8 bytes). Splicing a literal in changes that text, so the rewritten item gets
 * {@code AS `original text`}; an item that already has an alias keeps it.
 */
final class SelectAlias {
  /** MySQL's longest generated column name, in bytes; an explicit alias may be 256 but warns. */
  private static final int MAX_NAME_BYTES = 255;

  /** Reserved words that end an expression, so that a name after them can be an alias. */
  private static final Set<String> RESERVED_OPERANDS =
      Keywords.words(
          "NULL TRUE FALSE CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER "
              + "LOCALTIME LOCALTIMESTAMP UTC_DATE UTC_TIME UTC_TIMESTAMP");

  /** Single interval units, which end {@code INTERVAL n UNIT} (the compound ones are reserved). */
  private static final Set<String> INTERVAL_UNITS =
      Keywords.words("MICROSECOND SECOND MINUTE HOUR DAY WEEK MONTH QUARTER YEAR");

  /**
   * Words before a string that make it a typed literal ({@code DATE '2024-01-01'}), not an alias.
   */
  private static final Set<String> LITERAL_TYPES = Keywords.words("DATE TIME TIMESTAMP");

  private SelectAlias() {}

  /** Whether the item made of tokens {@code [from, to)} ends with an alias. */
  static boolean present(TokenList t, int from, int to) {
    int last = to - 1;
    int prev = last - 1;
    if (prev < from) {
      return false;
    }
    Token type = t.type(last);
    if (t.isWord(prev, "AS")) {
      return type == Token.WORD || type == Token.QUOTED_IDENT || type == Token.STRING;
    }
    if (!endsOperand(t, prev)) {
      return false;
    }
    switch (type) {
      case QUOTED_IDENT:
        return true;
      case STRING:
        // 'a' 'b' is one string; DATE 'x' and _utf8mb4 'x' are literals.
        String previous = t.upperWord(prev);
        return t.type(prev) != Token.STRING
            && (previous == null
                || (!LITERAL_TYPES.contains(previous) && !previous.startsWith("_")));
      case WORD:
        String word = t.upperWord(last);
        if (Keywords.isReserved(word)) {
          return false;
        }
        if (word.equals("END") && count(t, from, last, "CASE") > count(t, from, last, "END")) {
          return false;
        }
        String before = t.upperWord(prev);
        return !(INTERVAL_UNITS.contains(word)
            && count(t, from, last, "INTERVAL") > 0
            && (before == null || !INTERVAL_UNITS.contains(before)));
      default:
        return false;
    }
  }

  /** The {@code AS `name`} that gives the rewritten item {@code [from, to)} its original name. */
  static String forItem(TokenList t, int from, int to) {
    String text = t.textWithoutMarkers(t.start(from), t.end(to - 1));
    StringBuilder name = new StringBuilder(Math.min(text.length(), MAX_NAME_BYTES));
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (codePoint == 0) {
        break;
      }
      String character =
          Character.isBmpCodePoint(codePoint) && !Character.isSurrogate((char) codePoint)
              ? String.valueOf((char) codePoint)
              : "?";
      bytes += character.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_NAME_BYTES) {
        break;
      }
      name.append(character);
    }
    return " AS `" + name.toString().replace("`", "``") + "`";
  }

  /** Whether token {@code i} can be the end of an operand, so a following name is an alias. */
  private static boolean endsOperand(TokenList t, int i) {
    switch (t.type(i)) {
      case RPAREN:
      case NUMBER:
      case STRING:
      case QUOTED_IDENT:
      case USER_VAR:
      case SYS_VAR:
      case PLACEHOLDER:
        return true;
      case WORD:
        String word = t.upperWord(i);
        return !Keywords.isReserved(word) || RESERVED_OPERANDS.contains(word);
      default:
        return false;
    }
  }

  private static int count(TokenList t, int from, int to, String word) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (t.isWord(i, word)) {
        n++;
      }
    }
    return n;
  }
}
