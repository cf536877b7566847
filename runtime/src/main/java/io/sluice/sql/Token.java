package io.sluice.sql;

/** The kinds of token {@link SqlLexer} produces. Comments produce no token, except as noted. */
public enum Token {
  /** An unquoted identifier or keyword, Unicode letters included. */
  WORD,
  /** A backquoted identifier, or a double-quoted one under ANSI_QUOTES. */
  QUOTED_IDENT,
  /** A string literal, including {@code X'..'}, {@code B'..'} and {@code N'..'}. */
  STRING,
  /** A number: integer, decimal, exponent, {@code 0x..} or {@code 0b..}. */
  NUMBER,
  /** A user variable: {@code @name}, {@code @'name'}, {@code @"name"}, {@code @`name`}. */
  USER_VAR,
  /** A system variable: {@code @@name}, {@code @@session.name} and the other scopes. */
  SYS_VAR,
  /** The host part of an account, {@code @'host'} right after {@code 'user'}: not a variable. */
  HOST,
  /** A {@code ?} placeholder. */
  PLACEHOLDER,
  /**
   * An optimizer hint comment {@code /*+ ... *}{@code /} right after SELECT, INSERT, REPLACE,
   * UPDATE or DELETE.
   */
  HINT,
  /** {@code (} */
  LPAREN,
  /** {@code )} */
  RPAREN,
  /** {@code ,} */
  COMMA,
  /** {@code .} */
  DOT,
  /** {@code ;}, the statement separator. */
  SEMICOLON,
  /** {@code =} */
  EQ,
  /** {@code :=} */
  ASSIGN,
  /** Any other operator or punctuation. */
  OPERATOR,
  /**
   * The opening ({@code /*!} with its version digits) or closing marker of an executable comment
   * whose content is code. MySQL drops the markers before it names result columns, so the
   * classifier needs their places; they are not part of any statement.
   */
  VERSION_MARKER,
  /**
   * The text cannot be read as MySQL would: an unterminated string, identifier or comment, a NUL
   * outside a string, or an executable comment nested in another. The lexer stops here.
   */
  ERROR,
  /** The end of the text. */
  EOF
}
