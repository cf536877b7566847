package io.sluice.sql;

import io.sluice.sql.SetAssignment.Scope;
import io.sluice.sql.SetAssignment.Type;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Parses one SET statement into {@link SetAssignment}s, following MySQL 8.0's grammar: a scope
 * keyword carries over to later assignments that name none; {@code SET [scope] TRANSACTION} stands
 * alone; values run to the next comma outside parentheses. What it does not recognise fails the
 * parse (the statement is then UNPARSED), never guessed.
 */
final class SetParser {
  private final TokenList t;
  private final int to;
  private int i;

  /** The assignments, when {@link #parse()} succeeded. */
  final List<SetAssignment> assignments = new ArrayList<>();

  /** Tokens that name an assigned variable: writes, not reads. */
  final BitSet targets = new BitSet();

  /** The user variables assigned, where they are written. */
  final List<VariableRead> userVariableTargets = new ArrayList<>();

  /** Flags the statement's form implies (StatementPlan constants). */
  int flags;

  /** Whether the statement assigns values whose expressions must still be scanned for reads. */
  boolean hasValues;

  /**
   * @param from the token after SET
   * @param to the end of the statement (exclusive)
   */
  SetParser(TokenList t, int from, int to) {
    this.t = t;
    this.i = from;
    this.to = to;
  }

  /** Parses the statement; false if it is not a form this parser knows. */
  boolean parse() {
    if (t.isWord(i, "PASSWORD") || (t.isWord(i, "DEFAULT") && t.isWord(i + 1, "ROLE"))) {
      // Account changes: MySQL commits implicitly; nothing of the session changes.
      flags |= StatementPlan.IMPLICIT_COMMIT;
      return true;
    }
    if (t.isWord(i, "ROLE") || (t.isWord(i, "RESOURCE") && t.isWord(i + 1, "GROUP"))) {
      flags |= StatementPlan.SESSION_STATE_CHANGE;
      return true;
    }
    Scope keyword = scopeKeyword(i);
    if (t.isWord(keyword == null ? i : i + 1, "TRANSACTION")) {
      i += keyword == null ? 1 : 2;
      return transaction(keyword == null ? Scope.NONE : keyword);
    }
    hasValues = true;
    Scope inherited = Scope.NONE;
    while (true) {
      keyword = scopeKeyword(i);
      if (keyword != null) {
        inherited = keyword;
        i++;
      }
      if (!assignment(inherited)) {
        return false;
      }
      if (i == to) {
        return true;
      }
      if (t.type(i) != Token.COMMA) {
        return false;
      }
      i++;
    }
  }

  private boolean assignment(Scope inherited) {
    Scope scope = inherited;
    String name;
    switch (t.type(i)) {
      case USER_VAR:
        scope = Scope.USER;
        name = Names.userVariable(t.text(i));
        userVariableTargets.add(new VariableRead(name, t.start(i), t.end(i)));
        targets.set(i++);
        break;
      case SYS_VAR:
        String[] scoped = Names.systemVariable(t.text(i));
        scope = scoped[0] == null ? Scope.NONE : Scope.valueOf(scoped[0].toUpperCase(Locale.ROOT));
        name = scoped[1];
        targets.set(i++);
        break;
      case WORD:
        if (t.isWord(i, "NAMES")) {
          i++;
          return value(scope, Type.NAMES, "names");
        }
        if (t.isWord(i, "CHARSET") || (t.isWord(i, "CHARACTER") && t.isWord(i + 1, "SET"))) {
          i += t.isWord(i, "CHARSET") ? 1 : 2;
          return value(scope, Type.CHARACTER_SET, "character_set");
        }
        name = dottedName();
        break;
      case QUOTED_IDENT:
        name = dottedName();
        break;
      default:
        return false;
    }
    if (t.type(i) != Token.EQ && t.type(i) != Token.ASSIGN) {
      return false;
    }
    i++;
    return value(scope, Type.VARIABLE, name);
  }

  /** A variable name as words and quoted identifiers joined by dots (structured variables). */
  private String dottedName() {
    StringBuilder name = new StringBuilder();
    while (true) {
      name.append(t.identifier(i).toLowerCase(Locale.ROOT));
      targets.set(i++);
      if (t.type(i) != Token.DOT
          || (t.type(i + 1) != Token.WORD && t.type(i + 1) != Token.QUOTED_IDENT)) {
        return name.toString();
      }
      name.append('.');
      i++;
    }
  }

  /** Reads a value up to the next comma outside parentheses and records the assignment. */
  private boolean value(Scope scope, Type type, String name) {
    int first = i;
    int depth = 0;
    while (i < to && !(depth == 0 && t.type(i) == Token.COMMA)) {
      Token token = t.type(i);
      depth += token == Token.LPAREN ? 1 : token == Token.RPAREN ? -1 : 0;
      i++;
    }
    int from = t.start(first);
    int end = t.end(i - 1);
    // A value cut by an executable comment's marker cannot be carried as written.
    if (i == first || depth != 0 || t.hasMarkerWithin(from, end)) {
      return false;
    }
    SetAssignment assignment = new SetAssignment(scope, type, name, t.sql.substring(from, end));
    assignments.add(assignment);
    if (type == Type.VARIABLE && name.equals("autocommit") && assignment.isSessionScope()) {
      flags |= StatementPlan.SET_AUTOCOMMIT;
    }
    return true;
  }

  /**
   * SET [scope] TRANSACTION characteristic [, characteristic]: the statement's only content. Only
   * the session's own forms (no scope, SESSION, LOCAL) are SET_TRANSACTION; GLOBAL changes the
   * server's default.
   */
  private boolean transaction(Scope scope) {
    if (scope == Scope.NONE || scope == Scope.SESSION || scope == Scope.LOCAL) {
      flags |= StatementPlan.SET_TRANSACTION;
    }
    while (true) {
      int first;
      String name;
      if (t.isWord(i, "ISOLATION") && t.isWord(i + 1, "LEVEL")) {
        i += 2;
        first = i;
        if (t.isWord(i, "REPEATABLE") && t.isWord(i + 1, "READ")) {
          i += 2;
        } else if (t.isWord(i, "READ") && t.isAnyWord(i + 1, "COMMITTED", "UNCOMMITTED")) {
          i += 2;
        } else if (t.isWord(i, "SERIALIZABLE")) {
          i++;
        } else {
          return false;
        }
        name = "transaction_isolation";
      } else if (t.isWord(i, "READ") && t.isAnyWord(i + 1, "ONLY", "WRITE")) {
        first = i;
        i += 2;
        name = "transaction_read_only";
      } else {
        return false;
      }
      assignments.add(
          new SetAssignment(
              scope, Type.TRANSACTION, name, t.sql.substring(t.start(first), t.end(i - 1))));
      if (i == to) {
        return true;
      }
      if (t.type(i) != Token.COMMA) {
        return false;
      }
      i++;
    }
  }

  private Scope scopeKeyword(int at) {
    String word = t.upperWord(at);
    if (word == null || t.type(at + 1) == Token.EQ || t.type(at + 1) == Token.ASSIGN) {
      return null;
    }
    switch (word) {
      case "GLOBAL":
      case "SESSION":
      case "LOCAL":
      case "PERSIST":
      case "PERSIST_ONLY":
        return Scope.valueOf(word);
      default:
        return null;
    }
  }
}
