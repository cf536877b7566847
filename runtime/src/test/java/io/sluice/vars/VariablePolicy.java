package io.sluice.vars;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The variable policy, {@value #RESOURCE}: what Sluice decides about system variables that no
 * server measurement shows. {@link VariableTableGenerator} merges it with what it measures; {@code
 * VariablePolicyTest} checks its special-case rows against the code that applies them.
 */
public final class VariablePolicy {
  /** The test resource holding the policy, tab-separated. */
  public static final String RESOURCE = "/io/sluice/vars/variable-policy.tsv";

  static final String HEADER = "rule\tname\tvalue\twhy";

  /** What a row says about the variables its name matches. */
  public enum Rule {
    EMULATED,
    RESERVE,
    NOTE,
    PARSE_FLAG,
    HINT_LITERAL,
    NAMES
  }

  /** One row; a name ending in {@code *} matches every name with that prefix. */
  public record Row(Rule rule, String name, String value, String why) {
    boolean matches(String variable) {
      return name.endsWith("*")
          ? variable.startsWith(name.substring(0, name.length() - 1))
          : variable.equals(name);
    }
  }

  private final List<Row> rows;

  private VariablePolicy(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** The policy checked in with the tests. */
  public static VariablePolicy load() {
    try (InputStream in = VariablePolicy.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + RESOURCE);
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
  }

  static VariablePolicy parse(BufferedReader reader) throws IOException {
    List<Row> rows = new ArrayList<>();
    TabSeparated.read(
        reader,
        RESOURCE,
        HEADER,
        (cells, line, where) -> {
          if (cells.length != 4) {
            throw new IllegalStateException(where + ": malformed row: " + line);
          }
          Rule rule = Rule.valueOf(cells[0].toUpperCase(Locale.ROOT));
          rows.add(new Row(rule, cells[1], cells[2], cells[3]));
        });
    return new VariablePolicy(rows);
  }

  /** The rows of one rule, in the file's order. */
  public List<Row> rows(Rule rule) {
    return rows.stream().filter(row -> row.rule() == rule).toList();
  }

  /**
   * The why of the row of {@code rule} matching {@code variable}, or null where none does. A row
   * naming the variable outright wins over a prefix row.
   */
  public String why(Rule rule, String variable) {
    Row prefixMatch = null;
    for (Row row : rows(rule)) {
      if (row.name().equals(variable)) {
        return row.why();
      }
      if (prefixMatch == null && row.matches(variable)) {
        prefixMatch = row;
      }
    }
    return prefixMatch == null ? null : prefixMatch.why();
  }

  /** The values of the rows of {@code rule} naming {@code variable}, in the file's order. */
  public List<String> values(Rule rule, String variable) {
    return rows(rule).stream().filter(row -> row.name().equals(variable)).map(Row::value).toList();
  }
}
