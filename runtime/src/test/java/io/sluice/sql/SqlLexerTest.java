package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlLexerTest {

  /** Each token as {@code TYPE:text}, version markers as {@code <} and {@code >}. */
  static String lex(String sql, LexerMode mode) {
    SqlLexer lexer = new SqlLexer(sql, mode);
    List<String> out = new ArrayList<>();
    for (Token type = lexer.next(); type != Token.EOF; type = lexer.next()) {
      String text = sql.substring(lexer.start(), lexer.end());
      switch (type) {
        case VERSION_MARKER -> out.add(text.startsWith("/*!") ? "<" : ">");
        case ERROR -> out.add("ERROR");
        case WORD, OPERATOR -> out.add(text);
        case LPAREN, RPAREN, COMMA, DOT, SEMICOLON, EQ, ASSIGN, PLACEHOLDER -> out.add(text);
        default -> out.add(type + ":" + text);
      }
    }
    return String.join(" ", out);
  }

  static Stream<Arguments> defaultMode() {
    return Stream.of(
        // Line comments: -- needs whitespace, a control character or the end after it.
        Arguments.of("SELECT 1--1", "SELECT NUMBER:1 - - NUMBER:1"),
        Arguments.of("SELECT 1 --1", "SELECT NUMBER:1 - - NUMBER:1"),
        Arguments.of("SELECT 1 -- 1", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1 --\n+2", "SELECT NUMBER:1 + NUMBER:2"),
        Arguments.of("SELECT 1 --\t+2", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1 --", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1 --\u0001x\n2", "SELECT NUMBER:1 NUMBER:2"),
        Arguments.of("SELECT 1 # comment\n, 2", "SELECT NUMBER:1 , NUMBER:2"),
        Arguments.of("SELECT 1 #", "SELECT NUMBER:1"),
        Arguments.of("SELECT a->'$.x', a->>'$.y'", "SELECT a -> STRING:'$.x' , a ->> STRING:'$.y'"),
        // Block comments do not nest; the first */ ends them.
        Arguments.of("SELECT /* a /* b */ 1", "SELECT NUMBER:1"),
        Arguments.of("SELECT /**/1", "SELECT NUMBER:1"),
        Arguments.of("SELECT /*/ x */ 1", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1 /* x", "SELECT NUMBER:1 ERROR"),
        // Executable comments are code, version-gated on exactly five digits.
        Arguments.of("SELECT 1 /*! +1 */", "SELECT NUMBER:1 < + NUMBER:1 >"),
        Arguments.of("SELECT 1 /*!80000 +1 */", "SELECT NUMBER:1 < + NUMBER:1 >"),
        Arguments.of("SELECT 1 /*!80031 +1 */", "SELECT NUMBER:1 < + NUMBER:1 >"),
        Arguments.of("SELECT 1 /*!80032 +1 */", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1 /*!99999 +1 */", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1 /*!80000+1*/", "SELECT NUMBER:1 < + NUMBER:1 >"),
        Arguments.of("SELECT 1 /*!800001 +1 */", "SELECT NUMBER:1 < NUMBER:1 + NUMBER:1 >"),
        Arguments.of("SELECT 1 /*!999999 +1 */", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1 /*!8000 +1 */", "SELECT NUMBER:1 < NUMBER:8000 + NUMBER:1 >"),
        Arguments.of(
            "SELECT 1 /*!80000 +1 /* c */ +2 */", "SELECT NUMBER:1 < + NUMBER:1 + NUMBER:2 >"),
        Arguments.of("SELECT 1 /*!80000 ,'*/' */", "SELECT NUMBER:1 < , STRING:'*/' >"),
        Arguments.of(
            "SELECT 1 /*!80000 +1 /*!80000 +5 */ */", "SELECT NUMBER:1 < + NUMBER:1 ERROR"),
        Arguments.of("SELECT 1 /*!80000 +1", "SELECT NUMBER:1 < + NUMBER:1 ERROR"),
        Arguments.of("SELECT 1 /*!99999 +1", "SELECT NUMBER:1 ERROR"),
        Arguments.of("SELECT 1 /*!80000 -- x */ +7", "SELECT NUMBER:1 < ERROR"),
        Arguments.of("SELECT 1 /*!80000 # x */ +7", "SELECT NUMBER:1 < ERROR"),
        Arguments.of("SELECT 2 */ 1", "SELECT NUMBER:2 * / NUMBER:1"),
        Arguments.of(
            "/*!40101 SET @OLD=@@SQL_MODE */;", "< SET USER_VAR:@OLD = SYS_VAR:@@SQL_MODE > ;"),
        // Optimizer hints only right after the keyword of a query block.
        Arguments.of("SELECT /*+ BKA(t) */ 1", "SELECT HINT:/*+ BKA(t) */ NUMBER:1"),
        Arguments.of("select\n/*+ X */ 1", "select HINT:/*+ X */ NUMBER:1"),
        Arguments.of("SELECT/*+ X */1", "SELECT HINT:/*+ X */ NUMBER:1"),
        Arguments.of("INSERT /*+ X */ INTO t", "INSERT HINT:/*+ X */ INTO t"),
        Arguments.of("REPLACE /*+ X */ t", "REPLACE HINT:/*+ X */ t"),
        Arguments.of("UPDATE /*+ X */ t", "UPDATE HINT:/*+ X */ t"),
        Arguments.of("DELETE /*+ X */ FROM t", "DELETE HINT:/*+ X */ FROM t"),
        Arguments.of("SELECT /* c */ /*+ X */ 1", "SELECT NUMBER:1"),
        Arguments.of("SELECT -- c\n/*+ X */ 1", "SELECT NUMBER:1"),
        Arguments.of("/*+ X */ SELECT 1", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1 /*+ X */", "SELECT NUMBER:1"),
        Arguments.of("SHOW /*+ X */ TABLES", "SHOW TABLES"),
        Arguments.of("/*!80000 SELECT /*+ X */ 1 */", "< SELECT HINT:/*+ X */ NUMBER:1 >"),
        // Strings: backslash escapes, doubled quotes, both quote characters.
        Arguments.of("SELECT 'it\\'s'", "SELECT STRING:'it\\'s'"),
        Arguments.of("SELECT 'a''b'", "SELECT STRING:'a''b'"),
        Arguments.of("SELECT 'a\\\\', 1", "SELECT STRING:'a\\\\' , NUMBER:1"),
        Arguments.of("SELECT \"a\"\"b\\\"c\"", "SELECT STRING:\"a\"\"b\\\"c\""),
        Arguments.of("SELECT 'a' 'b'", "SELECT STRING:'a' STRING:'b'"),
        Arguments.of("SELECT 'x -- y # z /* w'", "SELECT STRING:'x -- y # z /* w'"),
        Arguments.of("SELECT 'abc", "SELECT ERROR"),
        Arguments.of("SELECT 'abc\\'", "SELECT ERROR"),
        Arguments.of("SELECT \"abc", "SELECT ERROR"),
        Arguments.of(
            "SELECT X'0F', x'ab', B'01', N'n', _utf8mb4'u'",
            "SELECT STRING:X'0F' , STRING:x'ab' , STRING:B'01' , STRING:N'n' , _utf8mb4"
                + " STRING:'u'"),
        // Identifiers.
        Arguments.of("SELECT `a``b`, `x y`", "SELECT QUOTED_IDENT:`a``b` , QUOTED_IDENT:`x y`"),
        Arguments.of("SELECT `abc", "SELECT ERROR"),
        Arguments.of("SELECT t.`c`, db.t.c", "SELECT t . QUOTED_IDENT:`c` , db . t . c"),
        Arguments.of("SELECT café, 名前, $x, _y FROM tàble", "SELECT café , 名前 , $x , _y FROM tàble"),
        Arguments.of(
            "SELECT 1abc, 12e, 1e5, 1.5e-3, .5, 1., 0x1F, 0b101, 0x1G",
            "SELECT 1abc , 12e , NUMBER:1e5 , NUMBER:1.5e-3 , NUMBER:.5 , NUMBER:1. , NUMBER:0x1F ,"
                + " NUMBER:0b101 , 0x1G"),
        Arguments.of("SELECT t.5", "SELECT t . NUMBER:5"),
        // Variables.
        Arguments.of(
            "SELECT @x, @X.y$, @'q', @\"q\", @`q`, @ x",
            "SELECT USER_VAR:@x , USER_VAR:@X.y$ , USER_VAR:@'q' , USER_VAR:@\"q\" , USER_VAR:@`q`"
                + " , USER_VAR:@ x"),
        Arguments.of(
            "SELECT @@x, @@session.x, @@GLOBAL.x, @@local.x, @@session. x, @@`x`,"
                + " @@default.key_buffer_size",
            "SELECT SYS_VAR:@@x , SYS_VAR:@@session.x , SYS_VAR:@@GLOBAL.x , SYS_VAR:@@local.x ,"
                + " SYS_VAR:@@session. x , SYS_VAR:@@`x` , SYS_VAR:@@default.key_buffer_size"),
        Arguments.of("SELECT @@ x", "SELECT ERROR"),
        Arguments.of("SELECT @", "SELECT ERROR"),
        Arguments.of(
            "SELECT @x:=1, @y := 2", "SELECT USER_VAR:@x := NUMBER:1 , USER_VAR:@y := NUMBER:2"),
        Arguments.of(
            "GRANT ALL ON *.* TO 'u'@'%', u2@localhost, `u3`@`h`",
            "GRANT ALL ON * . * TO STRING:'u' HOST:@'%' , u2 HOST:@localhost , QUOTED_IDENT:`u3`"
                + " HOST:@`h`"),
        Arguments.of("SELECT 'u' @x", "SELECT STRING:'u' USER_VAR:@x"),
        // Punctuation and operators.
        Arguments.of("SELECT ?, ?;", "SELECT ? , ? ;"),
        Arguments.of(
            "a<=>b<=c>=d<>e!=f||g&&h<<i>>j", "a <=> b <= c >= d <> e != f || g && h << i >> j"),
        Arguments.of("lbl: BEGIN", "lbl : BEGIN"),
        // NUL: inside a string it is a character; elsewhere MySQL rejects or truncates.
        Arguments.of("SELECT 'a\0b'", "SELECT STRING:'a\0b'"),
        Arguments.of("SELECT 1\0", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1\0\0", "SELECT NUMBER:1"),
        Arguments.of("SELECT 1\0 x", "SELECT NUMBER:1 ERROR"),
        Arguments.of("SELECT 1 -- x\0y", "SELECT NUMBER:1 ERROR"),
        Arguments.of("SELECT 1 /* \0 */, 2", "SELECT NUMBER:1 , NUMBER:2"),
        Arguments.of("SELECT `a\0b`", "SELECT ERROR"),
        Arguments.of("", ""),
        Arguments.of(" \t\r\n\u000b\f", ""));
  }

  @ParameterizedTest
  @MethodSource("defaultMode")
  void lexesLikeMysql(String sql, String tokens) {
    assertEquals(tokens, lex(sql, LexerMode.DEFAULT));
  }

  static Stream<Arguments> otherModes() {
    LexerMode noBackslash = new LexerMode(80031, true, false);
    LexerMode ansi = new LexerMode(80031, false, true);
    LexerMode old = new LexerMode(50744, false, false);
    return Stream.of(
        Arguments.of(noBackslash, "SELECT 'a\\', 'b'", "SELECT STRING:'a\\' , STRING:'b'"),
        Arguments.of(noBackslash, "SELECT 'a\\''b'", "SELECT STRING:'a\\''b'"),
        Arguments.of(
            ansi,
            "SELECT \"col\" FROM \"t\"\"x\"",
            "SELECT QUOTED_IDENT:\"col\" FROM QUOTED_IDENT:\"t\"\"x\""),
        Arguments.of(ansi, "SELECT 'str', \"a\\\"", "SELECT STRING:'str' , QUOTED_IDENT:\"a\\\""),
        Arguments.of(
            old, "SELECT 1 /*!80000 +1 */ /*!50700 +2 */", "SELECT NUMBER:1 < + NUMBER:2 >"));
  }

  @ParameterizedTest
  @MethodSource("otherModes")
  void followsTheSqlModeAndServerVersion(LexerMode mode, String sql, String tokens) {
    assertEquals(tokens, lex(sql, mode));
  }

  @Test
  void modeFromSqlModeReadsTheLexerFlags() {
    assertEquals(
        new LexerMode(80031, true, true),
        LexerMode.of(80031, "STRICT_TRANS_TABLES,ANSI_QUOTES, no_backslash_escapes"));
    assertEquals(new LexerMode(80031, false, true), LexerMode.of(80031, "ANSI"));
    assertEquals(LexerMode.DEFAULT, LexerMode.of(80031, "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES"));
    assertEquals(LexerMode.DEFAULT, LexerMode.of(80031, ""));
  }

  @Test
  void offsetsPointIntoTheText() {
    String sql = "  SELECT /* c */ `a`  FROM t";
    SqlLexer lexer = new SqlLexer(sql, LexerMode.DEFAULT);
    assertEquals(Token.WORD, lexer.next());
    assertEquals(2, lexer.start());
    assertEquals(8, lexer.end());
    assertEquals(Token.QUOTED_IDENT, lexer.next());
    assertEquals("`a`", sql.substring(lexer.start(), lexer.end()));
    lexer.next();
    lexer.next();
    assertEquals(Token.EOF, lexer.next());
    assertEquals(sql.length(), lexer.start());
    assertEquals(Token.EOF, lexer.next());
  }

  @Test
  void afterAnErrorOnlyEndRemains() {
    SqlLexer lexer = new SqlLexer("SELECT 'x", LexerMode.DEFAULT);
    assertEquals(Token.WORD, lexer.next());
    assertEquals(Token.ERROR, lexer.next());
    assertEquals(Token.EOF, lexer.next());
  }
}
