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
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.sluice.vars.SystemVariables;
import java.util.StringJoiner;

/**
 * The rules, as one table: what each statement kind, flag and kind of SET assignment means for the
 * session that runs it, and what each {@link SessionEvent} (a JDBC call, or what the session learns
 * while a statement runs) does. A plan's consequence is the most severe of its kind's, its flags'
 * and its assignments'; among reservations, the reason first in {@link ReserveReason}'s order
 * names it. The rest of a statement's {@link Route} (what the session absorbs, how it begins or
 * ends a transaction, whether it may be retried) follows from its kind and flags here too; the
 * session and advise mode both go where the route says.
 *
 * <p>This is the first increment: whatever Sluice does not yet carry itself reserves.
 */
public final class SessionRules {

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

  private static final Map<SessionEvent, Route> EVENTS = new EnumMap<>(SessionEvent.class);

  /**
   * What no retry may repeat although it reads: a lock, a count or a value kept on the connection.
   */
  private static final int NOT_RETRYABLE =
      LOCKING_READ | CALC_FOUND_ROWS | LAST_INSERT_ID_WRITE | USER_VARIABLE_WRITE;

  /** Kinds that change the transaction, the schema or session variables. */
  private static final Set<StatementKind> CONTROLS_SESSION =
      EnumSet.of(
          StatementKind.BEGIN,
          StatementKind.COMMIT,
          StatementKind.ROLLBACK,
          StatementKind.SAVEPOINT,
          StatementKind.ROLLBACK_TO_SAVEPOINT,
          StatementKind.RELEASE_SAVEPOINT,
          StatementKind.USE,
          StatementKind.SET);

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

    // The escape hatches hand out a physical object, which must stay the session's.
    event(SessionEvent.CONNECTION_UNWRAP, ReserveReason.UNTRACKED_STATE);
    event(SessionEvent.STATEMENT_UNWRAP, ReserveReason.UNTRACKED_STATE);
    event(SessionEvent.PREPARE_CALL, ReserveReason.UNTRACKED_STATE);
    event(SessionEvent.BATCH_CONTROLS_SESSION, ReserveReason.UNTRACKED_STATE);
    // What the session's state or the server's answer says while a statement runs.
    event(SessionEvent.USER_VARIABLE_WITHOUT_LITERAL, ReserveReason.USER_VARIABLE);
    event(SessionEvent.SETTINGS_WITHOUT_POOL, ReserveReason.SETTINGS);
    event(SessionEvent.STATE_CHANGE_UNPREDICTED, ReserveReason.UNTRACKED_STATE);
    event(SessionEvent.SET_WITHOUT_BASELINE, ReserveReason.UNTRACKED_STATE);
    event(SessionEvent.SET_OF_DRIVER_VIEW, ReserveReason.UNTRACKED_STATE);
    event(SessionEvent.AUTOCOMMIT_SET_BY_SQL, ReserveReason.AUTOCOMMIT_SET_BY_SQL);
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

  /** The route of a statement with this kind, flags, statement count and SET assignments. */
  static Route route(
      StatementKind kind, int flags, int statementCount, List<SetAssignment> assignments) {
    Rule rule = of(kind, flags, assignments);
    boolean single = statementCount == 1;
    boolean retryable =
        kind == StatementKind.SELECT
            && single
            && rule.reason() == null
            && (flags & NOT_RETRYABLE) == 0;
    return new Route(
        rule.consequence(),
        rule.reason(),
        single ? absorb(kind) : Route.Absorb.NONE,
        transaction(kind, flags),
        retryable,
        CONTROLS_SESSION.contains(kind));
  }

  /** The route of something other than a statement. */
  static Route route(SessionEvent event) {
    return EVENTS.get(event);
  }

  /**
   * The plan a batch runs as: a batch's statements share one connection, so it is planned as its
   * strictest statement, the first that reserves, else the first.
   */
  public static StatementPlan batchPlan(List<StatementPlan> plans) {
    for (StatementPlan plan : plans) {
      if (plan.route().reserves()) {
        return plan;
      }
    }
    return plans.get(0);
  }

  /**
   * Whether a batch reserves for {@link SessionEvent#BATCH_CONTROLS_SESSION} before it runs: a
   * statement before its first reserving one controls the session.
   */
  public static boolean batchControlsSession(List<StatementPlan> plans) {
    for (StatementPlan plan : plans) {
      if (plan.route().reserves()) {
        return false;
      }
      if (plan.route().controlsSession()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The session auto-commit a SET statement asks for, as written: for advise mode, which cannot
   * read it back as the session does ({@link SessionEvent#AUTOCOMMIT_SET_BY_SQL}).
   *
   * @return the last session assignment of autocommit when it is 0, 1, ON, OFF, TRUE or FALSE
   *     (quoted or not); null when there is none, or it is another expression (DEFAULT, a
   *     variable), which only the server evaluates
   */
  public static Boolean autocommitSetTo(StatementPlan plan) {
    Boolean value = null;
    for (SetAssignment a : plan.setAssignments()) {
      if (a.isSessionScope()
          && a.type() == SetAssignment.Type.VARIABLE
          && a.name().equals("autocommit")) {
        String written = a.value().replace("'", "").replace("\"", "").toUpperCase(Locale.ROOT);
        value =
            switch (written) {
              case "1", "ON", "TRUE" -> Boolean.TRUE;
              case "0", "OFF", "FALSE" -> Boolean.FALSE;
              default -> null;
            };
      }
    }
    return value;
  }

  /** What the session absorbs of a text that is this one statement. */
  private static Route.Absorb absorb(StatementKind kind) {
    return switch (kind) {
      case USE -> Route.Absorb.USE;
      case SET -> Route.Absorb.SET;
      default -> Route.Absorb.NONE;
    };
  }

  private static Route.Transaction transaction(StatementKind kind, int flags) {
    return switch (kind) {
      case BEGIN -> Route.Transaction.BEGINS;
      // AND CHAIN opens the next at once, RELEASE ends the connection (both reserve).
      case COMMIT, ROLLBACK ->
          (flags & CHAIN_OR_RELEASE) != 0 ? Route.Transaction.NONE : Route.Transaction.ENDS;
      default ->
          (flags & IMPLICIT_COMMIT) != 0
              ? Route.Transaction.COMMITS_IMPLICITLY
              : Route.Transaction.NONE;
    };
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

  private static void event(SessionEvent event, ReserveReason reason) {
    EVENTS.put(
        event,
        new Route(RESERVE, reason, Route.Absorb.NONE, Route.Transaction.NONE, false, false));
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
