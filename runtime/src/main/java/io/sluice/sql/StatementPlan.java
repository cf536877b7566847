package io.sluice.sql;

import java.util.List;

/**
 * What Sluice knows about one SQL text: its kind, its flags, what it sets, where session values
 * must be spliced in, and what that means for the session that runs it. Immutable and shared: a
 * {@link PlanCache} hands the same plan to every session that runs the same text.
 *
 * <p>The flags are bits of an {@code int}; {@link #has(int)} tests one. Each says why it matters.
 */
public final class StatementPlan {
  /**
   * {@code @x} is read (outside strings and comments, not assigned). User variables live in the
   * session, which splices their values in as literals (a pooled connection has none, or another
   * session's).
   */
  public static final int USER_VARIABLE_READ = 1;

  /**
   * A user variable is assigned inside a statement: {@code @x :=}, {@code INTO @x}, a CALL's or a
   * LOAD DATA's variable arguments. The value would stay behind on the physical connection. (The
   * assignments of a SET are {@link #setAssignments()}, which the session carries itself.)
   */
  public static final int USER_VARIABLE_WRITE = 1 << 1;

  /**
   * {@code @@x} is read. Right on a connection carrying the session's settings; listed so that
   * later work can answer variables the session changed itself.
   */
  public static final int SYSTEM_VARIABLE_READ = 1 << 2;

  /**
   * GET_LOCK, RELEASE_LOCK, RELEASE_ALL_LOCKS, IS_FREE_LOCK or IS_USED_LOCK is called (also inside
   * an executable comment). User locks belong to one connection, and the server's session tracker
   * does not report them.
   */
  public static final int LOCK_FUNCTION = 1 << 3;

  /**
   * LOCK TABLES, LOCK INSTANCE FOR BACKUP, FLUSH TABLES ... WITH READ LOCK or FOR EXPORT: locks
   * that outlive the statement, held by one connection.
   */
  public static final int TABLE_LOCK = 1 << 4;

  /** CREATE or DROP TEMPORARY TABLE. A temporary table lives on one connection. */
  public static final int TEMPORARY_TABLE = 1 << 5;

  /**
   * LAST_INSERT_ID() without arguments, {@code @@identity} or {@code @@last_insert_id}: the value
   * of the app's own last insert, which the session tracks; rewritten to a literal.
   */
  public static final int LAST_INSERT_ID_READ = 1 << 6;

  /**
   * LAST_INSERT_ID(expr): sets the value later reads return, on the connection that runs it; the
   * session cannot see it from the result.
   */
  public static final int LAST_INSERT_ID_WRITE = 1 << 7;

  /** ROW_COUNT(): the previous statement's count, which the session tracks; rewritten. */
  public static final int ROW_COUNT_READ = 1 << 8;

  /** FOUND_ROWS(): the previous SELECT's row count, which the session tracks; rewritten. */
  public static final int FOUND_ROWS_READ = 1 << 9;

  /**
   * SQL_CALC_FOUND_ROWS: the FOUND_ROWS() that follows reports a count only the server knows, so
   * the session must read it on the same connection before giving the connection back.
   */
  public static final int CALC_FOUND_ROWS = 1 << 10;

  /**
   * GET DIAGNOSTICS, or a SHOW WARNINGS/ERRORS form the session does not answer itself: they
   * report the previous statement of the same connection.
   */
  public static final int DIAGNOSTICS = 1 << 11;

  /**
   * The statement commits an open transaction before it runs ("Statements That Cause an Implicit
   * Commit", checked on 8.0.31): DDL except CREATE/DROP TEMPORARY TABLE, BEGIN, START TRANSACTION,
   * LOCK TABLES, FLUSH, GRANT, REVOKE, account statements, SET PASSWORD, SET DEFAULT ROLE, ANALYZE,
   * OPTIMIZE, REPAIR, CHECK TABLE, CACHE INDEX, LOAD INDEX, RESET (not RESET PERSIST), replication
   * control, INSTALL/UNINSTALL PLUGIN. Not set for the two that commit only in some session states,
   * which the session knows: SET autocommit = 1 (when it was 0) and UNLOCK TABLES (when tables were
   * locked).
   */
  public static final int IMPLICIT_COMMIT = 1 << 12;

