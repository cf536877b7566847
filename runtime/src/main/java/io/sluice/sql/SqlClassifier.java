package io.sluice.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies SQL text into a {@link StatementPlan}: one lexer pass, then a look at each statement's
 * leading keywords (the kind, as Vitess' {@code Preview}) and a scan of its tokens (the flags and
 * rewrite points). Every form whose meaning depends on its exact shape is parsed strictly; what
 * does not fit is UNPARSED, never guessed. Call through a {@link PlanCache}.
 *
 * <p>One class of over 600 lines on purpose: the kind's rules and the scan for flags and rewrite
 * points read the same token list and fill the same plan's state in one pass (each statement's
 * kind decides how its tokens are scanned and which of the reads found become splices), and most
 * of the length is one small method per statement form. Split, each half would need the other's
 * state.
 */
public final class SqlClassifier {
  /** Options between SELECT and its first select-list item. */
  private static final Set<String> SELECT_OPTIONS =
      Keywords.words(
          "ALL DISTINCT DISTINCTROW HIGH_PRIORITY STRAIGHT_JOIN SQL_SMALL_RESULT "
              + "SQL_BIG_RESULT SQL_BUFFER_RESULT SQL_NO_CACHE SQL_CACHE SQL_CALC_FOUND_ROWS");

  /** Words that end a select list at its own parenthesis depth. */
  private static final Set<String> SELECT_LIST_ENDS =
      Keywords.words(
          "FROM INTO WHERE GROUP HAVING WINDOW ORDER LIMIT FOR LOCK UNION EXCEPT INTERSECT ON");

  /** Words after which {@code name(} is a table, column list or routine, not a function call. */
  private static final Set<String> NOT_A_CALL_AFTER =
      Keywords.words(
          "INTO INSERT REPLACE IGNORE LOW_PRIORITY DELAYED HIGH_PRIORITY CALL TABLE "
              + "PROCEDURE FUNCTION TRIGGER EVENT VIEW UPDATE FROM JOIN");

  private static final Set<String> LOCK_FUNCTIONS =
      Keywords.words("GET_LOCK RELEASE_LOCK RELEASE_ALL_LOCKS IS_FREE_LOCK IS_USED_LOCK");

  /** Words naming a DDL object right before {@code IF [NOT] EXISTS}. */
  private static final Set<String> DDL_OBJECTS =
      Keywords.words(
          "TABLE VIEW DATABASE SCHEMA PROCEDURE FUNCTION TRIGGER EVENT INDEX USER ROLE "
              + "SERVER TABLESPACE GROUP SYSTEM");

  /** Words by which a data change reads rows of a query or of other tables. */
  private static final Set<String> QUERY_WORDS =
      Keywords.words("SELECT TABLE JOIN STRAIGHT_JOIN USING");

  /** Objects whose definition holds a body of statements. */
  private static final Set<String> ROUTINES = Keywords.words("PROCEDURE FUNCTION TRIGGER EVENT");

  /** Objects created or altered without one: the first of these or of ROUTINES decides. */
  private static final Set<String> OBJECTS_WITHOUT_BODY =
      Keywords.words(
          "TABLE TEMPORARY VIEW INDEX UNIQUE FULLTEXT SPATIAL DATABASE SCHEMA USER ROLE SERVER "
              + "TABLESPACE LOGFILE RESOURCE UNDO INSTANCE");

  /**
   * Statement kinds in which a user variable read can be replaced by its value: everywhere else
   * (a view's or routine's definition, SHOW, PREPARE...) the variable must be on the connection.
   */
  private static final Set<StatementKind> SUBSTITUTES_VARIABLES =
      java.util.EnumSet.of(
          StatementKind.SELECT,
          StatementKind.INSERT,
          StatementKind.UPDATE,
          StatementKind.DELETE,
          StatementKind.REPLACE,
          StatementKind.DO,
          StatementKind.SET);

  /** Compound-statement openers that {@code END} may be followed by. */
  private static final Set<String> BLOCK_ENDINGS = Keywords.words("IF CASE LOOP REPEAT WHILE");

  private final TokenList t;
  private final LexerMode mode;
  private StatementKind kind;
  private int flags;
  private int statements;
  /** Where the first statement's text ends. */
  private int firstStatementEnd;
  private String useSchema;
  private String temporaryTable;
  private InsertTarget insertTarget;
  private final List<SetAssignment> assignments = new ArrayList<>();
  private final List<RewritePoint> reads = new ArrayList<>();
  private final List<VariableRead> variableReads = new ArrayList<>();
  private final List<VariableRead> variableTargets = new ArrayList<>();
  /** Rewritten reads so far (functions and user variables), for select-list aliases. */
  private int rewrittenReads;
  private final List<Splice> aliases = new ArrayList<>();
  private Kill kill;
  private ShowDiagnostics showDiagnostics;
  private int hintOffset = -1;
  private int hintStart = -1;
  private int hintEnd = -1;

