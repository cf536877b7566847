package com.example.conformance;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What an application can observe, written one line per observation: {@code T|scenario|step|what}.
 * Two runs of the same scenarios, direct and under the agent, must print the same lines.
 *
 * <p>Only what varies between two direct runs is normalised: the milliseconds in Connector/J's
 * communications messages.
 */
final class Transcript {
  private static final Pattern ELAPSED = Pattern.compile("\\d[\\d,]* milliseconds");

  /** A step of a scenario; whatever it throws is an observation too. */
  interface Step {
    void run() throws Exception;
  }

  private final Consumer<String> out;
  private String scenario = "-";

  Transcript(PrintStream out) {
    this(out::println);
  }

  private Transcript(Consumer<String> out) {
    this.out = out;
  }

  /**
   * A transcript for a step that runs on another thread, whose lines wait until {@link #append}
   * puts them here: the order of lines must not depend on which thread prints first.
   */
  Transcript deferred() {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Transcript deferred = new Transcript(lines::add);
    deferred.scenario = scenario;
    deferred.held = lines;
    return deferred;
  }

  /** Prints what a {@link #deferred} transcript held. */
  void append(Transcript deferred) {
    deferred.held.forEach(out);
  }

  private List<String> held = List.of();

  void scenario(String name) {
    scenario = name;
  }

  void line(String step, Object what) {
    out.accept("T|" + scenario + "|" + step + "|" + what);
  }

  /** Runs a step; an exception it throws is recorded as the step's outcome. */
  void run(String step, Step body) {
    try {
      body.run();
    } catch (SQLException e) {
      line(step, error(e));
    } catch (Exception | AssertionError e) {
      line(step, "THROWS " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /** {@code Statement.execute}, then every result it produced and the statement's warnings. */
  void execute(String step, Statement statement, String sql) {
    run(step, () -> results(step, statement, statement.execute(sql)));
  }

  /** {@code executeQuery}, then the rows. */
  void query(String step, Statement statement, String sql) {
    run(
        step,
        () -> {
          try (ResultSet rs = statement.executeQuery(sql)) {
            rows(step, rs);
          }
          warnings(step, statement.getWarnings());
        });
  }

  /** {@code executeUpdate}, then the count and warnings. */
  void update(String step, Statement statement, String sql) {
    run(
        step,
        () -> {
          line(step, "count " + statement.executeUpdate(sql));
          warnings(step, statement.getWarnings());
        });
  }

  /** Every result of an executed statement, as {@code getMoreResults} walks them. */
  void results(String step, Statement statement, boolean isResultSet) throws SQLException {
    for (int i = 0; i < 32; i++) {
      if (isResultSet) {
        try (ResultSet rs = statement.getResultSet()) {
          rows(step, rs);
        }
      } else {
        int count = statement.getUpdateCount();
        if (count == -1) {
          break;
        }
        line(step, "count " + count);
      }
      isResultSet = statement.getMoreResults();
    }
    warnings(step, statement.getWarnings());
  }

  /** A result's columns (label, type, class, precision, scale) and every row's values. */
  void rows(String step, ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    StringBuilder columns = new StringBuilder("columns");
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns
          .append(" [")
          .append(meta.getColumnLabel(i))
          .append(' ')
          .append(meta.getColumnTypeName(i))
          .append(' ')
          .append(meta.getColumnClassName(i))
          .append(' ')
          .append(meta.getPrecision(i))
          .append(',')
          .append(meta.getScale(i))
          .append(']');
    }
    line(step, columns);
    int count = 0;
    while (rs.next()) {
      List<String> values = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        values.add(value(rs.getObject(i)));
      }
      line(step, "row " + values);
      count++;
    }
    line(step, "rows " + count);
  }

  /** The warnings chain: SQLState, code and message of each. */
  void warnings(String step, SQLWarning warning) {
    for (; warning != null; warning = warning.getNextWarning()) {
      line(
          step,
          "warning " + warning.getSQLState() + " " + warning.getErrorCode() + " "
              + warning.getMessage());
    }
  }

  /** The JDBC-visible state of a connection. */
  void state(String step, Connection connection) {
    run(
        step,
        () ->
            line(
                step,
                "state autocommit="
                    + connection.getAutoCommit()
                    + " isolation="
                    + connection.getTransactionIsolation()
                    + " readOnly="
                    + connection.isReadOnly()
                    + " catalog="
                    + connection.getCatalog()
                    + " closed="
                    + connection.isClosed()));
  }

  static String error(SQLException e) {
    return "ERROR "
        + e.getClass().getName()
        + " state="
        + e.getSQLState()
        + " code="
        + e.getErrorCode()
        + " "
        + ELAPSED.matcher(String.valueOf(e.getMessage())).replaceAll("N milliseconds");
  }

  private static String value(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof byte[] bytes) {
      return "byte[]:" + HexFormat.of().formatHex(bytes);
    }
    return value.getClass().getSimpleName() + ":" + value;
  }
}
