package com.example.apps;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Runs a fixed catalogue of odd statements (malformed SQL, a 16 MiB statement, look-alikes of
 * stateful SQL inside literals and comments, Unicode, NUL bytes, optimizer hints) and {@code
 * generated=N} statements drawn from a small grammar with {@code seed}, each case on a fresh
 * connection, and prints what the application saw: result sets, update counts, warnings and
 * exceptions, in pure ASCII (everything else escaped, long values as length and SHA-256). Where
 * Sluice's MBeans exist, also prints how many reservations each case caused.
 *
 * <pre>
 * CASE malformed.selec ex[java.sql.SQLSyntaxErrorException|42000|1064|You have an error ...]
 * RESERVATIONS malformed.selec 1
 * DONE cases=120
 * </pre>
 */
public final class StatementsApp {
  private static final int SIXTEEN_MIB = 16 * 1024 * 1024;
  private static final int SHOWN_LENGTH = 400;

  /** One SQL text, run as a plain statement, or prepared with these string parameters. */
  record Step(String sql, List<String> params) {}

  /** A named list of steps that share one connection. */
  record Case(String name, List<Step> steps) {}

  private StatementsApp() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    try (Connection setup = connect(args)) {
      AppArgs.execute(
          setup,
          // `?` is what MySQL makes of an emoji table name (unicode.emojiTable).
          "DROP TABLE IF EXISTS t, big, `表_数据`, `?`",
          "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100)) DEFAULT CHARSET=utf8mb4",
          "INSERT INTO t VALUES (1, 'one'), (2, '@x'), (3, 'GET_LOCK(''a'', 1)')",
          "CREATE TABLE big (id INT AUTO_INCREMENT PRIMARY KEY, v LONGTEXT)"
              + " DEFAULT CHARSET=utf8mb4");
    }
    List<Case> cases = new ArrayList<>(catalogue());
    cases.addAll(generated(new Random(Long.parseLong(args.get("seed"))), args.getInt("generated")));
    for (Case c : cases) {
      long before = reservations();
      List<String> outcomes = new ArrayList<>();
      try (Connection connection = connect(args)) {
        for (Step step : c.steps) {
          outcomes.add(run(connection, step));
        }
      }
      String first = c.steps.get(0).sql;
      String sql = first.length() > 4000 ? "len=" + first.length() : escaped(first);
      System.out.println("SQL " + c.name + " " + sql);
      System.out.println("CASE " + c.name + " " + String.join(" ; ", outcomes));
      if (before >= 0) {
        System.out.println("RESERVATIONS " + c.name + " " + (reservations() - before));
      }
    }
    System.out.println("DONE cases=" + cases.size());
  }

  private static Connection connect(AppArgs args) throws SQLException {
    return DriverManager.getConnection(args.url(), args.user(), args.password());
  }

  /** The catalogue; names say which group a case belongs to. */
  static List<Case> catalogue() {
    List<Case> cases = new ArrayList<>();
    // Malformed SQL: the server's syntax errors must come back untouched.
    sql(cases, "malformed.misspelt", "SELEC 1");
    sql(cases, "malformed.noTable", "SELECT * FROM");
    sql(cases, "malformed.danglingWhere", "SELECT 1 FROM t WHERE");
    sql(cases, "malformed.parens", "SELECT ((1)");
    sql(cases, "malformed.values", "INSERT INTO t VALUES (1,");
    sql(cases, "malformed.unterminatedString", "SELECT 'unterminated");
    sql(cases, "malformed.unterminatedDoubleQuoted", "SELECT \"unterminated");
    sql(cases, "malformed.escapedClosingQuote", "SELECT 'a\\'");
    sql(cases, "malformed.unterminatedIdentifier", "SELECT `unterminated");
    sql(cases, "malformed.unterminatedComment", "SELECT 1 /* unterminated comment");
    sql(cases, "malformed.unterminatedHint", "SELECT /*+ MAX_EXECUTION_TIME(1000) 1");
    sql(cases, "malformed.strayCloseAtEnd", "SELECT 1 */");
    sql(cases, "malformed.strayCloseFirst", "*/ SELECT 1");
    sql(cases, "malformed.strayCloseAfterComment", "SELECT 1 /* a */ */");
    sql(cases, "malformed.twoStatements", "SELECT 1; SELECT 2");
    sql(cases, "malformed.dashDashWithoutSpace", "SELECT 1 --comment");
    sql(cases, "malformed.empty", "");
    sql(cases, "malformed.blank", "   ");
    sql(cases, "malformed.onlyComment", "/* nothing */");
    sql(cases, "malformed.onlyLineComment", "-- nothing\n");
    cases.add(
        new Case("malformed.prepared", List.of(new Step("SELECT ? FROM WHERE", List.of("x")))));
    sql(cases, "malformed.dashDashComment", "SELECT 1 -- a comment without newline");
    sql(cases, "malformed.hashComment", "SELECT 1 #comment");

    // Look-alikes of stateful SQL in literals, identifiers and comments: nothing to reserve for.
    sql(cases, "inert.userVariableInStrings", "SELECT '@x', \"@x\", '@@session.sql_mode'");
    sql(cases, "inert.setInStrings", "SELECT 'SET @x = 1', 'SET_VAR(sort_buffer_size=1)'");
    sql(cases, "inert.lockInStrings", "SELECT 'GET_LOCK(''a'', 1)', \"RELEASE_LOCK('a')\"");
    sql(
        cases,
        "inert.versionCommentInStrings",
        "SELECT '/*!50000 GET_LOCK(\\'a\\', 1) */', \"/*+ SET_VAR(sql_mode='') */\"");
    sql(cases, "inert.escapedQuoteThenVariable", "SELECT 'a\\'@x', 'b''@y'");
    sql(cases, "inert.inBlockComment", "SELECT 1 /* @x := 5, GET_LOCK('a', 1), SET_VAR(x=1) */");
    sql(cases, "inert.inDashComment", "SELECT 1 -- GET_LOCK('a', 1) @x\n, 2");
    sql(cases, "inert.inHashComment", "SELECT 1 # SET @x = 1 /*!50000 GET_LOCK('a',1) */\n");
    sql(cases, "inert.inIdentifiers", "SELECT 1 AS `@x`, 2 AS `GET_LOCK('a',1)`, 3 AS `/*!*/`");
    sql(
        cases,
        "inert.inWhere",
        "SELECT v FROM t WHERE v = '@x' OR v LIKE '%GET_LOCK%' ORDER BY id");
    cases.add(
        new Case(
            "inert.insertLookalike",
            List.of(
                new Step("INSERT INTO t VALUES (100, '/*!50000 @x */ GET_LOCK(1,1)')", null),
                new Step("SELECT v FROM t WHERE id = 100", null),
                new Step("DELETE FROM t WHERE id = 100", null))));
    cases.add(
        new Case(
            "inert.inParameters",
            List.of(new Step("SELECT ?, ?, ?", List.of("@x", "GET_LOCK('a', 1)", "/*!50000 */")))));
    sql(cases, "versionComment.applies", "SELECT 1 /*!80000 + 1 */");
    sql(cases, "versionComment.tooNew", "SELECT 1 /*!99999 + 1 */");
    sql(cases, "versionComment.wholeItem", "SELECT /*!50000 'vc' */ AS x");

    // Unicode identifiers and data. MySQL accepts only the BMP in identifiers: the emoji ones fail,
    // and must fail alike.
    cases.add(
        new Case(
            "unicode.cjkIdentifiers",
            List.of(
                new Step(
                    "CREATE TABLE `表_数据` (`列名` INT PRIMARY KEY, `värde` VARCHAR(20))"
                        + " DEFAULT CHARSET=utf8mb4",
                    null),
                new Step("INSERT INTO `表_数据` VALUES (1, '中文😀'), (2, 'ß')", null),
                new Step(
                    "SELECT `列名`, `värde`, CHAR_LENGTH(`värde`), HEX(`värde`) FROM `表_数据`"
                        + " ORDER BY `列名`",
                    null),
                new Step("SELECT `värde` AS `値` FROM `表_数据` WHERE `列名` = ?", List.of("1")))));
    cases.add(
        new Case(
            "unicode.emojiTable",
            List.of(
                new Step("CREATE TABLE `😀` (`🎉` INT)", null),
                new Step("DROP TABLE `😀`", null))));
    sql(cases, "unicode.emojiAlias", "SELECT 1 AS `😀`");
    sql(cases, "unicode.data", "SELECT '😀', CHAR_LENGTH('😀'), LENGTH('😀'), HEX('é'), UPPER('ß')");
    sql(cases, "unicode.inComments", "SELECT 1 /* 😀 */, '😀' -- 中文");
    cases.add(
        new Case(
            "unicode.parameter",
            List.of(new Step("SELECT ?, HEX(?)", List.of("😀é中", "😀é中")))));

    // NUL bytes, escaped and raw, in literals, comments and parameters.
    sql(cases, "nul.escaped", "SELECT 'a\\0b', HEX('a\\0b'), LENGTH('a\\0b')");
    sql(cases, "nul.raw", "SELECT 'a\u0000b', HEX('a\u0000b'), LENGTH('a\u0000b')");
    sql(cases, "nul.inComment", "SELECT 1 /* \u0000 */, 2");
    sql(cases, "nul.outsideLiteral", "SELECT 1\u0000");
    cases.add(
        new Case(
            "nul.parameter",
            List.of(
                new Step("SELECT ?, HEX(?), LENGTH(?)", List.of("x\u0000y", "x\u0000y", "x\u0000")),
                new Step("INSERT INTO t VALUES (?, ?)", List.of("200", "a\u0000b")),
                new Step("SELECT HEX(v) FROM t WHERE id = 200", null),
                new Step("DELETE FROM t WHERE id = 200", null))));

    // Optimizer hints the application wrote itself.
    sql(cases, "hint.maxExecutionTime", "SELECT /*+ MAX_EXECUTION_TIME(1000) */ COUNT(*) FROM t");
    sql(cases, "hint.lowerCaseNoSpaces", "select/*+ max_execution_time(1000) */1");
    sql(
        cases,
        "hint.twoHintComments",
        "SELECT /*+ MAX_EXECUTION_TIME(1000) */ /*+ NO_ICP(t) */ v FROM t ORDER BY id");
    sql(cases, "hint.setVar", "SELECT /*+ SET_VAR(div_precision_increment=2) */ 1/3");
    sql(
        cases,
        "hint.twoSetVarComments",
        "SELECT /*+ SET_VAR(div_precision_increment=2) */ /*+ SET_VAR(div_precision_increment=6)"
            + " */ 1/3");
    sql(cases, "hint.unknown", "SELECT /*+ BOGUS(1) */ 1");
    sql(
        cases,
        "hint.maxExecutionTimeOnUpdate",
        "UPDATE /*+ MAX_EXECUTION_TIME(1000) */ t SET v = v");
    sql(
        cases,
        "hint.setVarOnInsert",
        "INSERT /*+ SET_VAR(sql_mode='NO_ENGINE_SUBSTITUTION') */ INTO t VALUES (300, 'h')");
    cases.add(
        new Case(
            "hint.afterSessionSet",
            List.of(
                new Step("SET SESSION div_precision_increment = 8", null),
                new Step("SELECT /*+ MAX_EXECUTION_TIME(1000) */ 1/3", null),
                new Step("SELECT /*+ SET_VAR(div_precision_increment=2) */ 1/3", null),
                new Step("SELECT /*+ MAX_EXECUTION_TIME(1000) */ /*+ BKA(t) */ 1/3", null))));

    // A 16 MiB statement whose literal is full of escapes, and the same value as a parameter.
    String value = sixteenMib();
    String literal = value.replace("\\", "\\\\").replace("'", "''");
    cases.add(
        new Case(
            "big.statement",
            List.of(
                new Step("INSERT INTO big (v) VALUES ('" + literal + "')", null),
                new Step(
                    "SELECT id, LENGTH(v), CHAR_LENGTH(v), SHA2(v, 256) FROM big ORDER BY id DESC"
                        + " LIMIT 1",
                    null),
                new Step("SELECT v FROM big ORDER BY id DESC LIMIT 1", null))));
    cases.add(
        new Case(
            "big.parameter",
            List.of(
                new Step("INSERT INTO big (v) VALUES (?)", List.of(value)),
                new Step(
                    "SELECT id, LENGTH(v), CHAR_LENGTH(v), SHA2(v, 256) FROM big ORDER BY id DESC"
                        + " LIMIT 1",
                    null))));
    return cases;
  }

  private static void sql(List<Case> cases, String name, String sql) {
    cases.add(new Case(name, List.of(new Step(sql, null))));
  }

  /** 16 MiB of UTF-8 made of quotes, backslashes, comment and variable look-alikes, and Unicode. */
  private static String sixteenMib() {
    String unit = "x'y\\z/*@v*/-- é;";
    int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
    return unit.repeat(SIXTEEN_MIB / unitBytes);
  }

  /**
   * Statements from a small grammar: SELECT, an optional hint, items that are literals full of
   * quotes, backslashes, comment and variable look-alikes, Unicode and NUL, with comments between
   * them; one in ten is broken on purpose (a quote or a comment left open, a stray close).
   */
  static List<Case> generated(Random random, int count) {
    String[] pieces = {
      "a", "'", "\"", "\\", "@x", "@@sql_mode", "*/", "/*", "/*!", "/*+", "--", "#", "?", "é",
      "😀", "中", "\u0000", "%", "_", ";", "GET_LOCK(", "SET_VAR(", "\n", " ", "`"
    };
    List<Case> cases = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      StringBuilder sql = new StringBuilder("SELECT ");
      if (random.nextInt(4) == 0) {
        sql.append("/*+ MAX_EXECUTION_TIME(1000) */ ");
      }
      int items = 1 + random.nextInt(3);
      for (int i = 0; i < items; i++) {
        if (i > 0) {
          sql.append(", ");
        }
        if (random.nextInt(3) == 0) {
          sql.append(comment(random, pieces)).append(' ');
        }
        StringBuilder text = new StringBuilder();
        for (int k = random.nextInt(8); k > 0; k--) {
          text.append(pieces[random.nextInt(pieces.length)]);
        }
        String quoted =
            random.nextBoolean()
                ? "'" + text.toString().replace("\\", "\\\\").replace("'", "''") + "'"
                : "\"" + text.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        switch (random.nextInt(4)) {
          case 0 -> sql.append("HEX(").append(quoted).append(')');
          case 1 -> sql.append("LENGTH(").append(quoted).append(')');
          default -> sql.append(quoted);
        }
      }
      if (random.nextInt(3) == 0) {
        sql.append(' ').append(comment(random, pieces));
      }
      if (random.nextInt(10) == 0) {
        String[] breaks = {" '", " \"", " /* open", " */", " `"};
        sql.append(breaks[random.nextInt(breaks.length)]);
      }
      cases.add(new Case("gen." + n, List.of(new Step(sql.toString(), null))));
    }
    return cases;
  }

  private static String comment(Random random, String[] pieces) {
    StringBuilder text = new StringBuilder();
    for (int k = random.nextInt(6); k > 0; k--) {
      String piece = pieces[random.nextInt(pieces.length)];
      // No NUL in comments: Sluice reserves for it (BadInputIT#aNulOutsideLiteralsDoesNotReserve).
      boolean ends = piece.equals("*/") || piece.equals("\n") || piece.equals("\u0000");
      text.append(ends ? "*" : piece);
    }
    return switch (random.nextInt(3)) {
      case 0 -> "/* " + text + " */";
      case 1 -> "-- " + text.toString().replace("\n", " ") + "\n";
      default -> "# " + text.toString().replace("\n", " ") + "\n";
    };
  }

  /** What the application sees of one step: results, update counts, warnings or the exception. */
  private static String run(Connection connection, Step step) {
    StringBuilder out = new StringBuilder();
    Statement statement = null;
    try {
      if (step.params == null) {
        statement = connection.createStatement();
        describe(statement, statement.execute(step.sql), out);
      } else {
        PreparedStatement prepared = connection.prepareStatement(step.sql);
        statement = prepared;
        for (int i = 0; i < step.params.size(); i++) {
          prepared.setString(i + 1, step.params.get(i));
        }
        describe(prepared, prepared.execute(), out);
      }
    } catch (SQLException e) {
      out.append(
          String.format(
              "ex[%s|%s|%d|%s]",
              e.getClass().getName(), e.getSQLState(), e.getErrorCode(), shown(e.getMessage())));
    } finally {
      if (statement != null) {
        try {
          statement.close();
        } catch (SQLException e) {
          out.append(" closeEx[").append(shown(e.getMessage())).append(']');
        }
      }
    }
    return out.toString();
  }

  private static void describe(Statement statement, boolean isResult, StringBuilder out)
      throws SQLException {
    for (boolean result = isResult; ; result = statement.getMoreResults()) {
      if (result) {
        try (ResultSet rs = statement.getResultSet()) {
          ResultSetMetaData meta = rs.getMetaData();
          out.append("rs[");
          for (int c = 1; c <= meta.getColumnCount(); c++) {
            out.append(c > 1 ? "," : "")
                .append(shown(meta.getColumnLabel(c)))
                .append(':')
                .append(meta.getColumnTypeName(c));
          }
          while (rs.next()) {
            out.append(" (");
            for (int c = 1; c <= meta.getColumnCount(); c++) {
              out.append(c > 1 ? "," : "").append(shown(rs.getString(c)));
            }
            out.append(')');
          }
          out.append(']');
        }
      } else {
        int count = statement.getUpdateCount();
        if (count == -1) {
          break;
        }
        out.append("count=").append(count).append(' ');
      }
    }
    for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
      out.append(
          String.format(
              " warn[%s|%d|%s]", w.getSQLState(), w.getErrorCode(), shown(w.getMessage())));
    }
  }

  /** ASCII only (so the stdout encoding cannot hide a difference); long values as digests. */
  static String shown(String value) {
    if (value == null) {
      return "NULL";
    }
    if (value.length() > SHOWN_LENGTH) {
      try {
        byte[] sha =
            MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return "len=" + value.length() + ",sha256=" + HexFormat.of().formatHex(sha, 0, 12);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return escaped(value);
  }

  /** Every character outside printable ASCII, and the backslash, as a Java-style escape. */
  private static String escaped(String value) {
    StringBuilder out = new StringBuilder();
    value
        .chars()
        .forEach(
            ch -> {
              if (ch < 0x20 || ch > 0x7e || ch == '\\') {
                out.append(String.format("\\u%04x", ch));
              } else {
                out.append((char) ch);
              }
            });
    return out.toString();
  }

  /** Reservations Sluice made so far, or -1 without its MBeans (no agent). */
  private static long reservations() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName sessions = new ObjectName("io.sluice:type=Sessions");
    if (!server.isRegistered(sessions)) {
      return -1;
    }
    long total = 0;
    for (MBeanAttributeInfo attribute : server.getMBeanInfo(sessions).getAttributes()) {
      if (attribute.getName().startsWith("ReservationsFor")) {
        total += ((Number) server.getAttribute(sessions, attribute.getName())).longValue();
      }
    }
    return total;
  }
}
