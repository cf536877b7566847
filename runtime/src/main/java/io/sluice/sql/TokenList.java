package io.sluice.sql;

import java.util.Arrays;
import java.util.Locale;

/**
 * A whole text lexed into parallel arrays, for the classifier's look-ahead. Built only on a plan
 * cache miss. Indexes past the end read as {@link Token#EOF}. Version markers are kept apart: they
 * belong to no statement, but MySQL's column names leave them out.
 */
final class TokenList {
  final String sql;

  /** Whether the lexer stopped at {@link Token#ERROR}. */
  final boolean failed;

  private Token[] types = new Token[32];
  private int[] starts = new int[32];
  private int[] ends = new int[32];
  private int size;
  private int[] markers = new int[0];
  private int markerCount;

  private TokenList(String sql, LexerMode mode) {
    this.sql = sql;
    SqlLexer lexer = new SqlLexer(sql, mode);
    Token type;
    while ((type = lexer.next()) != Token.EOF && type != Token.ERROR) {
      if (type == Token.VERSION_MARKER) {
        addMarker(lexer.start(), lexer.end());
      } else {
        add(type, lexer.start(), lexer.end());
      }
    }
    this.failed = type == Token.ERROR;
  }

  static TokenList lex(String sql, LexerMode mode) {
    return new TokenList(sql, mode);
  }

  int size() {
    return size;
  }

  Token type(int i) {
    return i >= 0 && i < size ? types[i] : Token.EOF;
  }

  int start(int i) {
    return i < size ? starts[i] : sql.length();
  }

  int end(int i) {
    return i < size ? ends[i] : sql.length();
  }

  String text(int i) {
    return sql.substring(start(i), end(i));
  }

  /** Whether token {@code i} is the unquoted word {@code upper} (given in upper case), any case. */
  boolean isWord(int i, String upper) {
    return type(i) == Token.WORD
        && ends[i] - starts[i] == upper.length()
        && sql.regionMatches(true, starts[i], upper, 0, upper.length());
  }

  /** Whether token {@code i} is one of the unquoted words in {@code uppers}. */
  boolean isAnyWord(int i, String... uppers) {
    for (String upper : uppers) {
      if (isWord(i, upper)) {
        return true;
      }
    }
    return false;
  }

  /** The upper-cased text of an unquoted word, or null for any other token. */
  String upperWord(int i) {
    return type(i) == Token.WORD ? text(i).toUpperCase(Locale.ROOT) : null;
  }

  /**
   * The name an identifier token stands for: a word as written, a quoted identifier without its
   * quotes (doubled quotes made single). Null for other tokens.
   */
  String identifier(int i) {
    return switch (type(i)) {
      case WORD -> text(i);
      case QUOTED_IDENT -> unquote(text(i));
      default -> null;
    };
  }

  /** The index after the parenthesis that closes the one at {@code open}, or -1 if unbalanced. */
  int skipGroup(int open, int limit) {
    int depth = 0;
    for (int i = open; i < limit; i++) {
      if (types[i] == Token.LPAREN) {
        depth++;
      } else if (types[i] == Token.RPAREN && --depth == 0) {
        return i + 1;
      }
    }
    return -1;
  }

  /** Whether a version marker lies inside the text range {@code [from, to)}. */
  boolean hasMarkerWithin(int from, int to) {
    for (int m = 0; m < markerCount; m++) {
      if (markers[2 * m] >= from && markers[2 * m + 1] <= to) {
        return true;
      }
    }
    return false;
  }

  /** The text of {@code [from, to)} without the version markers inside it, as MySQL sees it. */
  String textWithoutMarkers(int from, int to) {
    StringBuilder text = new StringBuilder(to - from);
    int at = from;
    for (int m = 0; m < markerCount; m++) {
      int markerStart = markers[2 * m];
      int markerEnd = markers[2 * m + 1];
      if (markerStart >= at && markerEnd <= to) {
        text.append(sql, at, markerStart);
        at = markerEnd;
      }
    }
    return text.append(sql, at, to).toString();
  }

  /** A quoted name without its quotes; doubled quote characters stand for one. */
  static String unquote(String quoted) {
    char quote = quoted.charAt(0);
    String body = quoted.substring(1, quoted.length() - 1);
    String doubled = String.valueOf(new char[] {quote, quote});
    return body.replace(doubled, String.valueOf(quote));
  }

  private void add(Token type, int start, int end) {
    if (size == types.length) {
      types = Arrays.copyOf(types, size * 2);
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    types[size] = type;
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  private void addMarker(int start, int end) {
    if (2 * markerCount == markers.length) {
      markers = Arrays.copyOf(markers, Math.max(4, markers.length * 2));
    }
    markers[2 * markerCount] = start;
    markers[2 * markerCount + 1] = end;
    markerCount++;
  }
}
