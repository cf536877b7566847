package io.sluice.sql;

import static io.sluice.sql.Consequence.MULTIPLEX;
import static io.sluice.sql.Consequence.RESERVE;
import static io.sluice.sql.Consequence.REWRITE;
import static io.sluice.sql.Consequence.SESSION_STATE;
import static io.sluice.sql.Consequence.TRANSACTION_CONTROL;
import static io.sluice.sql.StatementPlan.CALC_FOUND_ROWS;
import static io.sluice.sql.StatementPlan.CHAIN_OR_RELEASE;
import static io.sluice.sql.StatementPlan.DIAGNOSTICS;
import static io.sluice.sql.StatementPlan.FOUND_ROWS_READ;
import static io.sluice.sql.StatementPlan.IMPLICIT_COMMIT;
import static io.sluice.sql.StatementPlan.LAST_INSERT_ID_READ;
import static io.sluice.sql.StatementPlan.LAST_INSERT_ID_WRITE;
import static io.sluice.sql.StatementPlan.LOCKING_READ;
import static io.sluice.sql.StatementPlan.LOCK_FUNCTION;
import static io.sluice.sql.StatementPlan.MULTI_STATEMENT;
import static io.sluice.sql.StatementPlan.ROW_COUNT_READ;
import static io.sluice.sql.StatementPlan.SESSION_STATE_CHANGE;
import static io.sluice.sql.StatementPlan.SET_AUTOCOMMIT;
import static io.sluice.sql.StatementPlan.SET_TRANSACTION;
import static io.sluice.sql.StatementPlan.SYSTEM_VARIABLE_READ;
import static io.sluice.sql.StatementPlan.TABLE_LOCK;
import static io.sluice.sql.StatementPlan.UNPARSED;
import static io.sluice.sql.StatementPlan.USER_VARIABLE_READ;
import static io.sluice.sql.StatementPlan.USER_VARIABLE_WRITE;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import io.sluice.vars.SystemVariables;
import java.util.StringJoiner;

/**
 * The rules, as one table: what each statement kind, flag and kind of SET assignment means for the
 * session that runs it. A plan's consequence is the most severe of its kind's, its flags' and its
 * assignments'; among reservations, the reason first in {@link ReserveReason}'s order names it.
 *
 * <p>This is the first increment: whatever Sluice does not yet carry itself reserves.
 */
final class SessionRules {

  /** A consequence, with the reason when it is {@link Consequence#RESERVE}. */
  record Rule(Consequence consequence, ReserveReason reason) {
    @Override
    public String toString() {
      return reason == null ? consequence.name() : consequence + "(" + reason + ")";
    }
  }

  private static final Rule MULTIPLEXES = new Rule(MULTIPLEX, null);
  private static final Rule REWRITES = new Rule(REWRITE, null);
  private static final Rule EMULATES = new Rule(TRANSACTION_CONTROL, null);
  private static final Map<ReserveReason, Rule> RESERVATIONS = reservations();

  private static final Map<StatementKind, Rule> KINDS = new EnumMap<>(StatementKind.class);

  /** Indexed by bit position. */
  private static final Rule[] FLAGS = new Rule[Integer.SIZE];

  /** StatementPlan's constant names, indexed by bit position. */
  private static final String[] FLAG_NAMES = flagNames();

  private static final Rule KEEPS = new Rule(SESSION_STATE, null);

