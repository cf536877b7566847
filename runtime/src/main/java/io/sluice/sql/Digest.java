package io.sluice.sql;

/**
 * A statement's digest: its tokens with every literal (strings, numbers, placeholders, account
 * hosts) replaced by {@code ?}, comments and optimizer hints dropped, one space between tokens
 * except around {@code . , ( )}. It never shows a value, so logs and JMX may print it.
 */
final class Digest {
  /** As performance_schema's default max_digest_length; longer digests end with "...". */
  static final int MAX_LENGTH = 1024;

  private Digest() {}

  static String of(String sql, LexerMode mode) {
    SqlLexer lexer = new SqlLexer(sql, mode);
    StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX_LENGTH) + 8);
    Token previous = null;
    int previousEnd = -1;
    Token type;
    while ((type = lexer.next()) != Token.EOF && type != Token.ERROR) {
      if (type == Token.HINT || type == Token.VERSION_MARKER) {
        continue;
      }
      if (previous != null && spaced(previous, type, previousEnd == lexer.start())) {
        out.append(' ');
      }
      switch (type) {
        case STRING, NUMBER, PLACEHOLDER -> out.append('?');
        case HOST -> out.append("@?");
        default -> out.append(sql, lexer.start(), lexer.end());
      }
      previous = type;
      previousEnd = lexer.end();
      if (out.length() > MAX_LENGTH) {
        break;
      }
    }
    if (type == Token.ERROR) {
      // The rest could not be read; it may hold a value, so none of it is shown.
      out.append(out.length() == 0 ? "..." : " ...");
    }
    if (out.length() > MAX_LENGTH) {
      out.setLength(MAX_LENGTH);
      out.append("...");
    }
    return out.toString();
  }

  private static boolean spaced(Token previous, Token next, boolean adjacent) {
    switch (next) {
      case COMMA:
      case RPAREN:
      case DOT:
      case SEMICOLON:
      case HOST:
        return false;
      case LPAREN:
        // f(x) stays f(x); IN (x) keeps its space.
        if (adjacent && (previous == Token.WORD || previous == Token.QUOTED_IDENT)) {
          return false;
        }
        break;
      default:
        break;
    }
    return previous != Token.LPAREN && previous != Token.DOT;
  }
}
