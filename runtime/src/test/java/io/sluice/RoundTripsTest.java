package io.sluice;

import static io.sluice.testkit.Queries.globalStatus;
import static io.sluice.testkit.Queries.rootRun;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Statements Sluice adds to the application's, counted by MySQL itself ({@code Com_*} of SHOW
 * GLOBAL STATUS, on a server that only this test uses meanwhile), and the values the application
 * reads despite them, compared with its own connection's.
 */
class RoundTripsTest {
  private static final String USER = "roundtrips_app";
  private static final String PASSWORD = "roundtrips-secret";
  private static final String IDENTITY_INSERT =
      "insert into owners (first_name, last_name, city) values (?, ?, ?)";
  private static EmbeddedMysql mysql;
  private static String url;

  private final Driver driver = Drivers.connectorJ();
  @RegisterExtension
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest("queryserver_config_pool_size=2");
  /**
   * Where the global status counters (e.g. {@code Com_select}) are read: a connection opened
   * before, since opening one runs Connector/J's own SELECT.
   */
  private Connection counters;

  @BeforeAll
  static void startServer() throws SQLException {
    mysql = EmbeddedMysql.shared();
    url = mysql.jdbcUrl("roundtrips");
    mysql.createUser(USER, PASSWORD);
  }

  @BeforeEach
  void newRuntime() throws SQLException {
    rootRun(
        mysql,
        "DROP TABLE IF EXISTS roundtrips.owners",
        "CREATE TABLE roundtrips.owners (id INT AUTO_INCREMENT PRIMARY KEY,"
            + " first_name VARCHAR(30), last_name VARCHAR(30), city VARCHAR(30))",
        "DROP TABLE IF EXISTS roundtrips.t",
        "CREATE TABLE roundtrips.t (id INT PRIMARY KEY)",
        "INSERT INTO roundtrips.t VALUES (1)");
    counters = mysql.rootConnection();
  }

  @AfterEach
  void closeRuntime() throws SQLException {
    counters.close();
  }

  private static Properties credentials() {
    Properties info = new Properties();
    info.setProperty("user", USER);
    info.setProperty("password", PASSWORD);
    return info;
  }