  static {
    kind(StatementKind.SELECT, MULTIPLEXES);
    kind(StatementKind.INSERT, MULTIPLEXES);
    kind(StatementKind.UPDATE, MULTIPLEXES);
    kind(StatementKind.DELETE, MULTIPLEXES);
    kind(StatementKind.REPLACE, MULTIPLEXES);
    kind(StatementKind.DO, MULTIPLEXES);
    kind(StatementKind.SHOW, MULTIPLEXES);
    kind(StatementKind.EXPLAIN, MULTIPLEXES);
    kind(StatementKind.DDL, MULTIPLEXES);
    kind(StatementKind.LOAD, MULTIPLEXES);
    kind(StatementKind.FLUSH, MULTIPLEXES);
    kind(StatementKind.KILL, MULTIPLEXES);
    kind(StatementKind.EMPTY, MULTIPLEXES);
    kind(StatementKind.OTHER, MULTIPLEXES);
    // A pooled connection never holds table locks (taking them reserves), so this is harmless
    // there; a session holding locks runs it on its reserved connection.
    kind(StatementKind.UNLOCK_TABLES, MULTIPLEXES);
    // What a SET means is its assignments' rules (see assignment()).
    kind(StatementKind.SET, MULTIPLEXES);
    kind(StatementKind.USE, new Rule(SESSION_STATE, null));
    kind(StatementKind.BEGIN, EMULATES);
    kind(StatementKind.COMMIT, EMULATES);
    kind(StatementKind.ROLLBACK, EMULATES);
    kind(StatementKind.SAVEPOINT, EMULATES);
    kind(StatementKind.ROLLBACK_TO_SAVEPOINT, EMULATES);
    kind(StatementKind.RELEASE_SAVEPOINT, EMULATES);
    kind(StatementKind.LOCK_TABLES, reserve(ReserveReason.LOCK));
    // A procedure may change any session state; prepared statements, handlers and XA branches
    // are state of one connection.
    kind(StatementKind.CALL, reserve(ReserveReason.UNTRACKED_STATE));
    kind(StatementKind.PREPARE, reserve(ReserveReason.UNTRACKED_STATE));
    kind(StatementKind.EXECUTE, reserve(ReserveReason.UNTRACKED_STATE));
    kind(StatementKind.DEALLOCATE, reserve(ReserveReason.UNTRACKED_STATE));
    kind(StatementKind.HANDLER, reserve(ReserveReason.UNTRACKED_STATE));
    kind(StatementKind.XA, reserve(ReserveReason.UNTRACKED_STATE));

    // The session keeps user variables and splices their values in; assignments inside other
    // statements, and reads where no literal may stand, need them on the connection.
    flag(USER_VARIABLE_READ, REWRITES);
    flag(USER_VARIABLE_WRITE, reserve(ReserveReason.USER_VARIABLE));
    flag(StatementPlan.USER_VARIABLE_ON_CONNECTION, reserve(ReserveReason.USER_VARIABLE));
    flag(SYSTEM_VARIABLE_READ, MULTIPLEXES);
    flag(LOCK_FUNCTION, reserve(ReserveReason.LOCK));
    flag(TABLE_LOCK, reserve(ReserveReason.LOCK));
    flag(StatementPlan.TEMPORARY_TABLE, reserve(ReserveReason.TEMPORARY_TABLE));
    flag(LAST_INSERT_ID_READ, REWRITES);
    flag(LAST_INSERT_ID_WRITE, reserve(ReserveReason.UNTRACKED_STATE));
    flag(ROW_COUNT_READ, REWRITES);
    flag(FOUND_ROWS_READ, REWRITES);
    // The session reads FOUND_ROWS() on the same connection before it lets the connection go.
    flag(CALC_FOUND_ROWS, MULTIPLEXES);
    flag(DIAGNOSTICS, reserve(ReserveReason.UNTRACKED_STATE));
    // The session keeps its own id and its previous statement's diagnostics.
    flag(StatementPlan.CONNECTION_ID_READ, REWRITES);
    flag(StatementPlan.DIAGNOSTICS_READ, REWRITES);
    flag(StatementPlan.DIAGNOSTICS_SHOW, MULTIPLEXES);
    // The session ends its transaction; where the statement runs is its kind's business.
    flag(IMPLICIT_COMMIT, MULTIPLEXES);
    flag(MULTI_STATEMENT, reserve(ReserveReason.UNTRACKED_STATE));
    flag(LOCKING_READ, MULTIPLEXES);
    flag(CHAIN_OR_RELEASE, reserve(ReserveReason.UNTRACKED_STATE));
    flag(SET_TRANSACTION, EMULATES);
    flag(SET_AUTOCOMMIT, EMULATES);
    flag(SESSION_STATE_CHANGE, reserve(ReserveReason.UNTRACKED_STATE));
    flag(UNPARSED, reserve(ReserveReason.UNPARSED));
    // The session runs a client-side prepared statement as the text the driver sends.
    flag(StatementPlan.PLACEHOLDER_IN_RENAMED_ITEM, REWRITES);
    // The session reads FOUND_ROWS() on the same connection before it lets the connection go.
    flag(StatementPlan.ROWS_FROM_QUERY, MULTIPLEXES);
  }

