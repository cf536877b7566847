package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.SluiceConfig;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.oracle.Baseline;
import io.sluice.testkit.oracle.ConnectionSource;
import io.sluice.testkit.oracle.Family;
import io.sluice.testkit.oracle.IsolationOracle;
import io.sluice.testkit.oracle.OracleConfig;
import io.sluice.testkit.oracle.OracleSchema;
import io.sluice.testkit.oracle.Report;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The randomized isolation oracle on the embedded MySQL 8.0.31, once on direct Connector/J
 * connections (no Sluice: proves the oracle's model is MySQL's behaviour) and once through an
 * in-process {@link Sluice}. Both must report 0 violations and no unexpected error.
 *
 * <p>The CI size is 16 sessions x 300 operations. System properties change it:
 *
 * <ul>
 *   <li>{@code -Dsluice.oracle.ops=5000}: operations per session (the full size is 5000);
 *   <li>{@code -Dsluice.oracle.sessions=16}: concurrent sessions;
 *   <li>{@code -Dsluice.oracle.seed=N}: the seed (default 1, so CI is repeatable; {@code random}
 *       draws a new one, printed with the report); session {@code i} draws from {@code new Random(N
 *       + i)}, so a seed and a session reproduce a violation.
 * </ul>
 *
 * <p>e.g. {@code mvn -B -o -pl runtime -am test -Dtest=IsolationOracleTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsluice.oracle.ops=5000}.
 */
class IsolationOracleTest {
  private static final String DIRECT_USER = "oracle_direct";
  private static final String SLUICE_USER = "oracle_sluice";
  private static final String PASSWORD = "oracle-secret";
  private static final long SEED = seed(System.getProperty("sluice.oracle.seed", "1"));

  private static final int POOL_SIZE = 4;

  private static EmbeddedMysql mysql;
  private static String url;

  private final Driver driver = Drivers.connectorJ();

  @BeforeAll
  static void prepare() throws SQLException {
    mysql = EmbeddedMysql.shared();
    url = mysql.jdbcUrl(OracleSchema.SCHEMA_A);
    try (Connection root = mysql.rootConnection()) {
      OracleSchema.prepare(root, DIRECT_USER, PASSWORD);
      OracleSchema.prepare(root, SLUICE_USER, PASSWORD);
    }
  }

  private static long seed(String property) {
    return property.equals("random") ? new SecureRandom().nextLong() : Long.parseLong(property);
  }

  private static OracleConfig config() {
    return OracleConfig.of(
            Integer.getInteger("sluice.oracle.sessions", 16),
            Integer.getInteger("sluice.oracle.ops", 300),
            SEED)
        .withDeadline(Duration.ofMinutes(30));
  }

  private static Properties credentials(String user) {
    Properties info = new Properties();
    info.setProperty("user", user);
    info.setProperty("password", PASSWORD);
    return info;
  }

  private static Report run(ConnectionSource source, OracleConfig config, String user)
      throws Exception {
    Report report =
        new IsolationOracle(source, config).observingProcesslist(mysql::rootConnection, user).run();
    System.out.println(user + ": " + report);
    return report;
  }

  private static void assertClean(Report report) {
    assertEquals(0, report.violationCount(), report::toString);
    assertEquals(0, report.errorCount(), report::toString);
    assertFalse(report.deadlineReached(), report::toString);
  }

  @Test
  void directConnectorJMatchesTheModel() throws Exception {
    Report report = run(() -> driver.connect(url, credentials(DIRECT_USER)), config(), DIRECT_USER);
    assertClean(report);
  }

  @Test
  void sluiceSessionsMatchTheModel() throws Exception {
    try (Sluice sluice = newSluice()) {
      Report report = run(source(sluice), config(), SLUICE_USER);
      try (Connection direct = driver.connect(url, credentials(SLUICE_USER))) {
        assertEquals(
            Baseline.read(direct), report.baseline(), "a new session starts as a direct one");
      }
      assertClean(report);
    }
  }

  /**
   * Every family that multiplexes (all but LAST_INSERT_ID(n), which stays on its connection):
   * sessions really move between the shared physical connections, and none is reserved for its
   * settings.
   */
  @Test
  void sluiceMultiplexedSessionsMatchTheModel() throws Exception {
    try (Sluice sluice = newSluice()) {
      OracleConfig config =
          config()
              .only(
                  Family.USER_VARIABLES,
                  Family.SQL_MODE,
                  Family.TIME_ZONE,
                  Family.NAMES,
                  Family.SCHEMA,
                  Family.TRANSACTIONS,
                  Family.RECONNECT);
      Report report = run(source(sluice), config, SLUICE_USER);
      assertClean(report);
      assertEquals(0, sluice.metrics().reservationsForSettings(), report::toString);
      // The oracle also writes strings with COLLATE utf8mb4_bin: no literal reads like such a
      // variable (its coercibility is the column's), so those sessions keep it on a connection.
      assertTrue(
          sluice.metrics().reservationsForOther() <= config.sessions() + report.reconnects(),
          report::toString);
      int peak = report.physicalConnectionsPeak().orElseThrow();
      // 16 sessions on the pool plus the transaction pool (20 by default) at most, and the
      // processlist sampler's own view is of the app user only.
      assertTrue(peak <= POOL_SIZE + 20, report::toString);
      System.out.println(
          report + "\n  reserved sessions: " + sluice.metrics().reservationsForOther());
    }
  }

  private static Sluice newSluice() {
    return new Sluice(
        SluiceConfig.parse("queryserver_config_pool_size=" + POOL_SIZE), PhysicalConnector.DIRECT);
  }

  private ConnectionSource source(Sluice sluice) {
    return () -> {
      Connection session = sluice.connect(driver, url, credentials(SLUICE_USER));
      assertNotNull(session, "Sluice multiplexes a plain single-host URL");
      return session;
    };
  }
}