  /**
   * More than one non-empty statement separated by top-level {@code ;} (with allowMultiQueries).
   * Flags are the union of all statements'; the kind is the first one's.
   */
  public static final int MULTI_STATEMENT = 1 << 13;

  /** FOR UPDATE, FOR SHARE, LOCK IN SHARE MODE: row locks, meaningful inside a transaction. */
  public static final int LOCKING_READ = 1 << 14;

  /**
   * COMMIT or ROLLBACK with AND CHAIN (a new transaction starts on the same connection) or RELEASE
   * (the server closes the connection).
   */
  public static final int CHAIN_OR_RELEASE = 1 << 15;

  /** SET [scope] TRANSACTION ...: transaction characteristics, which the session emulates. */
  public static final int SET_TRANSACTION = 1 << 16;

  /** SET autocommit (session scope), which the session emulates as setAutoCommit. */
  public static final int SET_AUTOCOMMIT = 1 << 17;

  /** SET ROLE or SET RESOURCE GROUP: state of the session Sluice does not carry. */
  public static final int SESSION_STATE_CHANGE = 1 << 18;

  /**
   * The text cannot be classified safely: a lexer error (unterminated string or comment, NUL
   * outside a string), an unknown statement, a malformed form of a statement whose meaning depends
   * on its exact form. It goes to MySQL unchanged.
   */
  public static final int UNPARSED = 1 << 19;

  /**
   * A user variable is read where its value cannot be spliced in: in a statement kind other than
   * SELECT, INSERT, UPDATE, DELETE, REPLACE, DO and SET (a view's definition, PREPARE...), in
   * several statements at once, or as a LIMIT operand (which MySQL rejects). The variables must be
   * on the connection.
   */
  public static final int USER_VARIABLE_ON_CONNECTION = 1 << 20;

  /**
   * A select-list item given its original name as an alias holds a {@code ?}: MySQL names the
   * column after the text it receives, which for a client-side prepared statement has the
   * parameter's literal there, and for a server-side one the {@code ?}.
   */
  public static final int PLACEHOLDER_IN_RENAMED_ITEM = 1 << 21;

  /**
   * CONNECTION_ID(): the session's own id, stable for its whole life, where MySQL would give the
   * id of whichever physical connection runs the statement; rewritten.
   */
  public static final int CONNECTION_ID_READ = 1 << 22;

  /**
   * {@code @@warning_count} or {@code @@error_count} (session scope): the previous statement's
   * counts, which the session keeps; rewritten.
   */
  public static final int DIAGNOSTICS_READ = 1 << 23;

  /**
   * SHOW WARNINGS, SHOW ERRORS (with an optional {@code LIMIT [offset,] count}), SHOW COUNT(*)
   * WARNINGS or ERRORS, alone: answered from the diagnostics the session kept of its previous
   * statement ({@link #showDiagnostics()}).
   */
  public static final int DIAGNOSTICS_SHOW = 1 << 24;

  /**
   * An INSERT, REPLACE, UPDATE or DELETE that may count rows of a query or of several tables
   * (INSERT ... SELECT, a join, a subquery): FOUND_ROWS() after it is what only the server counted.
   */
  public static final int ROWS_FROM_QUERY = 1 << 25;

  private final String sql;
  private final LexerMode mode;
  private final StatementKind kind;
  private final int flags;
  private final int statementCount;
  private final String useSchema;
  private final String temporaryTable;
  private final InsertTarget insertTarget;
  private final List<SetAssignment> setAssignments;
  private final List<RewritePoint> functionReads;
  private final List<VariableRead> userVariableReads;
  private final List<VariableRead> userVariableTargets;
  private final List<Splice> splices;
  private final Kill kill;
  private final ShowDiagnostics showDiagnostics;
  private final int hintOffset;
  private final int hintCommentStart;
  private final int hintCommentEnd;
  private final Route route;
  // Computed on first use; a racing second computation yields an equal String.
  private String digest;

