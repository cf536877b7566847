package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class EmbeddedMysqlTest {

  @Test
  void runsMysql8031AndKeepsPortAndDataAcrossRestart() throws SQLException {
    try (EmbeddedMysql server =
        EmbeddedMysql.start(EmbeddedMysql.Options.defaults().withMaxConnections(200))) {
      String url = server.jdbcUrl("kit");
      server.createUser("kit_user", "it's secret");
      try (Connection root = server.rootConnection()) {
        assertEquals(EmbeddedMysql.VERSION, scalar(root, "SELECT VERSION()"));
        assertEquals("200", scalar(root, "SELECT @@max_connections"));
        assertEquals("OFF", scalar(root, "SELECT IF(@@log_bin, 'ON', 'OFF')"));
      }
      try (Connection app = DriverManager.getConnection(url, "kit_user", "it's secret");
          Statement statement = app.createStatement()) {
        assertEquals("kit_user@%", scalar(app, "SELECT CURRENT_USER()"));
        statement.execute("CREATE TABLE t (id INT PRIMARY KEY)");
        statement.execute("INSERT INTO t VALUES (42)");
      }
      int port = server.port();

      server.stop();
      assertFalse(server.isRunning());
      assertThrows(
          SQLException.class, () -> DriverManager.getConnection(url, "kit_user", "it's secret"));

      server.start();
      assertEquals(port, server.port());
      try (Connection app = DriverManager.getConnection(url, "kit_user", "it's secret")) {
        assertEquals("42", scalar(app, "SELECT id FROM t"));
      }
    }
  }

  @Test
  void sharedServerIsOnePerJvmAndSurvivesClose() throws SQLException {
    EmbeddedMysql shared = EmbeddedMysql.shared();
    shared.close();
    assertSame(shared, EmbeddedMysql.shared());
    assertTrue(shared.isRunning());
    try (Connection root = shared.rootConnection()) {
      assertEquals(EmbeddedMysql.VERSION, scalar(root, "SELECT VERSION()"));
    }
  }

  @Test
  void privateServersGetTheirOwnPorts() {
    try (EmbeddedMysql other = EmbeddedMysql.start(EmbeddedMysql.Options.defaults())) {
      assertNotEquals(EmbeddedMysql.shared().port(), other.port());
    }
  }

  private static String scalar(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }
}
