package io.sluice.session;

import io.sluice.jdbc.InternalQuery;
import io.sluice.tablet.Tablet;
import io.sluice.vars.UserValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * reservation: the seeds' semantics are the default. A user without SELECT on those
 * performance_schema tables is told once at WARN, and its tablet is not asked again.
 */
final class CleanReservation {
  private static final Logger log = LoggerFactory.getLogger(CleanReservation.class);
  private static final int NO_SUCH_TABLE = 1146;
  /** A table, column or database access denied: MySQL will refuse the same reads every time. */
  private static final Set<Integer> ACCESS_DENIED = Set.of(1044, 1142, 1143);

  private CleanReservation() {}

  /**
   * The connection's user variables, if it is clean; null if anything of the session remains.
   *
   * @param temporaryTables the names of the temporary tables the session created there
   */
  static Map<String, UserValue> userVariablesIfClean(
      Tablet tablet, Connection connection, List<String> temporaryTables) {
    if (!tablet.mayProveClean()) {
      return null;
    }
    try (Statement query = InternalQuery.statement(connection)) {
      try (ResultSet locks =
          InternalQuery.results(
              query,
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
      if (ACCESS_DENIED.contains(e.getErrorCode()) && tablet.refuseCleanProof()) {
        log.warn(
            "release_reserved_when_clean=true does nothing on {}: {}; its reserved connections are"
                + " kept until their sessions close. Grant its user SELECT on"
                + " performance_schema.metadata_locks and"
                + " performance_schema.user_variables_by_thread",
            tablet.name(),
            e.getMessage());
      }
      return null;
    }
  }

  private static boolean gone(Statement query, String table) {
    try {
      InternalQuery.results(query, "SELECT 1 FROM " + table + " LIMIT 0").close();
      return false;
    } catch (SQLException e) {
      return e.getErrorCode() == NO_SUCH_TABLE;
    }
  }

  /** The variables, or null when one has no literal that reads as it does. */
  private static Map<String, UserValue> userVariables(Statement query) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows =
        InternalQuery.results(
            query,
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
      select
          .append(i == 0 ? "" : ", ")
          .append(UserValue.columns(ReservedConnection.quotedVariable(names.get(i))));
    }
    try (ResultSet row = InternalQuery.results(query, select.toString())) {
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