  StatementPlan(
      String sql,
      LexerMode mode,
      StatementKind kind,
      int flags,
      int statementCount,
      String useSchema,
      String temporaryTable,
      InsertTarget insertTarget,
      List<SetAssignment> setAssignments,
      List<RewritePoint> functionReads,
      List<VariableRead> userVariableReads,
      List<VariableRead> userVariableTargets,
      List<Splice> splices,
      Kill kill,
      ShowDiagnostics showDiagnostics,
      int hintOffset,
      int hintCommentStart,
      int hintCommentEnd) {
    this.sql = sql;
    this.mode = mode;
    this.kind = kind;
    this.flags = flags;
    this.statementCount = statementCount;
    this.useSchema = useSchema;
    this.temporaryTable = temporaryTable;
    this.insertTarget = insertTarget;
    this.setAssignments = List.copyOf(setAssignments);
    this.functionReads = List.copyOf(functionReads);
    this.userVariableReads = List.copyOf(userVariableReads);
    this.userVariableTargets = List.copyOf(userVariableTargets);
    this.splices = List.copyOf(splices);
    this.kill = kill;
    this.showDiagnostics = showDiagnostics;
    this.hintOffset = hintOffset;
    this.hintCommentStart = hintCommentStart;
    this.hintCommentEnd = hintCommentEnd;
    this.route = SessionRules.route(kind, flags, statementCount, this.setAssignments);
  }

  /**
   * The plan of a text the server will reject unread (several statements where the driver does
   * not allow them): sent as written, nothing spliced or hinted, no history or reservation.
   */
  public static StatementPlan rejected(StatementPlan plan) {
    return new StatementPlan(
        plan.sql, plan.mode, StatementKind.OTHER, 0, 1, null, null, null, List.of(), List.of(),
        List.of(), List.of(), List.of(), null, null, -1, -1, -1);
  }

  /** The SQL text as the app wrote it. */
  public String sql() {
    return sql;
  }

  /** What the statement is (the first one's, for several). */
  public StatementKind kind() {
    return kind;
  }

  /** All flags, as bits. */
  public int flags() {
    return flags;
  }

  /** Whether {@code flag} (one of this class's constants, or several or-ed: any of them) is set. */
  public boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /**
   * How many non-empty statements the text holds: 0 for {@link StatementKind#EMPTY}, 1 for a text
   * the lexer could not read.
   */
  public int statementCount() {
    return statementCount;
  }

  /** Where the statement goes, decided once by {@link SessionRules} with the plan. */
  public Route route() {
    return route;
  }

  /** What the statement means for the session; {@link SessionRules} is the table. */
  public Consequence consequence() {
    return route.consequence();
  }

  /** Why the session needs a reserved connection for this statement, or null if it does not. */
  public ReserveReason reserveReason() {
    return route.reason();
  }

  /** For USE: the schema, without quotes, case as written; null otherwise. */
  public String useSchema() {
    return useSchema;
  }

  /**
   * For CREATE TEMPORARY TABLE: the table's name as written ({@code t}, {@code db.`t`}); null
   * otherwise.
   */
  public String temporaryTable() {
    return temporaryTable;
  }

  /**
   * For a single INSERT or REPLACE with an explicit column list: its table and columns; null
   * otherwise ({@link InsertTarget} says which forms have one).
   */
  public InsertTarget insertTarget() {
    return insertTarget;
  }

  /** For SET: the assignments in order; empty otherwise (and for SET PASSWORD, ROLE, ...). */
  public List<SetAssignment> setAssignments() {
    return setAssignments;
  }

  /** Where LAST_INSERT_ID(), ROW_COUNT(), FOUND_ROWS(), {@code @@identity} are read, in order. */
  public List<RewritePoint> functionReads() {
    return functionReads;
  }

  /** Where user variables are read, in order. */
  public List<VariableRead> userVariableReads() {
    return userVariableReads;
  }

