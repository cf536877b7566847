package io.sluice.session;

import io.sluice.tablet.Physical;
import io.sluice.vars.UserValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Proves, with {@code release_reserved_when_clean=true}, that a reserved connection holds nothing
 * of its session's any more, so that the session may give it back. MySQL itself is asked:
 *
 * <ul>
 *   <li>no lock of the connection outlives its statement: none of its metadata locks in {@code
 *       performance_schema.metadata_locks} is EXPLICIT (user locks, LOCK TABLES, backup locks);
 *   <li>every temporary table the session created is gone: reading it fails with 1146 (when a
 *       base table of the same name exists, the check fails, and the session stays reserved);
 *   <li>its user variables are read back, each with a literal that reads exactly as it does
 *       ({@link UserValue}), into the session.
 * </ul>
 *
 * <p>Any doubt (a query that fails, performance_schema off, a value no literal carries) keeps the
 * reservation: the seeds' semantics are the default.
 */
final class CleanReservation {
  private static final int NO_SUCH_TABLE = 1146;

  private CleanReservation() {}

  /**
   * The connection's user variables, if it is clean; null if anything of the session remains.
   *
   * @param temporaryTables the names of the temporary tables the session created there
   */
  static Map<String, UserValue> userVariablesIfClean(Connection connection, List<String> temporaryTables) {
    try (Statement query = Physical.statement(connection)) {
      try (ResultSet locks =
          query.executeQuery(
              "SELECT COUNT(*) FROM performance_schema.metadata_locks"
                  + " WHERE OWNER_THREAD_ID = PS_CURRENT_THREAD_ID() AND LOCK_DURATION = 'EXPLICIT'")) {
        if (!locks.next() || locks.getLong(1) != 0) {
          return null;
        }
      }
      for (String table : temporaryTables) {
        if (!gone(query, table)) {
          return null;
        }
      }
      return userVariables(query);
    } catch (SQLException e) {
      return null;
    }
  }

  private static boolean gone(Statement query, String table) {
    try {
      query.executeQuery("SELECT 1 FROM " + table + " LIMIT 0").close();
      return false;
    } catch (SQLException e) {
      return e.getErrorCode() == NO_SUCH_TABLE;
    }
  }

  /** The variables, or null when one has no literal that reads as it does. */
  private static Map<String, UserValue> userVariables(Statement query) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows =
        query.executeQuery(
            "SELECT VARIABLE_NAME FROM performance_schema.user_variables_by_thread"
                + " WHERE THREAD_ID = PS_CURRENT_THREAD_ID()")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    Map<String, UserValue> values = new HashMap<>();
    if (names.isEmpty()) {
      return values;
    }
    StringBuilder select = new StringBuilder("SELECT ");
    for (int i = 0; i < names.size(); i++) {
      select.append(i == 0 ? "" : ", ").append(UserValue.columns(Session.quotedVariable(names.get(i))));
    }
    try (ResultSet row = query.executeQuery(select.toString())) {
      row.next();
      for (int i = 0; i < names.size(); i++) {
        UserValue value = UserValue.read(row, 1 + i * UserValue.COLUMNS);
        if (!value.substitutable()) {
          return null;
        }
        values.put(names.get(i).toLowerCase(java.util.Locale.ROOT), value);
      }
    }
    return values;
  }
}
