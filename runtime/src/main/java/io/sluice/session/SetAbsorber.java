package io.sluice.session;

import io.sluice.jdbc.InternalQuery;
import io.sluice.sql.ReserveReason;
import io.sluice.sql.SessionEvent;
import io.sluice.sql.SetAssignment;
import io.sluice.sql.StatementPlan;
import io.sluice.sql.VariableRead;
import io.sluice.tablet.Physical;
import io.sluice.tablet.Tablet;
import io.sluice.vars.Carrier;
import io.sluice.vars.Literals;
import io.sluice.vars.Settings;
import io.sluice.vars.SqlModes;
import io.sluice.vars.SystemVariables;
import io.sluice.vars.UserValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Takes what a SET statement changed into its session, once MySQL has run it: MySQL validates
 * every value (a bad one fails the SET with MySQL's own error, and then nothing changed, as SET is
 * all or nothing) and computes every expression; Sluice reads the results back from the same
 * connection and keeps them.
 *
 * <ul>
 *   <li>User variables: the SET ran with them renamed to Sluice's own ({@code @__sluice_0}...), so
 *       that the connection never holds the application's names; their values are read back with
 *       their types, and set to NULL before the connection is returned.
 *   <li>Session system variables, NAMES and CHARACTER SET: read back as MySQL stored them
 *       (canonical, clamped) and kept as the session's {@link Settings}; a value equal to the
 *       tablet's baseline takes the variable out of them. With {@code enable_system_settings=false}
 *       they are ignored, and put back on the connection.
 *   <li>The transaction characteristics: become the session's JDBC state, unless the driver keeps
 *       its own view of them (then as for an unknown variable, below).
 *   <li>autocommit: Connector/J never learns it from SQL, so a SET that leaves the server's value
 *       apart from the driver's view makes the connection the session's reserved one, where the
 *       driver answers and acts as on the application's own connection.
 *   <li>A session variable Sluice does not know: the connection MySQL set it on becomes the
 *       session's reserved connection.
 * </ul>
 */
final class SetAbsorber {
  private static final String TEMPORARY = "@__sluice_";

  /** The variables SET NAMES and SET CHARACTER SET change: the variable policy's names rows. */
  static final List<String> CHARSET_VARIABLES =
      List.of(
          "character_set_client",
          "character_set_connection",
          "character_set_results",
          "collation_connection");

  private SetAbsorber() {}

  /** The names the user variables a SET assigns are renamed to, one per target in order. */
  static List<String> temporaryNames(StatementPlan plan) {
    List<String> distinct = distinctTargets(plan);
    List<String> names = new ArrayList<>();
    for (VariableRead target : plan.userVariableTargets()) {
      names.add(TEMPORARY + distinct.indexOf(target.name()));
    }
    return names;
  }

  private static List<String> distinctTargets(StatementPlan plan) {
    Set<String> names = new LinkedHashSet<>();
    for (VariableRead target : plan.userVariableTargets()) {
      names.add(target.name());
    }
    return new ArrayList<>(names);
  }

  /**
   * Absorbs a SET that just succeeded on a lease of the session.
   *
   * @param warned whether MySQL warned about the SET: such a value would warn again on every
   *     statement that carried it as a hint, so it stays on connections instead
   */
  static void absorb(Session session, StatementPlan plan, Lease lease, boolean warned)
      throws SQLException {
    List<String> system = systemVariablesSet(plan);
    List<String> user =
        lease.kind() == Lease.Kind.RESERVED ? List.of() : distinctTargets(plan);
    if (system.isEmpty() && user.isEmpty()) {
      return;
    }
    Connection physical = lease.physical();
    StringBuilder select = new StringBuilder("SELECT ");
    for (String name : system) {
      select.append(select.length() > 7 ? ", " : "").append("@@SESSION.").append(name);
    }
    for (int i = 0; i < user.size(); i++) {
      select.append(select.length() > 7 ? ", " : "").append(UserValue.columns(TEMPORARY + i));
    }
    String[] literals = new String[system.size()];
    UserValue[] values = new UserValue[user.size()];
    try (Statement query = InternalQuery.statement(physical);
        ResultSet row = InternalQuery.results(query, select.toString())) {
      row.next();
      for (int i = 0; i < literals.length; i++) {
        literals[i] = Literals.systemValue(row, i + 1);
      }
      for (int i = 0; i < values.length; i++) {
        values[i] = UserValue.read(row, literals.length + 1 + i * UserValue.COLUMNS);
      }
    }
    if (!user.isEmpty()) {
      StringBuilder clear = new StringBuilder("SET ");
      for (int i = 0; i < user.size(); i++) {
        clear.append(i == 0 ? "" : ", ").append(TEMPORARY).append(i).append(" = NULL");
      }
      Physical.run(physical, clear.toString());
      for (int i = 0; i < values.length; i++) {
        session.variables().userVariable(user.get(i), values[i]);
      }
    }
    absorbSystem(session, plan, lease, system, literals, warned);
  }

