package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestServersTest {

  @Test
  void namesAServerByUrlWithRootAndEmptyPasswordByDefault() {
    assertEquals(
        Optional.of(new TestServers.Server("jdbc:mysql://h:3306/db", "root", "")),
        TestServers.fromVariables(
            Map.of("SLUICE_TEST_MARIADB_URL", "jdbc:mysql://h:3306/db"), TestServers.MARIADB));
    assertEquals(
        Optional.of(new TestServers.Server("jdbc:mysql://h/db", "u", "p")),
        TestServers.fromVariables(
            Map.of("X_URL", "jdbc:mysql://h/db", "X_USER", "u", "X_PASSWORD", "p"), "X"));
  }

  @Test
  void noUrlMeansNoServer() {
    assertFalse(TestServers.fromVariables(Map.of("X_USER", "u"), "X").isPresent());
  }

  @Test
  void neverPrintsThePassword() {
    assertFalse(
        new TestServers.Server("jdbc:mysql://h/db", "u", "secret").toString().contains("secret"));
  }
}
