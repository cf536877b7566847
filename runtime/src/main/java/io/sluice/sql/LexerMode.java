package io.sluice.sql;

/**
 * What the lexer must know about the server and the session to read a statement as MySQL reads it:
 * the server version (for {@code /*!NNNNN ... *}{@code /} comments) and the two sql_mode flags that
 * change tokens. Plans are cached per mode, because the same text lexes differently under another
 * mode ({@code "x"} is a string or an identifier).
 *
 * @param serverVersion MySQL's version id, {@code major * 10000 + minor * 100 + patch} (80031 for
 *     8.0.31)
 * @param noBackslashEscapes sql_mode NO_BACKSLASH_ESCAPES: {@code \} is an ordinary character in
 *     strings
 * @param ansiQuotes sql_mode ANSI_QUOTES (also implied by ANSI): {@code "..."} is an identifier
 */
public record LexerMode(int serverVersion, boolean noBackslashEscapes, boolean ansiQuotes) {

  /** MySQL 8.0.31 (the version Sluice is tested on) with the default sql_mode. */
  public static final LexerMode DEFAULT = new LexerMode(80031, false, false);

  /**
   * The mode for a server version and a sql_mode as {@code @@sql_mode} reports it (a
   * comma-separated list; the combination modes such as ANSI are already expanded by the server,
   * but are recognised here too).
   */
  public static LexerMode of(int serverVersion, String sqlMode) {
    boolean noBackslashEscapes = false;
    boolean ansiQuotes = false;
    if (sqlMode != null) {
      for (String flag : sqlMode.split(",")) {
        String name = flag.trim();
        noBackslashEscapes |= name.equalsIgnoreCase("NO_BACKSLASH_ESCAPES");
        ansiQuotes |= name.equalsIgnoreCase("ANSI_QUOTES") || name.equalsIgnoreCase("ANSI");
      }
    }
    return new LexerMode(serverVersion, noBackslashEscapes, ansiQuotes);
  }
}