  private static void absorbSystem(
      Session session,
      StatementPlan plan,
      Lease lease,
      List<String> names,
      String[] literals,
      boolean warned)
      throws SQLException {
    Tablet tablet = session.tablet();
    boolean honoured = session.context().config().enableSystemSettings();
    Settings before = session.variables().settings();
    Settings next = before;
    String sqlMode = null;
    Set<ReserveReason> reserve = EnumSet.noneOf(ReserveReason.class);
    StringBuilder restore = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String literal = literals[i];
      Carrier carrier = SystemVariables.carrier(name);
      String baseline = tablet.baseline().literal(name);
      if (baseline == null) {
        // Nothing to put a connection back to.
        reserve.add(SessionEvent.SET_WITHOUT_BASELINE.reason());
      } else if (carrier == Carrier.EMULATED && tablet.driverKeepsOwnView(name)) {
        // The driver's getters and setters go on from its old view.
        reserve.add(SessionEvent.SET_OF_DRIVER_VIEW.reason());
      } else if (name.equals("autocommit")) {
        if (literal.equals("1") != session.jdbc().autoCommit()) {
          reserve.add(SessionEvent.AUTOCOMMIT_SET_BY_SQL.reason());
        }
      } else if (carrier == Carrier.EMULATED) {
        emulated(session, name, literal, lease);
      } else if (!honoured) {
        session.context().metrics().setsIgnored.increment();
        String carried = lease.applied.literal(name);
        restore.append(restore.length() == 0 ? "SET SESSION " : ", ");
        restore.append(name).append(" = ").append(carried != null ? carried : baseline);
      } else {
        boolean had = next.has(name);
        boolean hintable = hintable(tablet, name, literal, warned);
        next = next.with(name, literal, baseline, hintable);
        if (!had && !next.has(name)) {
          session.context().metrics().setsIgnored.increment();
        }
        if (name.equals("sql_mode")) {
          sqlMode = next.has(name) ? literal : baseline;
        }
      }
    }
    if (restore.length() > 0) {
      Physical.run(lease.physical(), restore.toString());
    }
    if (!next.equals(before) || sqlMode != null) {
      session.variables().settings(next, sqlMode);
    }
    session.carriedBy(lease, next);
    for (ReserveReason reason : reserve) { // the first reserves, the others are recorded
      session.reserveLeased(lease, reason, plan.digest());
    }
  }

  /**
   * Whether a value may ride as a SET_VAR hint: the server takes the hint for the variable, the
   * SET did not warn, the literal is one a hint accepts, and for sql_mode no flag changes how the
   * statement carrying it is parsed (the hint applies after parsing).
   */
  private static boolean hintable(Tablet tablet, String name, String literal, boolean warned) {
    return tablet.hintable(name)
        && !warned
        && Literals.fitsHint(literal)
        && !(name.equals("sql_mode") && SqlModes.affectsParsing(literal));
  }

  private static void emulated(Session session, String name, String literal, Lease lease)
      throws SQLException {
    switch (name) {
      case "transaction_read_only" ->
          session.jdbc().readOnlyChangedBySql(name, literal.equals("1"), lease);
      case "transaction_isolation" ->
          session.jdbc().isolationChangedBySql(name, SqlModes.isolationLevel(literal), lease);
      default -> throw new IllegalStateException("not emulated: " + name);
    }
  }

  /** The session-scope system variables a SET changes, in order, without repeats. */
  private static List<String> systemVariablesSet(StatementPlan plan) {
    Set<String> names = new LinkedHashSet<>();
    for (SetAssignment a : plan.setAssignments()) {
      if (a.scope() == SetAssignment.Scope.USER || !a.isSessionScope()) {
        continue;
      }
      switch (a.type()) {
        case NAMES, CHARACTER_SET -> names.addAll(CHARSET_VARIABLES);
        case TRANSACTION -> names.add(a.name());
        case VARIABLE -> {
          Carrier carrier = SystemVariables.carrier(a.name());
          if (carrier != Carrier.SERVER && carrier != Carrier.RESERVE) {
            names.add(a.name());
          }
        }
      }
    }
    return new ArrayList<>(names);
  }
}
