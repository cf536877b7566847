package com.example.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What any Connector/J version's app does first: {@code sessions} connections held open together,
 * each asking in turn which MySQL connection runs it (CONNECTION_ID() is a session's own id under
 * the agent); a session variable set, then read with one whose name holds {@code INTO}; an
 * insert id; and a text naming it through {@code executeQuery}, which Connector/J 9.5 and later
 * refuse. Prints one line per observation, the same direct and with the agent except the ids.
 *
 * <pre>
 * IDS sessions=4 distinct=1
 * DRIVER 9.5.0
 * EXECUTE time_zone=+02:00 into=32768
 * INSERT_ID 1
 * EXECUTE_QUERY FAILED sqlState=S1009 Can not issue data manipulation statements...
 * </pre>
 */
public final class DriverVersionApp {
  private DriverVersionApp() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    int sessions = args.getInt("sessions");
    List<Connection> open = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (int i = 0; i < sessions; i++) {
      open.add(DriverManager.getConnection(args.url(), args.user(), args.password()));
    }
    for (int round = 0; round < 3; round++) {
      for (Connection connection : open) {
        ids.add(AppArgs.queryLong(connection, AppArgs.physicalIdQuery()));
      }
    }
    System.out.printf("IDS sessions=%d distinct=%d%n", sessions, ids.size());
    Connection c = open.get(0);
    System.out.println("DRIVER " + c.getMetaData().getDriverVersion().split(" ")[0]);
    AppArgs.execute(
        c,
        "SET SESSION time_zone = '+02:00'",
        "CREATE TABLE IF NOT EXISTS versions (id INT AUTO_INCREMENT PRIMARY KEY, v INT)",
        "INSERT INTO versions (v) VALUES (1)");
    try (Statement s = c.createStatement()) {
      s.execute("SELECT @@SESSION.time_zone, @@SESSION.select_into_buffer_size");
      try (ResultSet rs = s.getResultSet()) {
        rs.next();
        System.out.println("EXECUTE time_zone=" + rs.getString(1) + " into=" + rs.getLong(2));
      }
    }
    System.out.println("INSERT_ID " + AppArgs.queryLong(c, "SELECT LAST_INSERT_ID()"));
    AppArgs.execute(c, "SET @into_x = 5, @plain = 6");
    attempt("EXECUTE_QUERY", () -> AppArgs.queryLong(c, "SELECT @@SESSION.select_into_buffer_size"));
    attempt("USER_VARIABLE", () -> AppArgs.queryLong(c, "SELECT @into_x"));
    attempt("ALIAS", () -> AppArgs.queryLong(c, "SELECT @plain AS into_alias"));
    attempt("INSERT_ID_ALIAS", () -> AppArgs.queryLong(c, "SELECT LAST_INSERT_ID() AS into_id"));
    attempt("SELECT_INTO_QUERY", () -> AppArgs.queryLong(c, "SELECT 7 INTO @x"));
    attempt(
        "SELECT_INTO_UPDATE",
        () -> {
          try (Statement s = c.createStatement()) {
            return s.executeUpdate("SELECT 8 INTO @z");
          }
        });
    attempt(
        "PREPARED_UPDATE",
        () -> {
          try (var ps = c.prepareStatement("SELECT 9 INTO @y")) {
            return ps.executeUpdate();
          }
        });
    attempt(
        "PREPARED",
        () -> {
          try (var ps = c.prepareStatement("SELECT @into_x + ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
    try (Statement s = c.createStatement()) {
      s.execute("SELECT @x, @y, @z");
      try (ResultSet rs = s.getResultSet()) {
        rs.next();
        System.out.println(
            "VARIABLES x=" + rs.getString(1) + " y=" + rs.getString(2) + " z=" + rs.getString(3));
      }
    }
    for (Connection connection : open) {
      connection.close();
    }
  }

  /** Prints {@code LABEL OK value} or {@code LABEL FAILED sqlState=.. message}. */
  private static void attempt(String label, SqlCall call) {
    try {
      System.out.println(label + " OK " + call.run());
    } catch (SQLException e) {
      System.out.println(label + " FAILED sqlState=" + e.getSQLState() + " " + e.getMessage());
    }
  }

  private interface SqlCall {
    Object run() throws SQLException;
  }
}
