package io.sluice.vars;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The system variables a session has changed from its tablet's baseline, as a canonical map:
 * names sorted, values as the SQL literals MySQL itself reported after accepting the SET.
 * Immutable; two sessions with equal settings can share a physical connection that carries them.
 *
 * <p>Each variable also records its baseline literal, so that a connection carrying these settings
 * can be put back ({@link #resetSql()}); a reset goes to the values a fresh connection of the
 * tablet has, never to {@code DEFAULT} (which is the global value, and for some variables not even
 * that). The apply statement lists variables in name order: {@code character_set_connection}
 * before {@code collation_connection}, as setting a character set resets its collation.
 */
public final class Settings {
  /** No variable changed. */
  public static final Settings NONE = new Settings(new TreeMap<>());

  /** One changed variable: its value, its baseline, and whether it may ride as a SET_VAR hint. */
  record Value(String literal, String baseline, boolean hintable) {}

  private final TreeMap<String, Value> values;
  private final String applySql;
  private final String resetSql;
  private final String hints;
  private final String statementPrefix;
  /** The map's hash, kept: the shared pool compares settings on every hand-over. */
  private final int hash;

  private Settings(TreeMap<String, Value> values) {
    this.values = values;
    this.hash = values.hashCode();
    if (values.isEmpty()) {
      applySql = null;
      resetSql = null;
      hints = null;
      statementPrefix = null;
      return;
    }
    StringBuilder apply = new StringBuilder("SET SESSION ");
    StringBuilder reset = new StringBuilder("SET SESSION ");
    StringBuilder hint = new StringBuilder();
    boolean allHintable = true;
    for (Map.Entry<String, Value> e : values.entrySet()) {
      if (apply.length() > 12) {
        apply.append(", ");
        reset.append(", ");
        hint.append(' ');
      }
      String name = e.getKey();
      Value v = e.getValue();
      apply.append(name).append(" = ").append(v.literal);
      reset.append(name).append(" = ").append(v.baseline);
      hint.append("SET_VAR(").append(name).append(" = ").append(hintLiteral(name, v.literal));
      hint.append(')');
      allHintable &= v.hintable;
    }
    applySql = apply.toString();
    resetSql = reset.toString();
    hints = allHintable ? hint.toString() : null;
    statementPrefix = allHintable ? "SET STATEMENT " + apply.substring(12) + " FOR " : null;
  }

  /** MySQL ignores {@code SET_VAR(sql_mode = '')} with a syntax warning; {@code ' '} is empty. */
  private static String hintLiteral(String name, String literal) {
    return literal.equals("''") && name.equals("sql_mode") ? "' '" : literal;
  }

  /**
   * These settings with one variable set to a value MySQL accepted: the variable leaves the
   * settings when the value is its baseline.
   *
   * @param hintable whether the value may ride as a SET_VAR hint on this tablet
   */
  public Settings with(String name, String literal, String baseline, boolean hintable) {
    Value current = values.get(name);
    if (literal.equals(baseline)) {
      return current == null ? this : without(name);
    }
    Value value = new Value(literal, baseline, hintable);
    if (value.equals(current)) {
      return this;
    }
    TreeMap<String, Value> copy = new TreeMap<>(values);
    copy.put(name, value);
    return new Settings(copy);
  }

  private Settings without(String name) {
    TreeMap<String, Value> copy = new TreeMap<>(values);
    copy.remove(name);
    return copy.isEmpty() ? NONE : new Settings(copy);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Whether the variable is among these settings. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The literal of a variable among these settings, or null. */
  public String literal(String name) {
    Value value = values.get(name);
    return value == null ? null : value.literal;
  }

  /** The variables' names, sorted. */
  public java.util.Set<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** {@code SET SESSION a = .., b = ..}, or null when empty. */
  public String applySql() {
    return applySql;
  }

  /** {@code SET SESSION a = <baseline>, ..}: what puts a connection back; null when empty. */
  public String resetSql() {
    return resetSql;
  }

  /**
   * {@code SET_VAR(a = ..) SET_VAR(b = ..)} when every variable may ride as a hint; null when
   * one cannot (or there are none).
   */
  public String hints() {
    return hints;
  }

  /**
   * MariaDB's form of {@link #hints()}: {@code SET STATEMENT a = .., b = .. FOR }, to put before
   * the statement; null when a variable cannot ride so (or there are none).
   */
  public String statementPrefix() {
    return statementPrefix;
  }

  /**
   * The statement that turns a connection carrying {@code from} into one carrying these settings:
   * variables only {@code from} has go back to their baselines. Null when nothing changes.
   */
  public String changeFrom(Settings from) {
    if (from.equals(this)) {
      return null;
    }
    if (from.isEmpty()) {
      return applySql;
    }
    StringBuilder sql = new StringBuilder("SET SESSION ");
    int empty = sql.length();
    TreeMap<String, String> change = new TreeMap<>();
    from.values.forEach(
        (name, v) -> {
          if (!values.containsKey(name)) {
            change.put(name, v.baseline);
          }
        });
    values.forEach(
        (name, v) -> {
          Value old = from.values.get(name);
          if (old == null || !old.literal.equals(v.literal)) {
            change.put(name, v.literal);
          }
        });
    change.forEach(
        (name, literal) -> {
          if (sql.length() > empty) {
            sql.append(", ");
          }
          sql.append(name).append(" = ").append(literal);
        });
    return sql.toString();
  }

  @Override
  public boolean equals(Object o) {
    return this == o
        || (o instanceof Settings other && hash == other.hash && values.equals(other.values));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * {@link #hints()} without the variables an application's own hint comment already sets: MySQL
   * keeps the first SET_VAR of a variable and warns about the second, so the application's wins,
   * as on its own connection.
   */
  public String hintsBeside(String applicationHint) {
    String upper = applicationHint.toUpperCase(java.util.Locale.ROOT);
    StringBuilder hint = new StringBuilder();
    for (Map.Entry<String, Value> e : values.entrySet()) {
      String name = e.getKey();
      if (upper.matches("(?s).*SET_VAR\\s*\\(\\s*" + name.toUpperCase(java.util.Locale.ROOT) + "\\b.*")) {
        continue;
      }
      if (hint.length() > 0) {
        hint.append(' ');
      }
      hint.append("SET_VAR(").append(name).append(" = ");
      hint.append(hintLiteral(name, e.getValue().literal)).append(')');
    }
    return hint.toString();
  }

  /** The variables' names only: values stay out of logs. */
  @Override
  public String toString() {
    return "Settings" + values.keySet();
  }
}
