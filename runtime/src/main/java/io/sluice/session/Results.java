package io.sluice.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What one execution produced, in order: result sets and update counts, as {@link
 * Statement#getResultSet()}, {@link Statement#getUpdateCount()} and {@link
 * Statement#getMoreResults()} walk them.
 */
final class Results {
  static final Results NONE = new Results(List.of());

  private final List<Object> outcomes;
  private int index;

  private Results(List<Object> outcomes) {
    this.outcomes = outcomes;
  }

  /** A single open result set (an attached one, holding its physical statement). */
  static Results of(ResultSet resultSet) {
    return new Results(List.of(resultSet));
  }

  static Results ofUpdateCount(long count) {
    return new Results(List.of(count));
  }

  /**
   * Drains every outcome of a physical statement that has just executed and holds its results
   * open, detaching each result set from the connection.
   *
   * @param first whether the first outcome is a result set, as {@code execute} answered
   */
  static Results drain(Statement physical, boolean first, Statement owner) throws SQLException {
    List<Object> outcomes = new ArrayList<>(1);
    boolean isResultSet = first;
    while (true) {
      if (isResultSet) {
        outcomes.add(ResultDetacher.detach(physical.getResultSet(), owner));
      } else {
        long count = physical.getLargeUpdateCount();
        if (count == -1) {
          break;
        }
        outcomes.add(count);
      }
      isResultSet = physical.getMoreResults(Statement.KEEP_CURRENT_RESULT);
    }
    return new Results(outcomes);
  }

  ResultSet resultSet() {
    Object current = current();
    return current instanceof ResultSet ? (ResultSet) current : null;
  }

  long updateCount() {
    Object current = current();
    return current instanceof Long ? (Long) current : -1;
  }

  /** Rows of the first result set, or -1 when the execution returned none (for FOUND_ROWS()). */
  long rowsOfFirstResult() throws SQLException {
    for (Object outcome : outcomes) {
      if (outcome instanceof BufferedResultSet) {
        return ((BufferedResultSet) outcome).rowCount();
      }
    }
    return -1;
  }

  /** The last update count, or -1 when the execution returned a result set (for ROW_COUNT()). */
  long lastUpdateCount() {
    long count = -1;
    for (Object outcome : outcomes) {
      count = outcome instanceof Long ? (Long) outcome : -1;
    }
    return count;
  }

  /**
   * Moves to the next outcome as {@link Statement#getMoreResults(int)} does.
   *
   * @return whether the next outcome is a result set
   */
  boolean next(int current) throws SQLException {
    Object now = current();
    if (now instanceof ResultSet && current != Statement.KEEP_CURRENT_RESULT) {
      ((ResultSet) now).close();
    }
    if (current == Statement.CLOSE_ALL_RESULTS) {
      for (int i = 0; i < index; i++) {
        if (outcomes.get(i) instanceof ResultSet) {
          ((ResultSet) outcomes.get(i)).close();
        }
      }
    }
    if (index < outcomes.size()) {
      index++;
    }
    return current() instanceof ResultSet;
  }

  /** Whether every result set of the execution is closed. */
  boolean allClosed() throws SQLException {
    for (Object outcome : outcomes) {
      if (outcome instanceof ResultSet && !((ResultSet) outcome).isClosed()) {
        return false;
      }
    }
    return true;
  }

  /** Closes every result set still open. */
  void close() throws SQLException {
    for (Object outcome : outcomes) {
      if (outcome instanceof ResultSet) {
        ((ResultSet) outcome).close();
      }
    }
  }

  private Object current() {
    return index < outcomes.size() ? outcomes.get(index) : null;
  }
}