  private SqlClassifier(TokenList tokens, LexerMode mode) {
    this.t = tokens;
    this.mode = mode;
  }

  /** Classifies {@code sql} as MySQL 8.0.31 with the default sql_mode reads it. */
  public static StatementPlan classify(String sql) {
    return classify(sql, LexerMode.DEFAULT);
  }

  /** Classifies {@code sql} as a server and session of {@code mode} read it. */
  public static StatementPlan classify(String sql, LexerMode mode) {
    return new SqlClassifier(TokenList.lex(sql, mode), mode).plan();
  }

  private StatementPlan plan() {
    if (t.failed) {
      // Nothing of the text can be trusted, not even where its statements end.
      kind = StatementKind.OTHER;
      flags = StatementPlan.UNPARSED;
      statements = 1;
    } else {
      int i = 0;
      while (i < t.size()) {
        i = t.type(i) == Token.SEMICOLON ? i + 1 : statement(i) + 1;
      }
      if (statements == 0) {
        kind = StatementKind.EMPTY;
      } else if (statements > 1) {
        flags |= StatementPlan.MULTI_STATEMENT;
        kill = null;
        insertTarget = null;
        if (showDiagnostics != null) {
          // Among other statements, it reports the one before it on the same connection.
          showDiagnostics = null;
          flags = (flags & ~StatementPlan.DIAGNOSTICS_SHOW) | StatementPlan.DIAGNOSTICS;
        }
      }
    }
    List<Splice> splices = new ArrayList<>(aliases);
    for (RewritePoint read : reads) {
      if (statements == 1 || answersFromSession(read)) {
        splices.add(Splice.value(read));
      }
    }
    if (!variableReads.isEmpty()) {
      if (statements == 1 && SUBSTITUTES_VARIABLES.contains(kind)) {
        for (VariableRead read : variableReads) {
          splices.add(Splice.variable(read));
        }
      } else {
        flags |= StatementPlan.USER_VARIABLE_ON_CONNECTION;
      }
    }
    splices.sort(Comparator.comparingInt(Splice::start).thenComparingInt(Splice::end));
    return new StatementPlan(
        t.sql,
        mode,
        kind,
        flags,
        statements,
        useSchema,
        temporaryTable,
        insertTarget,
        assignments,
        reads,
        variableReads,
        variableTargets,
        splices,
        kill,
        showDiagnostics,
        hintOffset,
        hintStart,
        hintEnd);
  }

  /** Classifies the statement starting at token {@code from}; returns the index of its end. */
  private int statement(int from) {
    statements++;
    boolean routine = isRoutineDefinition(from);
    int to = routine ? compoundEnd(from) : nextSemicolon(from);
    StatementKind statementKind = routine ? routineDefinition() : kindOf(from, to);
    if (statements == 1) {
      kind = statementKind;
      firstStatementEnd = t.start(to);
    }
    return to;
  }

  /**
   * In a text of several statements, whether a read stays the session's literal: only ROW_COUNT()
   * in the first statement, which reads the count of the statement before the text. Every other
   * read runs on the (reserved) connection, where MySQL answers it as the text's own statements
   * leave it, the session having put its LAST_INSERT_ID() and FOUND_ROWS() there first.
   */
  private boolean answersFromSession(RewritePoint read) {
    return read.target() == RewritePoint.Target.ROW_COUNT && read.start() < firstStatementEnd;
  }

  private int nextSemicolon(int from) {
    int i = from;
    while (i < t.size() && t.type(i) != Token.SEMICOLON) {
      i++;
    }
    return i;
  }

  // ---------------------------------------------------------------- kinds

