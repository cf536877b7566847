package io.sluice.testkit.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.EmbeddedMysql;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The oracle itself: its model holds on plain connections, and it catches state that leaks from one
 * session to the next through a naive pool that hands out used connections without a reset.
 */
class IsolationOracleSelfTest {
  private static final String USER = "oracle_self";
  private static final String PASSWORD = "self-pw";
  private static String url;

  @BeforeAll
  static void prepare() throws SQLException {
    EmbeddedMysql mysql = EmbeddedMysql.shared();
    url = mysql.jdbcUrl(OracleSchema.SCHEMA_A);
    try (Connection root = mysql.rootConnection()) {
      OracleSchema.prepare(root, USER, PASSWORD);
    }
  }

  @Test
  void plainConnectionsMatchTheModel() throws Exception {
    Report report =
        new IsolationOracle(
                () -> DriverManager.getConnection(url, USER, PASSWORD), OracleConfig.of(4, 150, 7))
            .run();
    assertEquals(0, report.violationCount(), report::toString);
    assertEquals(0, report.errorCount(), report::toString);
    assertEquals(600, report.operations());
    assertTrue(report.readsChecked() > 600, report::toString);
  }

  @Test
  void catchesStateLeakingThroughReusedConnections() throws Exception {
    Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    ConnectionSource leakyPool =
        () -> {
          Connection physical = idle.poll();
          return handOut(
              physical != null ? physical : DriverManager.getConnection(url, USER, PASSWORD), idle);
        };
    OracleConfig config =
        OracleConfig.of(4, 300, 7).only(Family.USER_VARIABLES, Family.SQL_MODE, Family.RECONNECT);
    Report report = new IsolationOracle(leakyPool, config).run();
    for (Connection c : idle) {
      c.close();
    }
    assertTrue(report.reconnects() > 0, report::toString);
    assertTrue(report.violationCount() > 0, report::toString);
    assertTrue(
        report.violations().stream().anyMatch(v -> v.what().startsWith("fresh")), report::toString);
  }

  /** A connection whose close() returns it, state and all, to {@code idle}. */
  private static Connection handOut(Connection physical, Deque<Connection> idle) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                idle.push(physical);
                return null;
              }
              try {
                return method.invoke(physical, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
