package com.example.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.JdbcStatement;
import io.sluice.Sluice;
import io.sluice.config.SluiceConfig;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.testkit.AppUser;
import io.sluice.testkit.EmbeddedMysql;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Advise mode's verdict is the session's: the same statements and JDBC calls, run once through a
 * multiplexing runtime and once in advise mode, reserve for the same reason and cause (or neither
 * reserves). Both follow the routes of {@code io.sluice.sql.SessionRules}; this pins that the
 * advisor calls them where the session does.
 */
class AdvisorRoutesTest {
  private static EmbeddedMysql mysql;
  private static AppUser app;

  /** What an application does on one connection. */
  interface Scenario {
    void run(Connection c) throws SQLException;
  }

  @BeforeAll
  static void startServer() {
    mysql = EmbeddedMysql.shared();
    app = AppUser.create(mysql, "routes", "routes_app", "routes-secret-password");
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        scenario("a plain read", c -> run(c, "SELECT 1")),
        scenario("a temporary table", c -> run(c, "CREATE TEMPORARY TABLE scratch (x INT)")),
        scenario("a user lock", c -> run(c, "SELECT GET_LOCK('routes', 1)")),
        scenario("a prepared statement in SQL", c -> run(c, "PREPARE s FROM 'SELECT 1'")),
        scenario("a user variable, carried", c -> run(c, "SET @a = 1", "SELECT @a")),
        scenario("a user variable assigned in a query", c -> run(c, "SELECT 1 INTO @b")),
        scenario("a setting, carried", c -> run(c, "SET SESSION sql_select_limit = 5", "SELECT 1")),
        scenario("USE", c -> run(c, "USE routes", "SELECT 1")),
        scenario("BEGIN ... COMMIT", c -> run(c, "BEGIN", "SELECT 1", "COMMIT", "SELECT 1")),
        scenario("auto-commit off in SQL", c -> run(c, "SET autocommit = 0", "SELECT 1")),
        scenario("auto-commit as it is, in SQL", c -> run(c, "SET autocommit = 1", "SELECT 1")),
        scenario(
            "auto-commit on in SQL after setAutoCommit(false)",
            c -> {
              c.setAutoCommit(false);
              run(c, "SET @@session.autocommit = ON", "SELECT 1");
            }),
        scenario(
            "setAutoCommit and commit",
            c -> {
              c.setAutoCommit(false);
              run(c, "SELECT 1");
              c.commit();
              c.setAutoCommit(true);
            }),
        scenario("Connection.unwrap to the driver", c -> c.unwrap(JdbcConnection.class)),
        scenario("Connection.unwrap to JDBC", c -> c.unwrap(Connection.class)),
        scenario(
            "Statement.unwrap to the driver",
            c -> {
              try (Statement s = c.createStatement()) {
                s.unwrap(JdbcStatement.class);
              }
            }),
        scenario("prepareCall", c -> c.prepareCall("SELECT 1").close()),
        scenario(
            "a batch that sets a variable",
            c -> {
              try (Statement s = c.createStatement()) {
                s.addBatch("SET @c = 1");
                s.addBatch("DO 1");
                s.executeBatch();
              }
            }),
        scenario(
            "a batch of writes",
            c -> {
              try (Statement s = c.createStatement()) {
                s.addBatch("DO 1");
                s.addBatch("DO 2");
                s.executeBatch();
              }
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theAdvisorReservesWhereTheSessionDoes(String name, Scenario scenario) throws Exception {
    assertEquals(verdict("", scenario), verdict("mode=advise", scenario), name);
  }

  /** The reservations (reason and cause) one session holds after the scenario. */
  private static List<String> verdict(String args, Scenario scenario) throws Exception {
    try (Sluice sluice = new Sluice(SluiceConfig.parse(args), PhysicalConnector.DIRECT);
        Connection c = app.session(sluice::connect)) {
      assertNotNull(c);
      scenario.run(c);
      List<String> rows = new ArrayList<>();
      for (CompositeData row : reservedSessions()) {
        rows.add(row.get("reason") + ": " + row.get("digest"));
      }
      return rows;
    }
  }

  private static Arguments scenario(String name, Scenario scenario) {
    return Arguments.of(name, scenario);
  }

  private static void run(Connection c, String... statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  private static CompositeData[] reservedSessions() throws Exception {
    return (CompositeData[])
        ManagementFactory.getPlatformMBeanServer()
            .invoke(new ObjectName("io.sluice:type=Sessions"), "reservedSessions", null, null);
  }
}
