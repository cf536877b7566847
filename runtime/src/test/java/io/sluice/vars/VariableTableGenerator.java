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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

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
 * The carrier follows from those and from the policy, {@link VariablePolicy#RESOURCE}: its
 * emulated, reserve and note rows.
 *
 * <p>Run it from the repository's root, on the embedded MySQL 8.0.31, or on any server with {@code
 * -Dsluice.vars.url=jdbc:mysql://host:port/?sslMode=DISABLED -Dsluice.vars.user=root
 * -Dsluice.vars.password=...}:
 *
 * <pre>
 * mvn -B -q -pl runtime -am test -Dtest=VariableTableGenerator -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dsluice.vars.regenerate=src/main/resources/io/sluice/vars/mysql-8.0.tsv
 * </pre>
 *
 * The path is the runtime module's; {@code git diff} then shows what changed.
 */
class VariableTableGenerator {
  private static final int READ_ONLY = 1238;
  private static final int GLOBAL_ONLY = 1229;
  private static final int SESSION_READ_ONLY = 1621;
  private static final int NOT_HINT_ELIGIBLE = 3637;
  private static final int HINT_SYNTAX_ERROR = 1064;

  private static final VariablePolicy POLICY = VariablePolicy.load();

  /**
   * Writes the table to the file named by the system property {@code sluice.vars.regenerate},
   * measured on the embedded MySQL 8.0.31 or on the server {@code sluice.vars.url} names (with
   * {@code sluice.vars.user} and {@code sluice.vars.password}). Without the property it does
   * nothing: it is a command, not a test.
   */
  @Test
  @EnabledIfSystemProperty(named = "sluice.vars.regenerate", matches = ".+")
  void regenerate() throws IOException, SQLException {
    String url = System.getProperty("sluice.vars.url", "");
    Supplier<Connection> server =
        url.isEmpty()
            ? () -> connect(() -> EmbeddedMysql.shared().rootConnection())
            : () ->
                connect(
                    () ->
                        DriverManager.getConnection(
                            url,
                            System.getProperty("sluice.vars.user", "root"),
                            System.getProperty("sluice.vars.password", "")));
    Path out = Path.of(System.getProperty("sluice.vars.regenerate"));
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
    for (VariablePolicy.Rule rule : VariablePolicy.Rule.values()) {
      for (VariablePolicy.Row row : POLICY.rows(rule)) {
        if (!values.containsKey(row.name()) && !row.name().endsWith("*")) {
          System.err.println(
              "Not on this server (" + rule.name().toLowerCase(Locale.ROOT) + "): " + row.name());
        }
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
    String emulated = POLICY.why(VariablePolicy.Rule.EMULATED, name);
    String reserved = POLICY.why(VariablePolicy.Rule.RESERVE, name);
    if (emulated != null) {
      carrier = Carrier.EMULATED;
      why = emulated;
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
      String note = POLICY.why(VariablePolicy.Rule.NOTE, name);
      why = note == null ? "" : note;
    }
    return new SystemVariable(name, scope, setError != READ_ONLY, hint.eligible(), carrier, why);
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
