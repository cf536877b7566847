package io.sluice.testkit.oracle;

import java.sql.SQLException;

/**
 * Closes the connection and opens a new one, whose state must be a fresh session's: no user
 * variables, the server's defaults, the URL's schema, no insert id, autocommit, and only the
 * committed rows of the session's earlier connections.
 */
final class ReconnectOps implements Operations {
  @Override
  public void run(OracleSession s) throws SQLException {
    s.reopen();
    SessionModel m = s.model();
    StringBuilder variables = new StringBuilder("SELECT ");
    for (int k = 0; k < UserVariableOps.VARIABLES; k++) {
      variables.append(k == 0 ? "" : ", ").append(UserVariableOps.name(s.random(), k));
    }
    String sql = variables.toString();
    OracleSession.Row row = s.queryRow(sql);
    for (int k = 0; k < UserVariableOps.VARIABLES; k++) {
      s.check("fresh @v_" + k, sql, null, row.value(k));
    }
    sql =
        "SELECT @@sql_mode, @@time_zone, @@character_set_client, @@character_set_results,"
            + " @@collation_connection, DATABASE(), LAST_INSERT_ID(), @@autocommit";
    row = s.queryRow(sql);
    s.check("fresh sql_mode", sql, m.sqlMode, row.value(0));
    s.check("fresh time_zone", sql, m.timeZone, row.value(1));
    s.check("fresh character_set_client", sql, m.characterSetClient, row.value(2));
    s.check("fresh character_set_results", sql, m.characterSetResults, row.value(3));
    s.check("fresh collation_connection", sql, m.collationConnection, row.value(4));
    s.check("fresh DATABASE()", sql, m.database, row.value(5));
    s.check("fresh LAST_INSERT_ID()", sql, 0L, ((Number) row.value(6)).longValue());
    s.check("fresh @@autocommit", sql, 1L, ((Number) row.value(7)).longValue());
    sql = TransactionOps.ownCountSql(s);
    s.check("own rows after reconnect", sql, m.committedRows, s.queryLong(sql));
  }
}
