package io.sluice.testkit.oracle;

import java.sql.SQLException;

/**
 * One family's operations: each call draws one from the session's random generator, runs it, checks
 * what it reads against the model and updates the model once MySQL accepted a change.
 */
interface Operations {
  void run(OracleSession session) throws SQLException;
}