  /** For SET: where the user variables it assigns are named, in order; empty otherwise. */
  public List<VariableRead> userVariableTargets() {
    return userVariableTargets;
  }

  /** For {@code KILL [CONNECTION | QUERY] n} alone, with n a number or CONNECTION_ID(); else null. */
  public Kill kill() {
    return kill;
  }

  /** For a statement flagged {@link #DIAGNOSTICS_SHOW}: what it asks; null otherwise. */
  public ShowDiagnostics showDiagnostics() {
    return showDiagnostics;
  }

  /** Whether {@link #rewrite} changes the text: it reads values the session tracks. */
  public boolean needsRewrite() {
    return !splices.isEmpty();
  }

  /**
   * The text to send instead, with the session's values spliced in as literals that keep MySQL's
   * result metadata, and rewritten select-list items aliased to their original column names. The
   * text itself when nothing needs rewriting.
   */
  public String rewrite(SessionValues values) {
    return splices.isEmpty() ? sql : Splice.apply(sql, splices, values);
  }

  /**
   * {@link #rewrite(SessionValues)}, carrying optimizer hints and renaming assigned user
   * variables.
   *
   * @param hints null for none, else hints (such as {@code SET_VAR(sql_mode = ' ')}) for the
   *     statement's hint comment: merged into the one it has (MySQL applies only the first), or in
   *     a new one after the first keyword; only for a plan whose {@link #hintOffset()} is not -1
   * @param prefix null for none, else text to put before the statement (MariaDB's {@code SET
   *     STATEMENT ... FOR }); only for a plan whose {@link #hintOffset()} is not -1
   * @param targets null, or for SET the text that replaces each of {@link #userVariableTargets()}
   */
  public String rewrite(SessionValues values, String hints, String prefix, List<String> targets) {
    if (hints == null && prefix == null && targets == null) {
      return rewrite(values);
    }
    java.util.ArrayList<Splice> all = new java.util.ArrayList<>(splices);
    if (prefix != null) {
      all.add(Splice.insert(0, prefix));
    }
    if (hints != null) {
      all.add(
          hintCommentStart >= 0
              ? Splice.insert(hintCommentEnd - 2, " " + hints + " ")
              : Splice.insert(hintOffset, " /*+ " + hints + " */"));
    }
    if (targets != null) {
      for (int i = 0; i < targets.size(); i++) {
        VariableRead target = userVariableTargets.get(i);
        all.add(new Splice(target.start(), target.end(), null, null, targets.get(i)));
      }
    }
    all.sort(java.util.Comparator.comparingInt(Splice::start).thenComparingInt(Splice::end));
    return Splice.apply(sql, all, values);
  }

  /** The statement's own optimizer hint comment, or null when it has none. */
  public String hintComment() {
    return hintCommentStart < 0 ? null : sql.substring(hintCommentStart, hintCommentEnd);
  }

  /**
   * Where an optimizer hint comment goes: just after the first keyword of a SELECT, INSERT,
   * REPLACE, UPDATE or DELETE (after the CTEs for WITH). -1 when the statement cannot carry one.
   */
  public int hintOffset() {
    return hintOffset;
  }

  /**
   * Where the statement's optimizer hint comment {@code /*+ ... *}{@code /} starts, when it has one
   * at {@link #hintOffset()}; -1 otherwise. MySQL applies only that comment, so SET_VAR must be
   * merged into it, never added as a second one.
   */
  public int hintCommentStart() {
    return hintCommentStart;
  }

  /** Where that hint comment ends (after its {@code *}{@code /}); -1 when there is none. */
  public int hintCommentEnd() {
    return hintCommentEnd;
  }

  /**
   * The statement with literals replaced by {@code ?}, comments and hints dropped and whitespace
   * normalised: safe for logs and JMX, it never shows a value.
   */
  public String digest() {
    String d = digest;
    if (d == null) {
      d = Digest.of(sql, mode);
      digest = d;
    }
    return d;
  }

  @Override
  public String toString() {
    return kind + SessionRules.flagNames(flags) + " " + route + ": " + digest();
  }
}
