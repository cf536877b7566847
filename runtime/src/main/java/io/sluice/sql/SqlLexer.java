package io.sluice.sql;

/**
 * A single-pass MySQL lexer over a String: a cursor that yields one {@link Token} per {@link
 * #next()} and its offsets, allocating nothing per token.
 *
 * <p>It reads text the way MySQL 8.0's own lexer does where that matters for classification:
 *
 * <ul>
 *   <li>{@code #} and {@code -- } comments run to the end of the line; {@code --} starts a comment
 *       only when followed by whitespace, a control character or the end ({@code 1--1} is {@code 1
 *       - -1}). {@code /* *}{@code /} comments do not nest.
 *   <li>{@code /*!} comments are code: their content is lexed, and the markers are reported as
 *       {@link Token#VERSION_MARKER}. {@code /*!NNNNN} (exactly five digits are the version, as in
 *       8.0) is code only when the server's version is at least NNNNN, otherwise a comment. An
 *       executable comment inside another is an error, as it is for MySQL; ordinary comments inside
 *       one are skipped.
 *   <li>{@code /*+ *}{@code /} is a {@link Token#HINT} only directly after (whitespace only)
 *       SELECT, INSERT, REPLACE, UPDATE or DELETE, where MySQL takes it as optimizer hints;
 *       elsewhere it is a comment.
 *   <li>Strings honour backslash escapes unless NO_BACKSLASH_ESCAPES, and doubled quotes; under
 *       ANSI_QUOTES {@code "..."} is an identifier.
 *   <li>{@code @} right after a user name ({@code 'u'@'h'}, {@code root@localhost}) is the host of
 *       an account, not a user variable.
 * </ul>
 *
 * <p>Text MySQL would reject in a way that could change how it is read (unterminated strings and
 * comments, a NUL outside strings and block comments with more text after it) yields {@link
 * Token#ERROR}, after which the lexer only returns {@link Token#EOF}. NULs that end the text end
 * it, as MySQL reads them.
 */
public final class SqlLexer {
  private final String sql;
  private final int length;
  private final LexerMode mode;
  private int pos;
  private boolean inVersionComment;
  private boolean failed;

  private int start;
  private int end;

  // The last token other than a version marker: hints and account hosts depend on it.
  private Token last;
  private int lastStart;
  private int lastEnd;

  /** A lexer at the start of {@code sql}. */
  public SqlLexer(String sql, LexerMode mode) {
    this.sql = sql;
    this.length = sql.length();
    this.mode = mode;
  }

  /** Where the current token starts (an offset into the text). */
  public int start() {
    return start;
  }

  /** Where the current token ends (exclusive). */
  public int end() {
    return end;
  }

