package io.sluice.testkit.oracle;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The state of a fresh session, read from the run's first connection before any session changes
 * anything; every reopened session must show it again. The global values are what {@code SET x =
 * DEFAULT} restores.
 */
public record Baseline(
    String sqlMode,
    String globalSqlMode,
    String timeZone,
    String globalTimeZone,
    long timeZoneOffsetMinutes,
    long globalTimeZoneOffsetMinutes,
    String characterSetClient,
    String characterSetResults,
    String collationConnection,
    String database) {

  /** Reads the state of {@code connection}'s session. */
  public static Baseline read(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT @@session.sql_mode, @@global.sql_mode, @@session.time_zone,"
                    + " @@global.time_zone, TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), NOW()),"
                    + " @@character_set_client, @@character_set_results,"
                    + " @@collation_connection, DATABASE()")) {
      rs.next();
      String globalTimeZone = rs.getString(4);
      long offset = rs.getLong(5);
      return new Baseline(
          rs.getString(1),
          rs.getString(2),
          rs.getString(3),
          globalTimeZone,
          offset,
          globalTimeZone.equals(rs.getString(3)) ? offset : offsetOf(globalTimeZone),
          rs.getString(6),
          rs.getString(7),
          rs.getString(8),
          rs.getString(9));
    }
  }

  /** Minutes east of UTC of a {@code +hh:mm} zone. */
  static long offsetOf(String zone) {
    if (!zone.matches("[+-]\\d\\d:\\d\\d")) {
      throw new IllegalStateException("cannot predict the offset of time zone " + zone);
    }
    long minutes = Long.parseLong(zone.substring(1, 3)) * 60 + Long.parseLong(zone.substring(4));
    return zone.charAt(0) == '-' ? -minutes : minutes;
  }
}
