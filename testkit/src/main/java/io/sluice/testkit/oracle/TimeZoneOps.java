package io.sluice.testkit.oracle;

import java.sql.SQLException;

/** {@code time_zone}: set to fixed offsets or DEFAULT; its value and NOW()'s offset read back. */
final class TimeZoneOps implements Operations {
  static final String[] ZONES = {"+00:00", "+05:30", "-08:00"};

  private static final String[] SET_FORMS = {
    "SET time_zone = ",
    "SET SESSION time_zone = ",
    "SET @@time_zone = ",
    "SET @@session.time_zone = "
  };

  @Override
  public void run(OracleSession s) throws SQLException {
    int choice = s.random().nextInt(100);
    if (choice < 40) {
      set(s);
    } else if (choice < 70) {
      String expression = s.random().nextBoolean() ? "@@time_zone" : "@@session.time_zone";
      String sql = "SELECT " + expression;
      OracleSession.Row row = s.queryRow(sql);
      s.check("value", sql, s.model().timeZone, row.value(0));
      s.check("column label", sql, expression, row.labels().get(0));
    } else {
      // Both functions read the statement's start time, so the difference is exact.
      String sql = "SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW())";
      s.check("offset in minutes", sql, s.model().timeZoneOffsetMinutes, s.queryLong(sql));
    }
  }

  private static void set(OracleSession s) throws SQLException {
    String form = SET_FORMS[s.random().nextInt(SET_FORMS.length)];
    int pick = s.random().nextInt(ZONES.length + 1);
    if (pick == ZONES.length) {
      s.execute(form + "DEFAULT");
      s.model().timeZone = s.model().baseline().globalTimeZone();
      s.model().timeZoneOffsetMinutes = s.model().baseline().globalTimeZoneOffsetMinutes();
    } else {
      s.execute(form + "'" + ZONES[pick] + "'");
      s.model().timeZone = ZONES[pick];
      s.model().timeZoneOffsetMinutes = Baseline.offsetOf(ZONES[pick]);
    }
  }
}