  /** Advances to the next token and returns its kind. */
  public Token next() {
    if (failed) {
      start = end = length;
      return Token.EOF;
    }
    while (true) {
      while (pos < length && isSpace(sql.charAt(pos))) {
        pos++;
      }
      if (pos >= length) {
        if (inVersionComment) {
          return fail();
        }
        start = end = length;
        return Token.EOF;
      }
      int from = pos;
      char c = sql.charAt(pos);
      switch (c) {
        case '#':
          if (!skipLine()) {
            return fail();
          }
          continue;
        case '-':
          if (peek(pos + 1) == '-' && (pos + 2 >= length || isCommentSpace(sql.charAt(pos + 2)))) {
            if (!skipLine()) {
              return fail();
            }
            continue;
          }
          pos += peek(pos + 1) == '>' ? (peek(pos + 2) == '>' ? 3 : 2) : 1;
          return emit(Token.OPERATOR, from);
        case '/':
          if (peek(pos + 1) == '*') {
            Token comment = comment();
            if (comment == null) {
              continue;
            }
            return comment;
          }
          pos++;
          return emit(Token.OPERATOR, from);
        case '*':
          if (inVersionComment && peek(pos + 1) == '/') {
            inVersionComment = false;
            pos += 2;
            return emit(Token.VERSION_MARKER, from);
          }
          pos++;
          return emit(Token.OPERATOR, from);
        case '\'':
          return quoted(Token.STRING, '\'', from);
        case '"':
          return mode.ansiQuotes()
              ? quoted(Token.QUOTED_IDENT, '"', from)
              : quoted(Token.STRING, '"', from);
        case '`':
          return quoted(Token.QUOTED_IDENT, '`', from);
        case '@':
          return at(from);
        case '?':
          return single(Token.PLACEHOLDER, from);
        case ';':
          return single(Token.SEMICOLON, from);
        case '(':
          return single(Token.LPAREN, from);
        case ')':
          return single(Token.RPAREN, from);
        case ',':
          return single(Token.COMMA, from);
        case '=':
          return single(Token.EQ, from);
        case ':':
          if (peek(pos + 1) == '=') {
            pos += 2;
            return emit(Token.ASSIGN, from);
          }
          return single(Token.OPERATOR, from);
        case '.':
          if (isDigit(peek(pos + 1)) && !followsName(from)) {
            return number(from);
          }
          return single(Token.DOT, from);
        case '\0':
          // MySQL reads NULs that end the text as its end (measured on 8.0.31), and rejects
          // anything after one.
          if (onlyNulsFrom(pos) && !inVersionComment) {
            start = end = length;
            pos = length;
            return Token.EOF;
          }
          return fail();
        default:
          if (isDigit(c)) {
            return number(from);
          }
          if (isIdentChar(c)) {
            return word(from);
          }
          pos += operatorLength(c);
          return emit(Token.OPERATOR, from);
      }
    }
  }

  private Token comment() {
    int from = pos;
    if (peek(pos + 2) == '!') {
      if (inVersionComment) {
        return fail();
      }
      int digits = pos + 3;
      int contentStart = digits;
      if (countDigits(digits, 5) == 5) {
        contentStart = digits + 5;
        if (Integer.parseInt(sql, digits, contentStart, 10) > mode.serverVersion()) {
          return skipBlockComment(contentStart) ? null : fail();
        }
      }
      inVersionComment = true;
      pos = contentStart;
      return emit(Token.VERSION_MARKER, from);
    }
    if (!skipBlockComment(pos + 2)) {
      return fail();
    }
    if (peek(from + 2) == '+' && hintAllowed(from)) {
      return emit(Token.HINT, from);
    }
    return null;
  }

  private boolean onlyNulsFrom(int from) {
    for (int p = from; p < length; p++) {
      if (sql.charAt(p) != '\0') {
        return false;
      }
    }
    return true;
  }

  /**
   * Skips to just after the {@code *}{@code /} at or after {@code from}; false if there is none.
   * A NUL inside is part of the comment, as MySQL reads it.
   */
  private boolean skipBlockComment(int from) {
    for (int p = from; p + 1 < length; p++) {
      char ch = sql.charAt(p);
      if (ch == '*' && sql.charAt(p + 1) == '/') {
        pos = p + 2;
        return true;
      }
    }
    return false;
  }

  /** Skips a line comment through its newline; false on a NUL, which MySQL rejects there. */
  private boolean skipLine() {
    while (pos < length) {
      char ch = sql.charAt(pos++);
      if (ch == '\n') {
        return true;
      }
      if (ch == '\0') {
        return false;
      }
    }
    return true;
  }

  /** MySQL reads optimizer hints only directly after the keyword that starts a query block. */
  private boolean hintAllowed(int commentStart) {
    if (last != Token.WORD) {
      return false;
    }
    for (int p = lastEnd; p < commentStart; p++) {
      if (!isSpace(sql.charAt(p))) {
        return false;
      }
    }
    int len = lastEnd - lastStart;
    return (len == 6
            && (matches(lastStart, "SELECT")
                || matches(lastStart, "INSERT")
                || matches(lastStart, "UPDATE")
                || matches(lastStart, "DELETE")))
        || (len == 7 && matches(lastStart, "REPLACE"));
  }

