package io.sluice.session;

/** What a JDBC call expects of its statement: Connector/J checks it on the text it is given. */
enum Expect {
  ANY,
  /** {@code executeQuery}: the statement must produce results. */
  RESULTS,
  /** {@code executeUpdate}: the statement must not be a SELECT. */
  COUNT
}