  private SessionRules() {}

  /**
   * The rule for one SET assignment. The session keeps user variables, settings (NAMES, CHARACTER
   * SET and the variables {@link SystemVariables} says it carries) and emulates autocommit and the
   * session's transaction characteristics; a GLOBAL or PERSIST assignment changes the server, the
   * same from any connection. The characteristics of the next transaction only, and variables the
   * table says cannot be carried, stay on a reserved connection.
   */
  static Rule assignment(SetAssignment a) {
    if (a.scope() == SetAssignment.Scope.USER) {
      return KEEPS;
    }
    if (!a.isSessionScope()) {
      return MULTIPLEXES;
    }
    if (a.type() == SetAssignment.Type.TRANSACTION) {
      return a.scope() == SetAssignment.Scope.NONE ? reserve(ReserveReason.UNTRACKED_STATE) : EMULATES;
    }
    if (a.type() != SetAssignment.Type.VARIABLE) {
      return KEEPS;
    }
    // A name not in the table (a plugin's variable, or a typo) is SETTINGS: MySQL decides, and the
    // session keeps what it stored.
    return switch (SystemVariables.carrier(a.name())) {
      case EMULATED -> EMULATES;
      case SET_VAR, SETTINGS -> KEEPS;
      case RESERVE -> reserve(ReserveReason.UNTRACKED_STATE);
      case SERVER -> MULTIPLEXES;
    };
  }

  /** The rule for a plan: the most severe of its kind's, flags' and assignments' rules. */
  static Rule of(StatementKind kind, int flags, List<SetAssignment> assignments) {
    Rule rule = KINDS.get(kind);
    for (int rest = flags; rest != 0; rest &= rest - 1) {
      rule = moreSevere(rule, FLAGS[Integer.numberOfTrailingZeros(rest)]);
    }
    for (SetAssignment assignment : assignments) {
      rule = moreSevere(rule, assignment(assignment));
    }
    return rule;
  }

  /** The names of the flags set, as {@code [A, B]}, or the empty string when none is. */
  static String flagNames(int flags) {
    StringJoiner names = new StringJoiner(", ", "[", "]").setEmptyValue("");
    for (int rest = flags; rest != 0; rest &= rest - 1) {
      names.add(FLAG_NAMES[Integer.numberOfTrailingZeros(rest)]);
    }
    return names.toString();
  }

  private static Rule moreSevere(Rule a, Rule b) {
    int order = a.consequence().compareTo(b.consequence());
    if (order != 0) {
      return order > 0 ? a : b;
    }
    if (a.reason() == null || b.reason() == null) {
      return a.reason() == null ? b : a;
    }
    return a.reason().compareTo(b.reason()) <= 0 ? a : b;
  }

  private static Rule reserve(ReserveReason reason) {
    return RESERVATIONS.get(reason);
  }

  private static Map<ReserveReason, Rule> reservations() {
    Map<ReserveReason, Rule> rules = new EnumMap<>(ReserveReason.class);
    for (ReserveReason reason : ReserveReason.values()) {
      rules.put(reason, new Rule(RESERVE, reason));
    }
    return rules;
  }

  private static void kind(StatementKind kind, Rule rule) {
    KINDS.put(kind, rule);
  }

  private static void flag(int bit, Rule rule) {
    FLAGS[Integer.numberOfTrailingZeros(bit)] = rule;
  }

  private static String[] flagNames() {
    String[] names = new String[Integer.SIZE];
    for (Field field : StatementPlan.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        try {
          names[Integer.numberOfTrailingZeros(field.getInt(null))] = field.getName();
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    return names;
  }
}
