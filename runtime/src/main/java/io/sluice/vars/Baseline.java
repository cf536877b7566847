package io.sluice.vars;

import io.sluice.jdbc.InternalQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The values a fresh physical connection of a tablet has for the session variables Sluice carries,
 * as SQL literals: read once, from the connection that verified the tablet (so they include what
 * the driver and the URL's {@code sessionVariables} set at connect, and the server's
 * {@code init_connect}). A SET to one of these values changes nothing; a connection that carried
 * settings is put back to them.
 */
public final class Baseline {
  private final Map<String, String> literals;

  private Baseline(Map<String, String> literals) {
    this.literals = literals;
  }

  /**
   * Reads the baseline from a fresh connection: the table's carried variables that this server
   * has, in one query.
   */
  public static Baseline capture(Connection fresh) throws SQLException {
    Set<String> present = new HashSet<>();
    try (Statement query = InternalQuery.statement(fresh);
        ResultSet names = InternalQuery.results(query, "SHOW SESSION VARIABLES")) {
      while (names.next()) {
        present.add(names.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    List<String> carried = new ArrayList<>();
    for (String name : SystemVariables.carried()) {
      if (present.contains(name)) {
        carried.add(name);
      }
    }
    return new Baseline(read(fresh, carried));
  }

  /**
   * The current session values of {@code names} on a connection, rendered as {@link
   * Literals#systemValue} renders them: the form baselines and settings are compared in.
   */
  public static Map<String, String> read(Connection connection, List<String> names)
      throws SQLException {
    Map<String, String> values = new HashMap<>();
    if (names.isEmpty()) {
      return values;
    }
    StringBuilder select = new StringBuilder("SELECT ");
    for (int i = 0; i < names.size(); i++) {
      select.append(i == 0 ? "" : ", ").append("@@SESSION.").append(names.get(i));
    }
    try (Statement query = InternalQuery.statement(connection);
        ResultSet row = InternalQuery.results(query, select.toString())) {
      row.next();
      for (int i = 0; i < names.size(); i++) {
        values.put(names.get(i), Literals.systemValue(row, i + 1));
      }
    }
    return values;
  }

  /** The baseline literal of a variable, or null when it was not captured. */
  public String literal(String name) {
    return literals.get(name);
  }

  /**
   * {@code SET SESSION a = <baseline>, b = <baseline>}: the statement that puts these captured
   * variables back to what a fresh connection has.
   */
  public String restoreSql(java.util.Collection<String> names) {
    StringBuilder sql = new StringBuilder("SET SESSION ");
    int empty = sql.length();
    for (String name : names) {
      sql.append(sql.length() > empty ? ", " : "").append(name).append(" = ").append(literal(name));
    }
    return sql.toString();
  }

  /** How many variables were captured. */
  public int size() {
    return literals.size();
  }
}
