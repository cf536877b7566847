package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcesslistSamplerTest {

  @Test
  void countsOnlyTheNamedUsersConnections() throws SQLException {
    EmbeddedMysql server = EmbeddedMysql.shared();
    server.createUser("sampled", "pw");
    String url = server.jdbcUrl("sampled");
    List<Connection> open = new ArrayList<>();
    try (Connection observer = server.rootConnection()) {
      assertEquals(0, ProcesslistSampler.count(observer, "sampled"));
      for (int i = 0; i < 3; i++) {
        open.add(DriverManager.getConnection(url, "sampled", "pw"));
      }
      assertEquals(3, ProcesslistSampler.count(observer, "sampled"));
    } finally {
      closeAll(open);
    }
  }

  @Test
  void keepsThePeakOfItsSamples() throws SQLException {
    EmbeddedMysql server = EmbeddedMysql.shared();
    server.createUser("peaked", "pw");
    String url = server.jdbcUrl("peaked");
    try (Connection observer = server.rootConnection()) {
      ProcesslistSampler sampler =
          ProcesslistSampler.start(observer, "peaked", Duration.ofMillis(10));
      List<Connection> open = new ArrayList<>();
      try {
        open.add(DriverManager.getConnection(url, "peaked", "pw"));
        open.add(DriverManager.getConnection(url, "peaked", "pw"));
        int before = sampler.samples();
        // Wait for two samples taken while both connections are open (samples come every 10 ms).
        while (sampler.samples() < before + 2) {
          Thread.onSpinWait();
        }
      } finally {
        closeAll(open);
      }
      sampler.close();
      assertEquals(2, sampler.peak());
      assertTrue(sampler.samples() >= 2);
    }
  }

  private static void closeAll(List<Connection> connections) throws SQLException {
    for (Connection c : connections) {
      c.close();
    }
  }
}
