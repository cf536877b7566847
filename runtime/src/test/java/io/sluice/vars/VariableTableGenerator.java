package io.sluice.vars;

import io.sluice.testkit.EmbeddedMysql;
import io.sluice.vars.SystemVariable.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Measures the rules table ({@link SystemVariables#RESOURCE}) on a real server, so that it can be
 * made again for another version. For each variable in {@code performance_schema.variables_info},
 * on a fresh connection of its own:
 *
 * <ul>
 *   <li>scope: whether {@code SELECT @@session.x} and {@code SELECT @@global.x} work (each fails
 *       with 1238 where that scope does not exist);
 *   <li>dynamic and session-settable: {@code SET SESSION x = <current value>} ({@code DEFAULT}
 *       where the value cannot be written as a literal): 1238 read-only, 1229 global only, 1621
 *       session value read-only;
 *   <li>set_var: {@code SELECT /*+ SET_VAR(x = <current value>) *}{@code / 1} then {@code SHOW
 *       WARNINGS}: 3637 means not hint-eligible. Where the value cannot be written, the probe uses
 *       {@code 0}: a warning about the value still shows that the hint was accepted.
 * </ul>
 *
 * The carrier follows from those and from this class's rules ({@link #RESERVED}, {@link #NOTES}).
 *
 * <p>Run it from the runtime module, on the embedded MySQL 8.0.31 or on any server given by URL:
 *
 * <pre>
 * mvn -B -o -q -pl runtime -am test-compile
 * mvn -B -o -q -pl runtime dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * cd runtime
 * java -cp "target/classes:target/test-classes:../testkit/target/classes:$(cat /tmp/cp.txt)" \
 *   io.sluice.vars.VariableTableGenerator src/main/resources/io/sluice/vars/mysql-8.0.tsv \
 *   [jdbc:mysql://host:port/?sslMode=DISABLED user password]
 * </pre>
 */
public final class VariableTableGenerator {
  private static final int READ_ONLY = 1238;
  private static final int GLOBAL_ONLY = 1229;
  private static final int SESSION_READ_ONLY = 1621;
  private static final int NOT_HINT_ELIGIBLE = 3637;
  private static final int HINT_SYNTAX_ERROR = 1064;

  /** Kept by the session as JDBC state (tx_* are MySQL 5.7's names of the last two). */
  private static final Map<String, String> EMULATED =
      Map.of(
          "autocommit", "JDBC state: Connection.setAutoCommit",
          "transaction_isolation", "JDBC state: Connection.setTransactionIsolation",
          "transaction_read_only", "JDBC state: Connection.setReadOnly",
          "tx_isolation", "JDBC state: Connection.setTransactionIsolation",
          "tx_read_only", "JDBC state: Connection.setReadOnly");

  private static final String REPLICATION =
      "replication-internal, set by the applier and mysqlbinlog output: ";
  private static final String TRACKERS =
      "Sluice needs the server's session-state trackers on its own connections as it set them";

  /** Session-settable variables that need a reserved connection, by name or by name prefix (*). */
  private static final Map<String, String> RESERVED =
      Map.ofEntries(
          Map.entry(
              "timestamp",
              "after SET timestamp = DEFAULT @@timestamp reads the moving clock: no value to"
                  + " capture and re-apply"),
          Map.entry("insert_id", "consumed by the connection's next insert"),
          Map.entry("last_insert_id", "is the connection's LAST_INSERT_ID(), replaced by inserts"),
          Map.entry("identity", "synonym of last_insert_id"),
          Map.entry("rand_seed1", "seeds the connection's next RAND(), then is consumed"),
          Map.entry("rand_seed2", "seeds the connection's next RAND(), then is consumed"),
          Map.entry("gtid_next", "names the connection's next transaction and is consumed by it"),
          Map.entry("pseudo_thread_id", REPLICATION + "names one connection's temporary tables"),
          Map.entry("pseudo_replica_mode", REPLICATION + "the connection acts as an applier"),
          Map.entry("pseudo_slave_mode", REPLICATION + "the connection acts as an applier"),
          Map.entry("original_commit_timestamp", REPLICATION + "describes the next transaction"),
          Map.entry("immediate_server_version", REPLICATION + "describes the next transaction"),
          Map.entry("original_server_version", REPLICATION + "describes the next transaction"),
          Map.entry("require_row_format", REPLICATION + "the connection accepts row events only"),
          Map.entry("rbr_exec_mode", REPLICATION + "governs the BINLOG statements of a replay"),
          Map.entry(
              "default_collation_for_utf8mb4",
              REPLICATION + "comes with pseudo_thread_id and timestamp in a binary log replay"),
          Map.entry(
              "sql_log_bin",
              "unlogged writes must never leak to another session through a pooled connection"
                  + " (replicas would silently diverge); MySQL also refuses it inside a"
                  + " transaction"),
          Map.entry(
              "completion_type",
              "makes COMMIT chain a new transaction or drop the connection; Sluice's transaction"
                  + " handling expects a plain COMMIT"),
          Map.entry(
              "sql_auto_is_null",
              "WHERE auto_increment_column IS NULL then reads the connection's last insert id,"
                  + " on a shared connection another session's"),
          Map.entry(
              "resultset_metadata",
              "changes the result-set protocol (NONE drops column metadata) Connector/J reads"),
          Map.entry("transaction_allow_batching", "NDB batches one connection's transaction"),
          Map.entry("profiling*", "SHOW PROFILES lists the statements of one connection"),
          Map.entry(
              "optimizer_trace*",
              "INFORMATION_SCHEMA.OPTIMIZER_TRACE holds the statements of one connection"),
          Map.entry("session_track_*", TRACKERS),
          Map.entry("debug", "debug builds only: the DBUG state of one connection"));

  /** Why a carrier is what it is, where the obvious reading would mislead. */
  private static final Map<String, String> NOTES =
      Map.ofEntries(
          Map.entry(
              "sql_mode",
              "a hint applies after parsing: a value differing from the baseline in ANSI_QUOTES,"
                  + " PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES, IGNORE_SPACE, HIGH_NOT_PRECEDENCE or"
                  + " REAL_AS_FLOAT needs SETTINGS; '' is written ' ' in a hint"),
          Map.entry("time_zone", "hint-eligible on 8.0.31, though Vitess treats it as a setting"),
          Map.entry(
              "max_join_size", "setting it also sets sql_big_selects: the session reads both back"),
          Map.entry(
              "wait_timeout",
              "MySQL may close an idle pooled connection carrying a short value: the pool"
                  + " validates before reuse"),
          Map.entry(
              "character_set_client",
              "governs how the statement text is read, so never a hint; a plain setting as on"
                  + " the app's own connection"),
          Map.entry(
              "character_set_results",
              "a plain setting: applying it with SQL is what the app's own connection does"),
          Map.entry(
              "character_set_connection", "setting it also sets collation_connection: read both"),
          Map.entry(
              "collation_connection", "setting it also sets character_set_connection: read both"),
          Map.entry("character_set_database", "setting it also sets collation_database: read both"),
          Map.entry("collation_database", "setting it also sets character_set_database: read both"),
          Map.entry("character_set_server", "setting it also sets collation_server: read both"),
          Map.entry("collation_server", "setting it also sets character_set_server: read both"));

  private VariableTableGenerator() {}

  /**
   * Writes the table measured on the embedded MySQL 8.0.31, or on the server given by URL.
   *
   * @param args the output file, then optionally a JDBC URL, user and password
   */
  public static void main(String[] args) throws IOException, SQLException {
    Path out = Path.of(args.length > 0 ? args[0] : "src/main/resources" + SystemVariables.RESOURCE);
    Supplier<Connection> server =
        args.length > 1
            ? () -> connect(() -> DriverManager.getConnection(args[1], args[2], args[3]))
            : () -> connect(() -> EmbeddedMysql.shared().rootConnection());
    List<SystemVariable> table = measure(server);
    Files.writeString(out, render(version(server), table), StandardCharsets.UTF_8);
    System.out.println("Wrote " + table.size() + " variables to " + out.toAbsolutePath());
  }

  private static List<SystemVariable> measure(Supplier<Connection> server) throws SQLException {
    Map<String, String> values = new TreeMap<>();
    try (Connection connection = server.get();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT i.VARIABLE_NAME, s.VARIABLE_VALUE FROM performance_schema.variables_info i"
                    + " LEFT JOIN performance_schema.session_variables s USING (VARIABLE_NAME)")) {
      while (rows.next()) {
        values.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2));
      }
    }
    List<SystemVariable> table = new ArrayList<>();
    for (Map.Entry<String, String> variable : values.entrySet()) {
      try (Connection connection = server.get();
          Statement statement = connection.createStatement()) {
        table.add(measure(statement, variable.getKey(), variable.getValue()));
      }
    }
    for (String name : EMULATED.keySet()) {
      if (!values.containsKey(name)) {
        System.err.println("Not on this server (emulated): " + name);
      }
    }
    for (String name : RESERVED.keySet()) {
      if (!values.containsKey(name) && !name.endsWith("*")) {
        System.err.println("Not on this server (reserved): " + name);
      }
    }
    return table;
  }

  private static SystemVariable measure(Statement statement, String name, String value)
      throws SQLException {
    boolean session = readable(statement, "@@session." + name);
    boolean global = readable(statement, "@@global." + name);
    Scope scope = session && global ? Scope.BOTH : session ? Scope.SESSION : Scope.GLOBAL;
    String literal = SetVarSupport.literal(name, value);
    int setError = setSession(statement, name, literal);
    HintOutcome hint = hint(statement, name, literal);
    boolean settable = setError == 0;
    Carrier carrier;
    String why;
    String reserved = reservedWhy(name);
    if (EMULATED.containsKey(name)) {
      carrier = Carrier.EMULATED;
      why = EMULATED.get(name);
    } else if (!settable) {
      carrier = Carrier.SERVER;
      why =
          switch (setError) {
            case READ_ONLY -> "read-only";
            case GLOBAL_ONLY -> "global only";
            case SESSION_READ_ONLY -> "session value read-only: SET GLOBAL changes it";
            default -> throw new IllegalStateException(name + ": SET SESSION failed " + setError);
          };
    } else if (reserved != null) {
      carrier = Carrier.RESERVE;
      why = reserved;
    } else if (hint.eligible() && literal == null) {
      carrier = Carrier.SETTINGS;
      why = "hint-eligible, but its value cannot be written in a hint";
    } else if (hint.eligible() && !hint.warnings().isEmpty()) {
      // A hint is re-sent with every statement, and so would its warning be.
      carrier = Carrier.SETTINGS;
      why = "hint-eligible, but the hint warns on every statement: " + hint.warnings();
    } else {
      carrier = hint.eligible() ? Carrier.SET_VAR : Carrier.SETTINGS;
      why = NOTES.getOrDefault(name, "");
    }
    return new SystemVariable(name, scope, setError != READ_ONLY, hint.eligible(), carrier, why);
  }

  private static String reservedWhy(String name) {
    String why = RESERVED.get(name);
    if (why == null) {
      for (Map.Entry<String, String> rule : RESERVED.entrySet()) {
        String key = rule.getKey();
        if (key.endsWith("*") && name.startsWith(key.substring(0, key.length() - 1))) {
          return rule.getValue();
        }
      }
    }
    return why;
  }

  private static boolean readable(Statement statement, String expression) throws SQLException {
    try {
      statement.executeQuery("SELECT " + expression).close();
      return true;
    } catch (SQLException e) {
      if (e.getErrorCode() == READ_ONLY) { // "is a SESSION/GLOBAL variable"
        return false;
      }
      throw e;
    }
  }

  /** The error code of {@code SET SESSION name = value}, 0 when it worked. */
  private static int setSession(Statement statement, String name, String literal) {
    int error = trySet(statement, name, literal == null ? "DEFAULT" : literal);
    if (error != 0
        && literal != null
        && !Set.of(READ_ONLY, GLOBAL_ONLY, SESSION_READ_ONLY).contains(error)) {
      error = trySet(statement, name, "DEFAULT");
    }
    return error;
  }

  private static int trySet(Statement statement, String name, String value) {
    try {
      statement.execute("SET SESSION " + name + " = " + value);
      return 0;
    } catch (SQLException e) {
      return e.getErrorCode();
    }
  }

  /** What a hint carrying the variable draws: refused, or accepted with these warnings. */
  private record HintOutcome(boolean eligible, String warnings) {}

  private static HintOutcome hint(Statement statement, String name, String literal)
      throws SQLException {
    String value = literal == null ? "0" : literal;
    statement.executeQuery("SELECT /*+ SET_VAR(" + name + " = " + value + ") */ 1").close();
    List<String> warnings = new ArrayList<>();
    boolean refused = false;
    boolean syntaxError = false;
    try (ResultSet rows = statement.executeQuery("SHOW WARNINGS")) {
      while (rows.next()) {
        refused |= rows.getInt("Code") == NOT_HINT_ELIGIBLE;
        syntaxError |= rows.getInt("Code") == HINT_SYNTAX_ERROR;
        warnings.add(rows.getInt("Code") + " " + rows.getString("Message"));
      }
    }
    if (syntaxError && literal != null) {
      throw new IllegalStateException(name + ": SetVarSupport.literal wrote a bad hint " + value);
    }
    return new HintOutcome(!refused, String.join("; ", warnings));
  }

  private static String version(Supplier<Connection> server) throws SQLException {
    try (Connection connection = server.get();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT VERSION()")) {
      row.next();
      return row.getString(1);
    }
  }

  private static String render(String version, List<SystemVariable> table) {
    StringBuilder text =
        new StringBuilder()
            .append("# The system variables of MySQL ")
            .append(version)
            .append(" and how Sluice carries a session SET of each.\n")
            .append("# Measured by io.sluice.vars.VariableTableGenerator (runtime tests): ")
            .append("regenerate, do not edit.\n")
            .append(SystemVariables.HEADER)
            .append('\n');
    for (SystemVariable v : table) {
      if (v.why().contains("\t") || v.why().contains("\n")) {
        throw new IllegalStateException("A why must fit one cell: " + v.why());
      }
      text.append(v.name())
          .append('\t')
          .append(v.scope().name().toLowerCase(Locale.ROOT))
          .append('\t')
          .append(v.dynamic())
          .append('\t')
          .append(v.setVar())
          .append('\t')
          .append(v.carrier().name().toLowerCase(Locale.ROOT))
          .append('\t')
          .append(v.why())
          .append('\n');
    }
    return text.toString();
  }

  private interface Connect {
    Connection open() throws SQLException;
  }

  private static Connection connect(Connect connect) {
    try {
      return connect.open();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect: " + e.getMessage(), e);
    }
  }
}