  private StatementKind kindOf(int from, int to) {
    if (t.type(from) == Token.LPAREN) {
      return query(from, to);
    }
    String word = t.upperWord(from);
    if (word == null) {
      return unparsed();
    }
    switch (word) {
      case "SELECT":
      case "TABLE":
      case "VALUES":
      case "WITH":
      case "INSERT":
      case "REPLACE":
      case "UPDATE":
      case "DELETE":
        return query(from, to);
      case "CALL":
        scan(from, to, true);
        return StatementKind.CALL;
      case "DO":
        return scanned(StatementKind.DO, from, to);
      case "SHOW":
        if (isDiagnostics(from + 1)) {
          showDiagnostics = statements == 1 ? showDiagnostics(from + 1, to) : null;
          flags |= showDiagnostics != null ? StatementPlan.DIAGNOSTICS_SHOW : StatementPlan.DIAGNOSTICS;
        }
        return scanned(StatementKind.SHOW, from, to);
      case "EXPLAIN":
      case "DESCRIBE":
      case "DESC":
        return scanned(StatementKind.EXPLAIN, from, to);
      case "SET":
        return set(from, to);
      case "USE":
        return use(from, to);
      case "BEGIN":
        return (to == from + 1 || (to == from + 2 && t.isWord(from + 1, "WORK")))
            ? begin()
            : unparsed();
      case "START":
        return start(from + 1, to);
      case "COMMIT":
        return completion(StatementKind.COMMIT, from + 1, to);
      case "ROLLBACK":
        return rollback(from + 1, to);
      case "SAVEPOINT":
        return isName(from + 1, to) ? StatementKind.SAVEPOINT : unparsed();
      case "RELEASE":
        return t.isWord(from + 1, "SAVEPOINT") && isName(from + 2, to)
            ? StatementKind.RELEASE_SAVEPOINT
            : unparsed();
      case "LOCK":
        return lock(from + 1, to);
      case "UNLOCK":
        return to == from + 2 && t.isAnyWord(from + 1, "TABLES", "TABLE", "INSTANCE")
            ? StatementKind.UNLOCK_TABLES
            : unparsed();
      case "XA":
        return StatementKind.XA;
      case "PREPARE":
        return scanned(StatementKind.PREPARE, from, to);
      case "EXECUTE":
        return scanned(StatementKind.EXECUTE, from, to);
      case "DEALLOCATE":
        return StatementKind.DEALLOCATE;
      case "HANDLER":
        return StatementKind.HANDLER;
      case "LOAD":
        return load(from, to);
      case "CREATE":
      case "ALTER":
      case "DROP":
      case "RENAME":
      case "TRUNCATE":
        return ddl(from, to);
      case "FLUSH":
        flags |= StatementPlan.IMPLICIT_COMMIT;
        if (containsWords(from, to, "WITH", "READ", "LOCK")
            || containsWords(from, to, "FOR", "EXPORT")) {
          flags |= StatementPlan.TABLE_LOCK;
        }
        return StatementKind.FLUSH;
      case "KILL":
        return kill(from + 1, to);
      case "GET":
        return diagnostics(from, to);
      default:
        return administration(word, from + 1);
    }
  }

  /**
   * SELECT, TABLE, VALUES, WITH, INSERT, REPLACE, UPDATE, DELETE and parenthesised queries: the
   * kind is the main keyword's (after the CTEs of WITH), which is also where a hint goes.
   */
  private StatementKind query(int from, int to) {
    int main = skipParentheses(from);
    if (t.isWord(main, "WITH")) {
      main = afterCommonTableExpressions(main + 1, to);
      if (main < 0) {
        return unparsed();
      }
      main = skipParentheses(main);
    }
    String word = t.upperWord(main);
    StatementKind statementKind;
    boolean hintable = true;
    if (word == null) {
      return unparsed();
    }
    switch (word) {
      case "SELECT" -> statementKind = StatementKind.SELECT;
      case "TABLE", "VALUES" -> {
        statementKind = StatementKind.SELECT;
        hintable = false;
      }
      case "INSERT" -> statementKind = StatementKind.INSERT;
      case "REPLACE" -> statementKind = StatementKind.REPLACE;
      case "UPDATE" -> statementKind = StatementKind.UPDATE;
      case "DELETE" -> statementKind = StatementKind.DELETE;
      default -> {
        return unparsed();
      }
    }
    if (statementKind != StatementKind.SELECT && countsRowsOfOthers(statementKind, from, main, to)) {
      flags |= StatementPlan.ROWS_FROM_QUERY;
    }
    if ((statementKind == StatementKind.INSERT || statementKind == StatementKind.REPLACE)
        && main == from
        && statements == 1
        && !t.hasMarkerWithin(t.start(from), t.start(to))) {
      insertTarget = insertTarget(main, to);
    }
    if (hintable && statements == 1) {
      hintOffset = t.end(main);
      if (t.type(main + 1) == Token.HINT) {
        hintStart = t.start(main + 1);
        hintEnd = t.end(main + 1);
      }
    }
    return scanned(statementKind, from, to);
  }

  /**
   * Whether a data change may count rows of a query or of several tables: any SELECT, TABLE, JOIN or
   * USING, a comma among an UPDATE's tables, a DELETE whose tables are not after FROM. In doubt,
   * yes: the server is then asked.
   */
  private boolean countsRowsOfOthers(StatementKind change, int from, int main, int to) {
    int depth = 0;
    boolean tables = true;
    for (int i = from; i < to; i++) {
      switch (t.type(i)) {
        case LPAREN -> depth++;
        case RPAREN -> depth--;
        case COMMA -> {
          if (change == StatementKind.UPDATE && depth == 0 && tables) {
            return true;
          }
        }
        case WORD -> {
          String word = t.upperWord(i);
          if (QUERY_WORDS.contains(word)) {
            return true;
          }
          tables &= !(depth == 0 && word.equals("SET"));
        }
        default -> {}
      }
    }
    if (change != StatementKind.DELETE) {
      return false;
    }
    int i = main + 1;
    while (t.type(i) == Token.HINT || t.isAnyWord(i, "LOW_PRIORITY", "QUICK", "IGNORE")) {
      i++;
    }
    return !t.isWord(i, "FROM");
  }

