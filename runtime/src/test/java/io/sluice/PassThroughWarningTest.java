package io.sluice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.log.StderrCapture;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A URL Sluice would multiplex but cannot (the driver connected, Sluice's own reads failed) passes
 * through to the driver, said once at WARN for the tablet, never silently; the driver's own
 * connect failure is the application's, and no warning.
 */
class PassThroughWarningTest {
  private static final String EXPIRED = "passthrough_expired";
  private static final String PASSWORD = "expired-secret";
  private static EmbeddedMysql mysql;

  // Ordered so that the runtime closes while its output is still captured.
  @RegisterExtension
  @Order(1)
  final StderrCapture stderr = new StderrCapture();

  private final Driver driver = Drivers.connectorJ();

  @RegisterExtension
  @Order(2)
  final SluiceUnderTest sluice = SluiceUnderTest.eachTest("queryserver_config_pool_size=2");

  @BeforeAll
  static void expiredUser() throws SQLException {
    mysql = EmbeddedMysql.shared();
    try (Connection root = mysql.rootConnection();
        Statement s = root.createStatement()) {
      s.execute("CREATE USER IF NOT EXISTS '" + EXPIRED + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
      s.execute("CREATE DATABASE IF NOT EXISTS passthrough_db");
      s.execute("GRANT ALL PRIVILEGES ON passthrough_db.* TO '" + EXPIRED + "'@'%'");
      s.execute("ALTER USER '" + EXPIRED + "'@'%' PASSWORD EXPIRE");
    }
  }

  /** Connector/J's sandbox mode: the driver connects, every statement but a password change fails. */
  private static String sandboxUrl() {
    return mysql.jdbcUrl("passthrough_db") + "&disconnectOnExpiredPasswords=false";
  }

  private static Properties credentials(String password) {
    Properties info = new Properties();
    info.setProperty("user", EXPIRED);
    info.setProperty("password", password);
    return info;
  }

  @Test
  void aTabletSluiceCannotReadWarnsOnceTheDriversOwnFailureNever() throws SQLException {
    try (Connection direct = driver.connect(sandboxUrl(), credentials(PASSWORD))) {
      SQLException sandboxed =
          assertThrows(SQLException.class, () -> direct.createStatement().execute("SELECT 1"));
      assertEquals(1820, sandboxed.getErrorCode(), "the driver connects in sandbox mode");
    }
    assertNull(
        sluice.connect(driver, sandboxUrl(), credentials("wrong")),
        "the driver raises its own error: no warning of Sluice's");
    for (int i = 0; i < 3; i++) {
      assertNull(sluice.connect(driver, sandboxUrl(), credentials(PASSWORD)), "passed through");
    }
    List<String> warnings =
        stderr.text().lines().filter(l -> l.startsWith("[sluice] WARN")).toList();
    assertEquals(1, warnings.size(), stderr.text());
    assertTrue(warnings.get(0).contains(EXPIRED + "@"), warnings.get(0));
    assertTrue(warnings.get(0).contains("You must reset your password"), warnings.get(0));
    assertTrue(warnings.get(0).contains("pass through"), warnings.get(0));
  }
}
