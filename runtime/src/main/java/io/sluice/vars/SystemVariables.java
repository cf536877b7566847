package io.sluice.vars;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The system-variable rules table: for every system variable MySQL 8.0.31 knows, its scope, whether
 * it is dynamic and hint-eligible, and how Sluice carries a session SET of it. Loaded once from the
 * resource {@value #RESOURCE}, which {@code VariableTableGenerator} (runtime's tests) measures on a
 * real server; the rules are data there, not code here.
 *
 * <p>A name the table does not know is a plugin's variable (or one newer than the table): {@link
 * #lookup} returns {@code null} and {@link #carrier} treats it as {@link Carrier#SETTINGS}, since
 * applying the SET with SQL is what the app's own connection does, and MySQL itself rejects a name
 * it does not know when the session's SET runs.
 */
public final class SystemVariables {
  /** The classpath resource holding the table, tab-separated. */
  public static final String RESOURCE = "/io/sluice/vars/mysql-8.0.tsv";

  static final String HEADER = "name\tscope\tdynamic\tset_var\tcarrier\twhy";

  private static final Map<String, SystemVariable> TABLE = load();
  private static final Set<String> HINT_ELIGIBLE = hintEligible(TABLE.values());
  private static final Set<String> CARRIED = carried(TABLE.values());

  private SystemVariables() {}

  /**
   * The variable named {@code name}, or {@code null} for a name not in the table. A lower-case name
   * (as the SQL layer keeps them) is looked up without allocating; others are lower-cased first.
   */
  public static SystemVariable lookup(String name) {
    SystemVariable variable = TABLE.get(name);
    if (variable == null && hasUpperCase(name)) {
      variable = TABLE.get(name.toLowerCase(Locale.ROOT));
    }
    return variable;
  }

  /** How a session SET of {@code name} is carried; {@link Carrier#SETTINGS} for unknown names. */
  public static Carrier carrier(String name) {
    SystemVariable variable = lookup(name);
    return variable == null ? Carrier.SETTINGS : variable.carrier();
  }

  /**
   * The names MySQL 8.0.31 accepts in a {@code SET_VAR} hint, whatever their carrier (a variable
   * whose hint warns on every statement, or that must be reserved, is hint-eligible but not carried
   * as a hint). Which of the {@link Carrier#SET_VAR} ones a given server accepts is {@link
   * SetVarSupport#probe}'s answer.
   */
  public static Set<String> hintEligible() {
    return HINT_ELIGIBLE;
  }

  /**
   * The session variables a session keeps ({@link Carrier#SET_VAR}, {@link Carrier#SETTINGS},
   * {@link Carrier#EMULATED}), whose baseline a tablet captures.
   */
  public static Set<String> carried() {
    return CARRIED;
  }

  /** Every variable in the table, in name order. */
  public static Collection<SystemVariable> all() {
    return Collections.unmodifiableCollection(TABLE.values());
  }

  private static Set<String> carried(Collection<SystemVariable> variables) {
    Set<String> names = new java.util.TreeSet<>();
    for (SystemVariable variable : variables) {
      switch (variable.carrier()) {
        case SET_VAR, SETTINGS, EMULATED -> names.add(variable.name());
        default -> {}
      }
    }
    return Collections.unmodifiableSet(names);
  }

  private static boolean hasUpperCase(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (Character.isUpperCase(name.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> hintEligible(Collection<SystemVariable> variables) {
    Set<String> names = new TreeSet<>();
    for (SystemVariable variable : variables) {
      if (variable.setVar()) {
        names.add(variable.name());
      }
    }
    return Collections.unmodifiableSet(names);
  }

  private static Map<String, SystemVariable> load() {
    try (InputStream in = SystemVariables.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  /** Reads the table: {@code #} lines are comments, the first other line is {@link #HEADER}. */
  static Map<String, SystemVariable> parse(BufferedReader reader) throws IOException {
    // A LinkedHashMap looks up as fast as a HashMap and keeps the file's (name) order for all().
    Map<String, SystemVariable> table = new LinkedHashMap<>();
    TabSeparated.read(
        reader,
        RESOURCE,
        HEADER,
        (cells, line, where) -> {
          SystemVariable variable = row(cells, line, where);
          if (table.put(variable.name(), variable) != null) {
            throw new IllegalStateException(where + ": duplicate " + line);
          }
        });
    return table;
  }

  private static SystemVariable row(String[] cells, String line, String where) {
    if (cells.length != 6 || !cells[0].equals(cells[0].toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException(where + ": malformed row: " + line);
    }
    try {
      return new SystemVariable(
          cells[0],
          SystemVariable.Scope.valueOf(cells[1].toUpperCase(Locale.ROOT)),
          bool(cells[2]),
          bool(cells[3]),
          Carrier.valueOf(cells[4].toUpperCase(Locale.ROOT)),
          cells[5]);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + ": " + e.getMessage() + ": " + line, e);
    }
  }

  private static boolean bool(String cell) {
    return switch (cell) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not true or false: " + cell);
    };
  }
}
