package io.sluice.testkit.oracle;

/**
 * A read whose result differs from the session's model.
 *
 * @param session the session (thread) number; its random generator is seeded with {@code seed +
 *     session}
 * @param operation the index of the operation in that session, from 0
 * @param family the family of the operation
 * @param what what was compared, e.g. {@code "value"} or {@code "column type"}
 * @param sql the statement (or JDBC call) whose result was compared
 * @param expected what the model predicted
 * @param actual what the connection returned
 */
public record Violation(
    int session,
    int operation,
    Family family,
    String what,
    String sql,
    String expected,
    String actual) {

  @Override
  public String toString() {
    return String.format(
        "session %d op %d [%s] %s: %s expected %s but was %s",
        session, operation, family, sql, what, expected, actual);
  }
}
