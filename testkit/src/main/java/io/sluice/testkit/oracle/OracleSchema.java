package io.sluice.testkit.oracle;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The server objects the oracle needs, created idempotently through an administrative connection:
 * schemas {@value #SCHEMA_A} and {@value #SCHEMA_B}, each with a one-row table {@code marker}
 * naming its schema, the tables the sessions write in {@value #SCHEMA_A}, and an application user
 * with all privileges on both schemas. Runs share the tables: each run's rows carry its own run
 * token, so nothing needs cleaning between runs.
 */
public final class OracleSchema {
  /** The schema the application URL should name: fresh sessions start in it. */
  public static final String SCHEMA_A = "oracle_a";

  /** The other schema sessions switch to. */
  public static final String SCHEMA_B = "oracle_b";

  /** How many rows {@code numbers} holds: 0 to {@value} - 1. */
  static final int NUMBERS = 100;

  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_]{1,32}");

  private OracleSchema() {}

  /** Creates what is missing, and the user {@code user} (if missing) with this password. */
  public static void prepare(Connection admin, String user, String password) throws SQLException {
    if (!USER.matcher(user).matches()) {
      throw new IllegalArgumentException("not a plain user name: " + user);
    }
    try (Statement s = admin.createStatement()) {
      for (String schema : new String[] {SCHEMA_A, SCHEMA_B}) {
        s.execute("CREATE DATABASE IF NOT EXISTS " + schema);
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + schema
                + ".marker (name VARCHAR(16) PRIMARY KEY) ENGINE=InnoDB");
        s.execute("INSERT IGNORE INTO " + schema + ".marker VALUES ('" + schema + "')");
      }
      String a = SCHEMA_A + ".";
      s.execute("CREATE TABLE IF NOT EXISTS " + a + "numbers (n INT PRIMARY KEY) ENGINE=InnoDB");
      StringJoiner numbers =
          new StringJoiner(",", "INSERT IGNORE INTO " + a + "numbers VALUES ", "");
      for (int n = 0; n < NUMBERS; n++) {
        numbers.add("(" + n + ")");
      }
      s.execute(numbers.toString());
      String owner = "run VARCHAR(40) NOT NULL, session INT NOT NULL, seq INT NOT NULL, ";
      String ownerKey = ", PRIMARY KEY (run, session, seq)) ENGINE=InnoDB";
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + a
              + "uv_copy ("
              + owner
              + "val VARCHAR(255) CHARACTER SET utf8mb4"
              + ownerKey);
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + a
              + "short_text ("
              + owner
              + "s VARCHAR(3) CHARACTER SET utf8mb4"
              + ownerKey);
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + a
              + "txn_rows ("
              + owner
              + "txn BIGINT NOT NULL"
              + ownerKey);
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + a
              + "txn_commits (run VARCHAR(40) NOT NULL,"
              + " txn BIGINT NOT NULL, PRIMARY KEY (run, txn)) ENGINE=InnoDB");
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + a
              + "autoinc (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
              + " run VARCHAR(40) NOT NULL) ENGINE=InnoDB");
      String account = "'" + user + "'@'%'";
      s.execute(
          "CREATE USER IF NOT EXISTS "
              + account
              + " IDENTIFIED BY '"
              + password.replace("\\", "\\\\").replace("'", "''")
              + "'");
      s.execute("GRANT ALL PRIVILEGES ON " + SCHEMA_A + ".* TO " + account);
      s.execute("GRANT ALL PRIVILEGES ON " + SCHEMA_B + ".* TO " + account);
    }
  }
}