  /**
   * The table and column list of the INSERT or REPLACE whose keyword is token {@code main}, or
   * null for any form other than {@link InsertTarget}'s. Strict: what does not fit has none.
   */
  private InsertTarget insertTarget(int main, int to) {
    int i = main + 1;
    while (t.type(i) == Token.HINT
        || t.isAnyWord(i, "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE")) {
      i++;
    }
    if (t.isWord(i, "INTO")) {
      i++;
    }
    String schema = null;
    String table = t.identifier(i);
    if (table != null && t.type(i + 1) == Token.DOT) {
      schema = table;
      i += 2;
      table = t.identifier(i);
    }
    if (table == null || t.type(++i) != Token.LPAREN) {
      return null;
    }
    List<String> columns = new ArrayList<>();
    do {
      String column = t.identifier(++i);
      while (column != null && t.type(i + 1) == Token.DOT) { // t.c or db.t.c
        i += 2;
        column = t.identifier(i);
      }
      if (column == null) {
        return null;
      }
      columns.add(column);
    } while (t.type(++i) == Token.COMMA);
    if (t.type(i) != Token.RPAREN) {
      return null;
    }
    i++;
    if (t.type(i) != Token.LPAREN
        && !t.isAnyWord(i, "VALUES", "VALUE", "SELECT", "TABLE", "WITH")) {
      return null;
    }
    for (int j = i; j < to; j++) {
      if (t.isWord(j, "DUPLICATE")) {
        return null; // ON DUPLICATE KEY UPDATE: an update's id is not a generated one
      }
    }
    return new InsertTarget(schema, table, columns);
  }

  private int skipParentheses(int i) {
    while (t.type(i) == Token.LPAREN) {
      i++;
    }
    return i;
  }

  /**
   * The index of the statement after {@code WITH [RECURSIVE] name [(cols)] AS (...), ...}, or -1.
   */
  private int afterCommonTableExpressions(int from, int to) {
    int i = t.isWord(from, "RECURSIVE") ? from + 1 : from;
    while (true) {
      if (t.identifier(i) == null) {
        return -1;
      }
      i++;
      if (t.type(i) == Token.LPAREN) {
        i = t.skipGroup(i, to);
        if (i < 0) {
          return -1;
        }
      }
      if (!t.isWord(i, "AS") || t.type(i + 1) != Token.LPAREN) {
        return -1;
      }
      i = t.skipGroup(i + 1, to);
      if (i < 0) {
        return -1;
      }
      if (t.type(i) != Token.COMMA) {
        return i;
      }
      i++;
    }
  }

  private StatementKind set(int from, int to) {
    SetParser parser = new SetParser(t, from + 1, to);
    if (!parser.parse()) {
      return unparsed();
    }
    flags |= parser.flags;
    assignments.addAll(parser.assignments);
    variableTargets.addAll(parser.userVariableTargets);
    if (parser.hasValues) {
      scan(from + 1, to, parser.targets, false);
    }
    return StatementKind.SET;
  }

  private StatementKind use(int from, int to) {
    String schema = t.identifier(from + 1);
    if (to != from + 2 || schema == null) {
      return unparsed();
    }
    if (statements == 1) {
      useSchema = schema;
    }
    return StatementKind.USE;
  }

  private StatementKind begin() {
    flags |= StatementPlan.IMPLICIT_COMMIT;
    return StatementKind.BEGIN;
  }

  /** After START: TRANSACTION with its characteristics, or replication control. */
  private StatementKind start(int i, int to) {
    if (t.isAnyWord(i, "REPLICA", "SLAVE")) {
      flags |= StatementPlan.IMPLICIT_COMMIT;
      return StatementKind.OTHER;
    }
    if (t.isWord(i, "GROUP_REPLICATION")) {
      return StatementKind.OTHER;
    }
    if (!t.isWord(i, "TRANSACTION")) {
      return unparsed();
    }
    i++;
    while (i < to) {
      if (t.isWord(i, "WITH") && t.isWord(i + 1, "CONSISTENT") && t.isWord(i + 2, "SNAPSHOT")) {
        i += 3;
      } else if (t.isWord(i, "READ") && t.isAnyWord(i + 1, "ONLY", "WRITE")) {
        i += 2;
      } else {
        return unparsed();
      }
      if (i < to && (t.type(i) != Token.COMMA || ++i == to)) {
        return unparsed();
      }
    }
    return begin();
  }

  /** After COMMIT or ROLLBACK: [WORK] [AND [NO] CHAIN] [[NO] RELEASE], and nothing else. */
  private StatementKind completion(StatementKind completionKind, int i, int to) {
    if (t.isWord(i, "WORK")) {
      i++;
    }
    if (t.isWord(i, "AND")) {
      boolean no = t.isWord(i + 1, "NO");
      i += no ? 2 : 1;
      if (!t.isWord(i++, "CHAIN")) {
        return unparsed();
      }
      if (!no) {
        flags |= StatementPlan.CHAIN_OR_RELEASE;
      }
    }
    boolean noRelease = t.isWord(i, "NO") && t.isWord(i + 1, "RELEASE");
    if (noRelease) {
      i += 2;
    } else if (t.isWord(i, "RELEASE")) {
      flags |= StatementPlan.CHAIN_OR_RELEASE;
      i++;
    }
    return i == to ? completionKind : unparsed();
  }

