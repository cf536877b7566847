package io.sluice.testkit.oracle;

import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * {@code sql_mode}: set to one of a few modes (one changing how statements are lexed, ANSI_QUOTES;
 * one changing results, PIPES_AS_CONCAT; strict and lax ones) or DEFAULT, then its value and its
 * effects read back.
 */
final class SqlModeOps implements Operations {
  /** Written in MySQL's canonical order, so {@code @@sql_mode} reads back the same text. */
  static final String[] MODES = {
    "", "STRICT_TRANS_TABLES", "ANSI_QUOTES,STRICT_ALL_TABLES", "PIPES_AS_CONCAT"
  };

  private static final String[] SET_FORMS = {
    "SET sql_mode = ", "SET SESSION sql_mode = ", "SET @@sql_mode = ", "SET @@session.sql_mode = "
  };

  private static final int ER_BAD_FIELD = 1054;
  private static final int ER_DATA_TOO_LONG = 1406;
  private static final int WARN_DATA_TRUNCATED = 1265;

  @Override
  public void run(OracleSession s) throws SQLException {
    int choice = s.random().nextInt(100);
    if (choice < 30) {
      set(s);
    } else if (choice < 50) {
      read(s);
    } else if (choice < 65) {
      pipes(s);
    } else if (choice < 80) {
      quotes(s);
    } else {
      truncation(s);
    }
  }

  private static void set(OracleSession s) throws SQLException {
    String form = SET_FORMS[s.random().nextInt(SET_FORMS.length)];
    int pick = s.random().nextInt(MODES.length + 1);
    if (pick == MODES.length) {
      s.execute(form + "DEFAULT");
      s.model().sqlMode = s.model().baseline().globalSqlMode();
    } else {
      s.execute(form + "'" + MODES[pick] + "'");
      s.model().sqlMode = MODES[pick];
    }
  }

  private static void read(OracleSession s) throws SQLException {
    String expression = s.random().nextBoolean() ? "@@sql_mode" : "@@SESSION.sql_mode";
    String sql = "SELECT " + expression;
    OracleSession.Row row = s.queryRow(sql);
    s.check("value", sql, s.model().sqlMode, row.value(0));
    s.check("column label", sql, expression, row.labels().get(0));
  }

  /** {@code ||} concatenates under PIPES_AS_CONCAT, else is a logical OR of two zeros. */
  private static void pipes(OracleSession s) throws SQLException {
    String sql = "SELECT 'a' || 'b'";
    String expected = s.model().hasMode("PIPES_AS_CONCAT") ? "ab" : "0";
    s.check("value", sql, expected, s.queryString(sql));
  }

  /** Under ANSI_QUOTES a double-quoted word is a column name, else a string. */
  private static void quotes(OracleSession s) throws SQLException {
    String sql = "SELECT \"q\" AS c FROM " + OracleSchema.SCHEMA_A + ".numbers WHERE n = 1";
    if (s.model().hasMode("ANSI_QUOTES")) {
      s.expectError(sql, ER_BAD_FIELD);
    } else {
      s.check("value", sql, "q", s.queryString(sql));
    }
  }

  /**
   * Six characters into a VARCHAR(3): an error under strict modes and no row; otherwise the row
   * keeps three characters, with a warning (which Connector/J may raise as a DataTruncation).
   */
  private static void truncation(OracleSession s) throws SQLException {
    int seq = s.nextSeq();
    String where = " WHERE run = '" + s.run() + "' AND session = " + s.id() + " AND seq = " + seq;
    String insert =
        "INSERT INTO "
            + OracleSchema.SCHEMA_A
            + ".short_text (run, session, seq, s) VALUES ('"
            + s.run()
            + "', "
            + s.id()
            + ", "
            + seq
            + ", 'abcdef')";
    if (s.model().strict()) {
      s.expectError(insert, ER_DATA_TOO_LONG);
      String count = "SELECT COUNT(*) FROM " + OracleSchema.SCHEMA_A + ".short_text" + where;
      s.check("rows", count, 0L, s.queryLong(count));
      return;
    }
    s.statement(insert);
    try (Statement statement = s.connection().createStatement()) {
      statement.executeUpdate(insert);
      SQLWarning warning = statement.getWarnings();
      s.check(
          "warning code",
          insert,
          WARN_DATA_TRUNCATED,
          warning == null ? null : warning.getErrorCode());
    } catch (SQLException e) {
      if (e.getErrorCode() != WARN_DATA_TRUNCATED) {
        throw e;
      }
    }
    String select = "SELECT s FROM " + OracleSchema.SCHEMA_A + ".short_text" + where;
    s.check("stored value", select, "abc", s.queryString(select));
  }
}