  private boolean matches(int at, String upperWord) {
    return sql.regionMatches(true, at, upperWord, 0, upperWord.length());
  }

  private Token quoted(Token type, char quote, int from) {
    int close = quotedEnd(pos, quote, type == Token.STRING);
    if (close < 0) {
      return fail();
    }
    pos = close;
    return emit(type, from);
  }

  /**
   * The end (exclusive) of the quoted text whose opening quote is at {@code open}, or -1 when it is
   * unterminated. Strings honour backslash escapes (unless NO_BACKSLASH_ESCAPES) and may hold NUL;
   * identifiers may not.
   */
  private int quotedEnd(int open, char quote, boolean string) {
    boolean escapes = string && !mode.noBackslashEscapes();
    int p = open + 1;
    while (p < length) {
      char ch = sql.charAt(p);
      if (ch == quote) {
        if (peek(p + 1) != quote) {
          return p + 1;
        }
        p += 2;
      } else if (ch == '\\' && escapes) {
        p += 2;
      } else if (ch == '\0' && !string) {
        return -1;
      } else {
        p++;
      }
    }
    return -1;
  }

  private Token at(int from) {
    if (peek(pos + 1) == '@') {
      return systemVariable(from);
    }
    boolean afterUser =
        lastEnd == from
            && (last == Token.WORD || last == Token.STRING || last == Token.QUOTED_IDENT);
    int p = pos + 1;
    if (!afterUser) {
      // MySQL's grammar reads '@' and the name as two tokens, so whitespace may separate them.
      while (p < length && isSpace(sql.charAt(p))) {
        p++;
      }
    }
    int ch = peek(p);
    if (ch == '\'' || ch == '"' || ch == '`') {
      p = quotedEnd(p, (char) ch, ch != '`');
    } else {
      int nameStart = p;
      while (p < length && (isIdentChar(sql.charAt(p)) || isNameExtra(sql.charAt(p), afterUser))) {
        p++;
      }
      if (p == nameStart) {
        p = -1;
      }
    }
    if (p < 0) {
      return fail();
    }
    pos = p;
    return emit(afterUser ? Token.HOST : Token.USER_VAR, from);
  }

  /**
   * Besides identifier characters, user variable names may hold dots, host names dots and dashes.
   */
  private static boolean isNameExtra(char ch, boolean host) {
    return ch == '.' || (host && (ch == '-' || ch == '%'));
  }

  private Token systemVariable(int from) {
    int p = pos + 2;
    while (true) {
      int ch = peek(p);
      if (ch == '`') {
        p = quotedEnd(p, '`', false);
        if (p < 0) {
          return fail();
        }
      } else if (ch >= 0 && isIdentChar((char) ch)) {
        while (p < length && isIdentChar(sql.charAt(p))) {
          p++;
        }
      } else {
        return fail();
      }
      if (peek(p) != '.') {
        break;
      }
      p++;
      while (p < length && isSpace(sql.charAt(p))) {
        p++;
      }
    }
    pos = p;
    return emit(Token.SYS_VAR, from);
  }

  private Token number(int from) {
    int p = pos;
    char c = sql.charAt(p);
    if (c == '0'
        && (peek(p + 1) == 'x' || peek(p + 1) == 'X' || peek(p + 1) == 'b' || peek(p + 1) == 'B')) {
      boolean hex = peek(p + 1) == 'x' || peek(p + 1) == 'X';
      int q = p + 2;
      while (q < length
          && (hex ? Character.digit(sql.charAt(q), 16) >= 0 : isBinaryDigit(sql.charAt(q)))) {
        q++;
      }
      if (q > p + 2 && !isIdentCharAt(q)) {
        pos = q;
        return emit(Token.NUMBER, from);
      }
    }
    p += countDigits(p, Integer.MAX_VALUE);
    if (peek(p) == '.') {
      p++;
      p += countDigits(p, Integer.MAX_VALUE);
      int exponent = exponentEnd(p);
      pos = exponent >= 0 ? exponent : p;
      return emit(Token.NUMBER, from);
    }
    int exponent = exponentEnd(p);
    if (exponent >= 0 && !isIdentCharAt(exponent)) {
      pos = exponent;
      return emit(Token.NUMBER, from);
    }
    if (isIdentCharAt(p)) {
      // MySQL identifiers may start with digits: 1abc, 12e.
      pos = p;
      return word(from);
    }
    pos = p;
    return emit(Token.NUMBER, from);
  }