  private StatementKind rollback(int i, int to) {
    int afterWork = t.isWord(i, "WORK") ? i + 1 : i;
    if (t.isWord(afterWork, "TO")) {
      int name = t.isWord(afterWork + 1, "SAVEPOINT") ? afterWork + 2 : afterWork + 1;
      return isName(name, to) ? StatementKind.ROLLBACK_TO_SAVEPOINT : unparsed();
    }
    return completion(StatementKind.ROLLBACK, i, to);
  }

  private StatementKind lock(int i, int to) {
    if (t.isAnyWord(i, "TABLES", "TABLE") && i + 1 < to) {
      flags |= StatementPlan.TABLE_LOCK | StatementPlan.IMPLICIT_COMMIT;
      return StatementKind.LOCK_TABLES;
    }
    if (t.isWord(i, "INSTANCE")
        && t.isWord(i + 1, "FOR")
        && t.isWord(i + 2, "BACKUP")
        && i + 3 == to) {
      flags |= StatementPlan.TABLE_LOCK;
      return StatementKind.LOCK_TABLES;
    }
    return unparsed();
  }

  private StatementKind load(int from, int to) {
    if (t.isAnyWord(from + 1, "DATA", "XML")) {
      // Column lists may read into user variables, and SET clauses read them.
      scan(from, to, true);
      return StatementKind.LOAD;
    }
    if (t.isWord(from + 1, "INDEX")) {
      flags |= StatementPlan.IMPLICIT_COMMIT;
      return StatementKind.OTHER;
    }
    return unparsed();
  }

  /** CREATE, ALTER, DROP, RENAME, TRUNCATE (routine definitions are handled apart). */
  private StatementKind ddl(int from, int to) {
    boolean temporary = t.isWord(from + 1, "TEMPORARY");
    if (t.isWord(from, "DROP") && t.isWord(from + 1, "PREPARE")) {
      return StatementKind.DEALLOCATE;
    }
    if (temporary && t.isAnyWord(from, "CREATE", "DROP")) {
      // MySQL does not commit for these two; other statements on temporary tables do.
      flags |= StatementPlan.TEMPORARY_TABLE;
    } else {
      flags |= StatementPlan.IMPLICIT_COMMIT;
    }
    int table = temporary ? from + 2 : from + 1;
    if (temporary && t.isWord(from, "CREATE") && t.isWord(table, "TABLE") && statements == 1) {
      temporaryTable = tableName(t.isWord(table + 1, "IF") ? table + 4 : table + 1);
    }
    if (t.isWord(from, "CREATE") && t.isWord(table, "TABLE")) {
      // CREATE TABLE ... SELECT runs its query now; the definition part holds no query.
      for (int i = table + 1; i < to; i++) {
        if (t.isAnyWord(i, "SELECT", "WITH")) {
          scan(i, to, false);
          break;
        }
      }
    }
    return StatementKind.DDL;
  }

  /** {@code name} or {@code db.name} from token {@code i}, as written; null if not a name. */
  private String tableName(int i) {
    if (t.identifier(i) == null) {
      return null;
    }
    int last = i;
    if (t.type(i + 1) == Token.DOT && t.identifier(i + 2) != null) {
      last = i + 2;
    }
    return t.sql.substring(t.start(i), t.end(last));
  }

  /**
   * {@code KILL [CONNECTION | QUERY] id}: the target when the id is a number or CONNECTION_ID(),
   * which a session may carry out itself. Any other expression goes to MySQL as written.
   */
  private StatementKind kill(int i, int to) {
    boolean connection = !t.isWord(i, "QUERY");
    if (t.isAnyWord(i, "QUERY", "CONNECTION")) {
      i++;
    }
    if (statements == 1) {
      if (i + 1 == to && t.type(i) == Token.NUMBER) {
        long id = unsigned(i);
        kill = id < 0 ? null : new Kill(connection, id);
      } else if (i + 3 == to && isConnectionIdCall(i)) {
        kill = new Kill(connection, Kill.SELF);
      }
    }
    return StatementKind.KILL;
  }

  private boolean isConnectionIdCall(int i) {
    return t.isWord(i, "CONNECTION_ID")
        && t.type(i + 1) == Token.LPAREN
        && t.type(i + 2) == Token.RPAREN;
  }

  /** Token {@code i} as a plain decimal number that fits a long; -1 when it is not one. */
  private long unsigned(int i) {
    String text = t.text(i);
    if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Long.parseLong(text);
  }

