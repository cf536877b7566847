package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixtures runtime tests share: an application's user, and one-value queries. */
class AppUserTest {
  private static final AppUser APP =
      AppUser.create(EmbeddedMysql.shared(), "appuser_db", "appuser_app", "appuser-secret");

  @Test
  void directConnectsAsTheUserToTheDatabase() throws SQLException {
    try (Connection c = APP.direct()) {
      assertEquals("appuser_app@%", Queries.text(c, "SELECT CURRENT_USER()"));
      assertEquals("appuser_db", Queries.value(c, "SELECT DATABASE()"));
    }
  }

  @Test
  void sessionConnectsThroughWhatItIsGivenWithTheDriverUrlAndCredentials() throws SQLException {
    List<String> asked = new ArrayList<>();
    try (Connection c =
        APP.session(
            (driver, url, info) -> {
              asked.add(url + " " + info.getProperty("user"));
              return driver.connect(url, info);
            })) {
      assertEquals(1L, Queries.longValue(c, "SELECT 1"));
    }
    assertEquals(List.of(APP.url() + " appuser_app"), asked);
  }

  @Test
  void queriesReadTheFirstValueRunStatementsAndFailOnNoRow() throws SQLException {
    EmbeddedMysql server = APP.server();
    Queries.rootRun(server, "CREATE TABLE IF NOT EXISTS appuser_db.t (v VARCHAR(8))");
    Queries.rootRun(server, "TRUNCATE appuser_db.t");
    try (Connection c = APP.direct()) {
      Queries.run(c, "INSERT INTO t VALUES ('a'), (NULL)");
      assertEquals("a", Queries.text(c, "SELECT v FROM t ORDER BY v IS NULL"));
      assertNull(Queries.value(c, "SELECT v FROM t ORDER BY v IS NOT NULL"));
      assertThrows(AssertionError.class, () -> Queries.value(c, "SELECT v FROM t WHERE false"));
    }
    assertEquals(2L, Queries.rootLong(server, "SELECT COUNT(*) FROM appuser_db.t"));
    assertEquals(2L, Queries.rootValue(server, "SELECT COUNT(*) FROM appuser_db.t"));
  }
}