  /** The end of an exponent ({@code e5}, {@code E-3}) starting at {@code p}, or -1 if none. */
  private int exponentEnd(int p) {
    if (peek(p) != 'e' && peek(p) != 'E') {
      return -1;
    }
    int q = p + 1;
    if (peek(q) == '+' || peek(q) == '-') {
      q++;
    }
    int digits = countDigits(q, Integer.MAX_VALUE);
    return digits == 0 ? -1 : q + digits;
  }

  private Token word(int from) {
    char c = sql.charAt(from);
    if (pos == from && peek(pos + 1) == '\'' && "xXbBnN".indexOf(c) >= 0) {
      // X'0F', B'01', N'text': one literal.
      pos++;
      return quoted(Token.STRING, '\'', from);
    }
    while (pos < length && isIdentChar(sql.charAt(pos))) {
      pos++;
    }
    return emit(Token.WORD, from);
  }

  /** Whether the character before a dot ends a name, making {@code .5} part of {@code t.5}. */
  private boolean followsName(int dot) {
    return lastEnd == dot && (last == Token.WORD || last == Token.QUOTED_IDENT);
  }

  private int operatorLength(char c) {
    int next = peek(pos + 1);
    switch (c) {
      case '<':
        if (next == '=') {
          return peek(pos + 2) == '>' ? 3 : 2;
        }
        return next == '>' || next == '<' ? 2 : 1;
      case '>':
        return next == '=' || next == '>' ? 2 : 1;
      case '!':
        return next == '=' ? 2 : 1;
      case '|':
        return next == '|' ? 2 : 1;
      case '&':
        return next == '&' ? 2 : 1;
      default:
        return 1;
    }
  }

  private Token single(Token type, int from) {
    pos++;
    return emit(type, from);
  }

  private Token emit(Token type, int from) {
    start = from;
    end = pos;
    if (type != Token.VERSION_MARKER) {
      last = type;
      lastStart = from;
      lastEnd = pos;
    }
    return type;
  }

  private Token fail() {
    failed = true;
    start = pos;
    end = length;
    return Token.ERROR;
  }

  private int peek(int at) {
    return at < length ? sql.charAt(at) : -1;
  }

  private int countDigits(int from, int max) {
    int n = 0;
    while (n < max && from + n < length && isDigit(sql.charAt(from + n))) {
      n++;
    }
    return n;
  }

  private boolean isIdentCharAt(int at) {
    return at < length && isIdentChar(sql.charAt(at));
  }

  /**
   * MySQL's whitespace for utf8mb4: space, tab, newline, carriage return, vertical tab, form feed.
   */
  private static boolean isSpace(char ch) {
    return ch == ' ' || (ch >= '\t' && ch <= '\r');
  }

  /** After {@code --}: whitespace or a control character starts a comment. */
  private static boolean isCommentSpace(char ch) {
    return ch <= ' ' || ch == 0x7f;
  }

  private static boolean isDigit(int ch) {
    return ch >= '0' && ch <= '9';
  }

  private static boolean isBinaryDigit(char ch) {
    return ch == '0' || ch == '1';
  }

  /**
   * Unquoted identifiers: ASCII letters, digits, {@code _}, {@code $}, and any non-ASCII character.
   */
  private static boolean isIdentChar(char ch) {
    return (ch >= 'a' && ch <= 'z')
        || (ch >= 'A' && ch <= 'Z')
        || (ch >= '0' && ch <= '9')
        || ch == '_'
        || ch == '$'
        || ch >= 0x80;
  }
}