  /**
   * After SHOW: {@code WARNINGS | ERRORS [LIMIT [offset,] count]} or {@code COUNT(*) WARNINGS |
   * ERRORS}, and nothing more; null for any other form (MySQL judges it).
   */
  private ShowDiagnostics showDiagnostics(int i, int to) {
    boolean count = t.isWord(i, "COUNT");
    int word = count ? i + 4 : i;
    boolean errors = t.isWord(word, "ERRORS");
    int rest = word + 1;
    if (rest == to) {
      return new ShowDiagnostics(errors, count, 0, Long.MAX_VALUE);
    }
    if (count || !t.isWord(rest, "LIMIT") || t.type(rest + 1) != Token.NUMBER) {
      return null;
    }
    long first = unsigned(rest + 1);
    if (first >= 0 && rest + 2 == to) {
      return new ShowDiagnostics(errors, false, 0, first);
    }
    boolean pair =
        rest + 4 == to && t.type(rest + 2) == Token.COMMA && t.type(rest + 3) == Token.NUMBER;
    long second = pair ? unsigned(rest + 3) : -1;
    return first >= 0 && second >= 0 ? new ShowDiagnostics(errors, false, first, second) : null;
  }

  /** GET [CURRENT | STACKED] DIAGNOSTICS, which may assign user variables. */
  private StatementKind diagnostics(int from, int to) {
    int keyword = t.isAnyWord(from + 1, "CURRENT", "STACKED") ? from + 2 : from + 1;
    if (!t.isWord(keyword, "DIAGNOSTICS")) {
      return unparsed();
    }
    flags |= StatementPlan.DIAGNOSTICS;
    scan(from, to, true);
    return StatementKind.OTHER;
  }

  /** Account, administration and replication statements; anything unknown is unparsed. */
  private StatementKind administration(String word, int next) {
    switch (word) {
      case "GRANT":
      case "REVOKE":
      case "ANALYZE":
      case "OPTIMIZE":
      case "REPAIR":
      case "CACHE":
      case "CHECK":
        flags |= StatementPlan.IMPLICIT_COMMIT;
        return StatementKind.OTHER;
      case "RESET":
        if (!t.isWord(next, "PERSIST")) {
          flags |= StatementPlan.IMPLICIT_COMMIT;
        }
        return StatementKind.OTHER;
      case "CHANGE":
        if (t.isWord(next, "MASTER")
            || (t.isWord(next, "REPLICATION") && t.isWord(next + 1, "SOURCE"))) {
          flags |= StatementPlan.IMPLICIT_COMMIT;
        }
        return StatementKind.OTHER;
      case "STOP":
        if (t.isAnyWord(next, "REPLICA", "SLAVE")) {
          flags |= StatementPlan.IMPLICIT_COMMIT;
        }
        return StatementKind.OTHER;
      case "INSTALL":
      case "UNINSTALL":
        if (t.isWord(next, "PLUGIN")) {
          flags |= StatementPlan.IMPLICIT_COMMIT;
        }
        return StatementKind.OTHER;
      case "CHECKSUM":
      case "PURGE":
      case "SHUTDOWN":
      case "RESTART":
      case "CLONE":
      case "HELP":
      case "BINLOG":
      case "IMPORT":
      case "SIGNAL":
      case "RESIGNAL":
        return StatementKind.OTHER;
      default:
        return unparsed();
    }
  }

  private StatementKind routineDefinition() {
    // The body is stored, not run: nothing in it touches this session now.
    flags |= StatementPlan.IMPLICIT_COMMIT;
    return StatementKind.DDL;
  }

  private StatementKind scanned(StatementKind statementKind, int from, int to) {
    scan(from, to, false);
    return statementKind;
  }

  private StatementKind unparsed() {
    flags |= StatementPlan.UNPARSED;
    return StatementKind.OTHER;
  }

  private boolean isDiagnostics(int i) {
    if (t.isAnyWord(i, "WARNINGS", "ERRORS")) {
      return true;
    }
    return t.isWord(i, "COUNT")
        && t.type(i + 1) == Token.LPAREN
        && t.text(i + 2).equals("*")
        && t.type(i + 3) == Token.RPAREN
        && t.isAnyWord(i + 4, "WARNINGS", "ERRORS");
  }

  /** Whether {@code [i, to)} is exactly one name. */
  private boolean isName(int i, int to) {
    return to == i + 1 && t.identifier(i) != null;
  }

