package io.sluice.testkit.oracle;

import java.sql.SQLException;

/** {@code SET NAMES}: the three character set variables it sets, read back together. */
final class NamesOps implements Operations {
  /** {@code SET NAMES} arguments: character set, and the collation it gives the connection. */
  private static final String[][] NAMES = {
    {"utf8mb4", "utf8mb4", "utf8mb4_0900_ai_ci"},
    {"'latin1'", "latin1", "latin1_swedish_ci"},
    {"latin1", "latin1", "latin1_swedish_ci"},
    {"utf8mb4 COLLATE utf8mb4_bin", "utf8mb4", "utf8mb4_bin"},
  };

  @Override
  public void run(OracleSession s) throws SQLException {
    if (s.random().nextInt(100) < 45) {
      String[] names = NAMES[s.random().nextInt(NAMES.length)];
      s.execute("SET NAMES " + names[0]);
      s.model().characterSetClient = names[1];
      s.model().characterSetResults = names[1];
      s.model().collationConnection = names[2];
      return;
    }
    String sql = "SELECT @@character_set_client, @@character_set_results, @@collation_connection";
    OracleSession.Row row = s.queryRow(sql);
    s.check("character_set_client", sql, s.model().characterSetClient, row.value(0));
    s.check("character_set_results", sql, s.model().characterSetResults, row.value(1));
    s.check("collation_connection", sql, s.model().collationConnection, row.value(2));
  }
}