  /** Runs Hibernate IDENTITY-style inserts; returns the last generated key. */
  private static long identityInserts(Connection c, int n) throws SQLException {
    long key = 0;
    try (PreparedStatement insert =
        c.prepareStatement(IDENTITY_INSERT, Statement.RETURN_GENERATED_KEYS)) {
      for (int i = 0; i < n; i++) {
        insert.setString(1, "George" + i);
        insert.setString(2, "Franklin");
        insert.setString(3, "Madison");
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          key = keys.getLong(1);
        }
      }
    }
    return key;
  }

  private static long lastInsertId(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void identityInsertsCostOneRoundTripEach() throws SQLException {
    try (Connection c = sluice.connect(driver, url, credentials())) {
      // The table's AUTO_INCREMENT column is learned once; each pool opens its connection.
      identityInserts(c, 1);
      c.setAutoCommit(false);
      identityInserts(c, 1);
      c.commit();
      for (boolean autoCommit : new boolean[] {true, false}) {
        c.setAutoCommit(autoCommit);
        long selects = globalStatus(counters, "Com_select");
        long inserts = globalStatus(counters, "Com_insert");
        long key = identityInserts(c, 100);
        assertEquals(100, globalStatus(counters, "Com_insert") - inserts, "autocommit " + autoCommit);
        assertEquals(0, globalStatus(counters, "Com_select") - selects, "autocommit " + autoCommit);
        assertEquals(key, lastInsertId(c));
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * Inserts with explicit ids and generated ones, before and after the column changes, and with a
   * trigger that gives the column a value.
   */
  private static List<String> explicitIds(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    String[] script = {
      "INSERT INTO owners (id, first_name) VALUES (500, 'explicit')",
      "INSERT INTO owners (first_name) VALUES ('generated')",
      "INSERT INTO owners (id, first_name) VALUES (700, 'explicit again')",
      "INSERT INTO roundtrips.owners (last_name, id) VALUES ('qualified', 800)",
      "ALTER TABLE owners MODIFY id INT NOT NULL,"
          + " ADD COLUMN num INT NOT NULL AUTO_INCREMENT UNIQUE",
      "INSERT INTO owners (id, num, first_name) VALUES (900, 4000, 'explicit new column')",
      "INSERT INTO owners (id, first_name) VALUES (901, 'generated new column')",
      "ALTER TABLE owners DROP COLUMN num, MODIFY id INT NOT NULL AUTO_INCREMENT",
      "INSERT INTO owners (id, first_name) VALUES (1500, 'explicit old column')",
      "INSERT INTO owners (first_name) VALUES ('generated old column')",
      "INSERT INTO owners (id, first_name) SELECT 2000, 'explicit by select'",
      "INSERT INTO owners (first_name) SELECT 'generated by select'",
      "INSERT INTO owners SELECT 2100, 'no column list', 'by select', 'x'",
      "CREATE TRIGGER owners_id BEFORE INSERT ON owners FOR EACH ROW SET NEW.id = 5000",
      "INSERT INTO owners (first_name) VALUES ('explicit by trigger')",
    };
    try (Statement s = c.createStatement()) {
      for (String sql : script) {
        s.executeUpdate(sql);
        out.add(sql + " -> " + lastInsertId(c));
      }
    }
    return out;
  }

  @Test
  void explicitIdsLeaveLastInsertIdAsDirect() throws SQLException {
    List<String> direct;
    try (Connection d = driver.connect(url, credentials())) {
      direct = explicitIds(d);
    }
    closeRuntime();
    newRuntime();
    try (Connection c = sluice.connect(driver, url, credentials())) {
      assertEquals(String.join("\n", direct), String.join("\n", explicitIds(c)));
    }
  }

  private static final String WARNS = "INSERT IGNORE INTO t VALUES (1)";

  /** A transaction whose statements warn, the application asking for none of them. */
  private static void warningTransaction(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      for (int i = 0; i < 10; i++) {
        s.executeUpdate(WARNS);
        s.executeQuery("SELECT CAST('x' AS SIGNED) FROM t").close();
      }
    }
    c.commit();
    c.setAutoCommit(true);
  }

  @Test
  void warningsOfAHeldConnectionAreReadOnlyWhenAsked() throws SQLException {
    try (Connection c = sluice.connect(driver, url, credentials())) {
      warningTransaction(c); // the transaction pool opens its connection
      long shows = globalStatus(counters, "Com_show_warnings");
      long selects = globalStatus(counters, "Com_select");
      warningTransaction(c);
      assertEquals(0, globalStatus(counters, "Com_show_warnings") - shows);
      assertEquals(10, globalStatus(counters, "Com_select") - selects);
    }
  }

  @Test
  void warningsOfAPooledConnectionAreReadOnceBeforeItGoesBack() throws SQLException {
    try (Connection c = sluice.connect(driver, url, credentials());
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1").close(); // the pool opens its connection
      long shows = globalStatus(counters, "Com_show_warnings");
      for (int i = 0; i < 10; i++) {
        s.executeUpdate(WARNS);
        s.executeUpdate("UPDATE t SET id = 1"); // reports no warning
      }
      assertEquals(10, globalStatus(counters, "Com_show_warnings") - shows);
    }
  }

  /**
   * What an application asking for warnings sees inside a transaction, and what it costs: SHOW
   * WARNINGS and SELECTs together (where nothing of the previous statement is left on a
   * connection, the session answers a SHOW WARNINGS with a SELECT).
   */
  private long askedInATransaction(Connection c, StringBuilder out) throws SQLException {
    String[] script = {
      WARNS,
      "SHOW WARNINGS",
      "SHOW COUNT(*) WARNINGS",
      "SELECT CAST('x' AS SIGNED), CAST('y' AS SIGNED) FROM t",
      "SHOW WARNINGS LIMIT 1",
      "SHOW ERRORS",
      "SELECT 1",
      "SHOW WARNINGS",
      WARNS,
      "SELECT @@warning_count, @@error_count",
      WARNS,
      "COMMIT",
      "SHOW WARNINGS",
      WARNS,
    };
    long asked = globalStatus(counters, "Com_show_warnings") + globalStatus(counters, "Com_select");
    c.setAutoCommit(false);
    for (String sql : script) {
      out.append(sql).append(" -> ").append(VitessScenariosTest.run(c, sql, true)).append('\n');
    }
    c.commit();
    out.append("after commit -> ").append(VitessScenariosTest.run(c, "SHOW WARNINGS", true));
    c.setAutoCommit(true);
    return globalStatus(counters, "Com_show_warnings") + globalStatus(counters, "Com_select") - asked;
  }

  @Test
  void warningsAskedOnAHeldConnectionAreTheDirectOnes() throws SQLException {
    StringBuilder direct = new StringBuilder();
    long directCost;
    try (Connection d = driver.connect(url, credentials())) {
      directCost = askedInATransaction(d, direct);
    }
    StringBuilder multiplexed = new StringBuilder();
    long cost;
    try (Connection c = sluice.connect(driver, url, credentials())) {
      warningTransaction(c);
      cost = askedInATransaction(c, multiplexed);
    }
    assertEquals(direct.toString(), multiplexed.toString());
    // The session answers @@warning_count itself, after reading the warnings it counts.
    assertEquals(directCost + 1, cost);
  }
}