  private boolean containsWords(int from, int to, String... words) {
    for (int i = from; i + words.length <= to; i++) {
      int matched = 0;
      while (matched < words.length && t.isWord(i + matched, words[matched])) {
        matched++;
      }
      if (matched == words.length) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- routine definitions

  /** CREATE/ALTER of a procedure, function, trigger or event, whose body may hold {@code ;}. */
  private boolean isRoutineDefinition(int from) {
    if (!t.isAnyWord(from, "CREATE", "ALTER")) {
      return false;
    }
    for (int i = from + 1; i < t.size() && t.type(i) != Token.SEMICOLON; i++) {
      String word = t.upperWord(i);
      if (word != null && (ROUTINES.contains(word) || OBJECTS_WITHOUT_BODY.contains(word))) {
        return ROUTINES.contains(word);
      }
    }
    return false;
  }

  /**
   * The end of a routine definition: the first {@code ;} outside its compound statements (BEGIN,
   * IF, CASE, LOOP, REPEAT, WHILE ... END). A definition that never closes is unparsed.
   */
  private int compoundEnd(int from) {
    int depth = 0;
    for (int i = from; i < t.size(); i++) {
      Token type = t.type(i);
      if (type == Token.SEMICOLON && depth == 0) {
        return i;
      }
      String word = t.upperWord(i);
      if (word == null) {
        continue;
      }
      switch (word) {
        case "BEGIN", "CASE", "LOOP", "WHILE" -> depth++;
        case "IF", "REPEAT" -> depth += opensBlock(i) ? 1 : 0;
        case "END" -> {
          depth--;
          if (BLOCK_ENDINGS.contains(String.valueOf(t.upperWord(i + 1)))) {
            i++;
          }
        }
        default -> {}
      }
    }
    if (depth != 0) {
      flags |= StatementPlan.UNPARSED;
    }
    return t.size();
  }

  /**
   * Whether IF or REPEAT at {@code i} opens a statement block: not the functions IF(a, b, c) and
   * REPEAT(s, n) (a comma inside their parentheses), not IF [NOT] EXISTS of a DDL statement.
   */
  private boolean opensBlock(int i) {
    if (t.type(i + 1) == Token.LPAREN) {
      int close = t.skipGroup(i + 1, t.size());
      int depth = 0;
      for (int j = i + 1; close > 0 && j < close; j++) {
        Token type = t.type(j);
        depth += type == Token.LPAREN ? 1 : type == Token.RPAREN ? -1 : 0;
        if (type == Token.COMMA && depth == 1) {
          return false;
        }
      }
    }
    boolean exists =
        t.isWord(i + 1, "EXISTS") || (t.isWord(i + 1, "NOT") && t.isWord(i + 2, "EXISTS"));
    String before = t.upperWord(i - 1);
    return !(exists && before != null && DDL_OBJECTS.contains(before));
  }

  // ---------------------------------------------------------------- the token scan

  private void scan(int from, int to, boolean variablesWritten) {
    scan(from, to, null, variablesWritten);
  }

  /**
   * Scans tokens for flags and rewrite points.
   *
   * @param targets tokens to pass over (variables a SET assigns), or null
   * @param variablesWritten whether any user variable may be assigned by the statement (CALL's OUT
   *     parameters, LOAD DATA's column list, GET DIAGNOSTICS)
   */
  private void scan(int from, int to, BitSet targets, boolean variablesWritten) {
    SelectLists lists = new SelectLists();
    int depth = 0;
    boolean intoList = false;
    for (int i = from; i < to; i++) {
      if (targets != null && targets.get(i)) {
        continue;
      }
      Token type = t.type(i);
      switch (type) {
        case LPAREN -> depth++;
        case RPAREN -> lists.close(--depth, i);
        case COMMA -> lists.comma(depth, i);
        case WORD -> word(i, depth, lists);
        case QUOTED_IDENT -> call(i, t.identifier(i));
        case USER_VAR -> userVariable(i, intoList, variablesWritten);
        case SYS_VAR -> systemVariable(i);
        default -> {}
      }
      if (type != Token.COMMA && type != Token.USER_VAR) {
        intoList = t.isWord(i, "INTO");
      }
    }
    lists.closeAll(to);
  }

  private void word(int i, int depth, SelectLists lists) {
    String word = t.upperWord(i);
    call(i, word);
    switch (word) {
      case "SELECT" -> {
        int item = i + 1;
        while (t.type(item) == Token.HINT
            || SELECT_OPTIONS.contains(String.valueOf(t.upperWord(item)))) {
          item++;
        }
        lists.open(depth, item);
      }
      case "SQL_CALC_FOUND_ROWS" -> flags |= StatementPlan.CALC_FOUND_ROWS;
      case "FOR" -> {
        if (t.isAnyWord(i + 1, "UPDATE", "SHARE")) {
          flags |= StatementPlan.LOCKING_READ;
        }
      }
      case "LOCK" -> {
        if (t.isWord(i + 1, "IN") && t.isWord(i + 2, "SHARE") && t.isWord(i + 3, "MODE")) {
          flags |= StatementPlan.LOCKING_READ;
        }
      }
      default -> {}
    }
    if (SELECT_LIST_ENDS.contains(word)) {
      lists.end(depth, i);
    }
  }

  /** A built-in function call: a name (any case, quoted or not) followed by {@code (}. */
  private void call(int i, String name) {
    if (t.type(i + 1) != Token.LPAREN
        || t.type(i - 1) == Token.DOT
        || NOT_A_CALL_AFTER.contains(String.valueOf(t.upperWord(i - 1)))) {
      return;
    }
    String function = name.toUpperCase(Locale.ROOT);
    if (LOCK_FUNCTIONS.contains(function)) {
      flags |= StatementPlan.LOCK_FUNCTION;
      return;
    }
    boolean noArguments = t.type(i + 2) == Token.RPAREN;
    switch (function) {
      case "LAST_INSERT_ID" -> {
        if (noArguments) {
          read(RewritePoint.Target.LAST_INSERT_ID, StatementPlan.LAST_INSERT_ID_READ, i, i + 2);
        } else {
          flags |= StatementPlan.LAST_INSERT_ID_WRITE;
        }
      }
      case "ROW_COUNT" -> {
        if (noArguments) {
          read(RewritePoint.Target.ROW_COUNT, StatementPlan.ROW_COUNT_READ, i, i + 2);
        }
      }
      case "FOUND_ROWS" -> {
        if (noArguments) {
          read(RewritePoint.Target.FOUND_ROWS, StatementPlan.FOUND_ROWS_READ, i, i + 2);
        }
      }
      case "CONNECTION_ID" -> {
        if (noArguments) {
          read(RewritePoint.Target.CONNECTION_ID, StatementPlan.CONNECTION_ID_READ, i, i + 2);
        }
      }
      default -> {}
    }
  }

  private void read(RewritePoint.Target target, int flag, int first, int last) {
    flags |= flag;
    reads.add(new RewritePoint(target, t.start(first), t.end(last)));
    rewrittenReads++;
  }

  private void userVariable(int i, boolean intoList, boolean variablesWritten) {
    boolean assigned = intoList || t.type(i + 1) == Token.ASSIGN;
    if (assigned || variablesWritten) {
      flags |= StatementPlan.USER_VARIABLE_WRITE;
    }
    if (!assigned) {
      flags |= StatementPlan.USER_VARIABLE_READ;
      if (isLimitOperand(i)) {
        // MySQL rejects a variable there; a literal would make the statement succeed.
        flags |= StatementPlan.USER_VARIABLE_ON_CONNECTION;
      }
      variableReads.add(new VariableRead(Names.userVariable(t.text(i)), t.start(i), t.end(i)));
      rewrittenReads++;
    }
  }

  /** {@code LIMIT @a}, {@code LIMIT n, @a}, {@code OFFSET @a}. */
  private boolean isLimitOperand(int i) {
    return t.isAnyWord(i - 1, "LIMIT", "OFFSET")
        || (t.type(i - 1) == Token.COMMA && t.isWord(i - 3, "LIMIT"));
  }

  private void systemVariable(int i) {
    flags |= StatementPlan.SYSTEM_VARIABLE_READ;
    String[] variable = Names.systemVariable(t.text(i));
    switch (variable[1]) {
      case "identity", "last_insert_id" ->
          read(RewritePoint.Target.IDENTITY, StatementPlan.LAST_INSERT_ID_READ, i, i);
      case "warning_count", "error_count" -> {
        // MySQL refuses them in any other scope, with its own error.
        if (variable[0] == null || variable[0].equals("session") || variable[0].equals("local")) {
          read(
              variable[1].equals("warning_count")
                  ? RewritePoint.Target.WARNING_COUNT
                  : RewritePoint.Target.ERROR_COUNT,
              StatementPlan.DIAGNOSTICS_READ,
              i,
              i);
        }
      }
      default -> {}
    }
  }

  /**
   * The select lists open at each parenthesis depth during a scan. When an item that reads a
   * rewritten value ends without an alias, it gets one: its original text (see {@link
   * SelectAlias}).
   */
  private final class SelectLists {
    private int[] depths = new int[4];
    private int[] itemStarts = new int[4];
    private int[] readMarks = new int[4];
    private int top = -1;

    void open(int depth, int firstItem) {
      if (++top == depths.length) {
        depths = Arrays.copyOf(depths, top * 2);
        itemStarts = Arrays.copyOf(itemStarts, top * 2);
        readMarks = Arrays.copyOf(readMarks, top * 2);
      }
      depths[top] = depth;
      itemStarts[top] = firstItem;
      readMarks[top] = rewrittenReads;
    }

    void comma(int depth, int i) {
      if (top >= 0 && depths[top] == depth) {
        finishItem(i);
        itemStarts[top] = i + 1;
        readMarks[top] = rewrittenReads;
      }
    }

    void end(int depth, int i) {
      if (top >= 0 && depths[top] == depth) {
        finishItem(i);
        top--;
      }
    }

    /** A parenthesis closed, leaving {@code depth}: lists opened deeper end. */
    void close(int depth, int i) {
      while (top >= 0 && depths[top] > depth) {
        finishItem(i);
        top--;
      }
    }

    void closeAll(int to) {
      while (top >= 0) {
        finishItem(to);
        top--;
      }
    }

    private void finishItem(int end) {
      int start = itemStarts[top];
      if (rewrittenReads > readMarks[top] && end > start && !SelectAlias.present(t, start, end)) {
        aliases.add(Splice.insert(t.end(end - 1), SelectAlias.forItem(t, start, end)));
        for (int i = start; i < end; i++) {
          if (t.type(i) == Token.PLACEHOLDER) {
            flags |= StatementPlan.PLACEHOLDER_IN_RENAMED_ITEM;
          }
        }
      }
    }
  }
}
