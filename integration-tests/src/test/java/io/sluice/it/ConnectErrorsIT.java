package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.apps.ConnectProbe;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import io.sluice.testkit.KeyValueLine;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed connect gives the app Connector/J's own exception, the one it gets without the agent.
 */
class ConnectErrorsIT {

  @Test
  void aWrongPasswordGivesConnectorJsAccessDenied() {
    AppDatabase database = AppDatabase.create("it_denied");
    AppDatabase wrong =
        new AppDatabase(
            database.admin(), database.user(), "not-" + database.password(), database.url());

    Outcome plain = probe(wrong, false);
    assertEquals("FAILED", plain.result.tag(), plain.toString());
    assertEquals("28000", plain.result.get("sqlState"));
    assertEquals(1045, plain.result.getInt("code"));
    assertTrue(plain.message.startsWith("Access denied for user 'it_denied'@"), plain.message);

    Outcome sluice = probe(wrong, true);
    assertEquals(
        plain.result.toString(), sluice.result.toString(), "same class, SQLState and error code");
    assertEquals(plain.message, sluice.message);

    Outcome right = probe(database, true);
    assertEquals("CONNECTED", right.result.tag(), "the right password still connects: " + right);
  }

  @Test
  void aPortWithNoServerGivesConnectorJsCommunicationsError() throws IOException {
    AppDatabase database = AppDatabase.create("it_refused");
    String url = database.url().replaceFirst(":\\d+/", ":" + closedPort() + "/");
    AppDatabase nowhere =
        new AppDatabase(database.admin(), database.user(), database.password(), url);

    Outcome plain = probe(nowhere, false);
    assertEquals("FAILED", plain.result.tag(), plain.toString());
    assertEquals("com.mysql.cj.jdbc.exceptions.CommunicationsException", plain.result.get("class"));

    // The message quotes timings ("... 0 milliseconds ago"), so only the exception's identity is
    // compared.
    Outcome sluice = probe(nowhere, true);
    assertEquals(plain.result.toString(), sluice.result.toString());
  }

  @Test
  void aConnectionSluiceCannotReadPassesThroughWithOneWarning() throws SQLException {
    AppDatabase database = AppDatabase.create("it_expired");
    try (Connection root = database.admin().connect();
        Statement statement = root.createStatement()) {
      statement.execute("ALTER USER '" + database.user() + "'@'%' PASSWORD EXPIRE");
    }
    // Connector/J's sandbox mode: it connects, and every statement but a password change fails.
    AppDatabase sandbox =
        new AppDatabase(
            database.admin(),
            database.user(),
            database.password(),
            database.url() + "&disconnectOnExpiredPasswords=false");

    Outcome plain = probe(sandbox, false);
    assertEquals(1820, plain.result.getInt("code"), plain.toString());
    JvmFork fork = Forks.withAgent(Forks.app(ConnectProbe.class, sandbox), null);
    try (ForkedJvm app = fork.start()) {
      assertEquals(0, app.awaitExit(Forks.TIMEOUT));
      assertEquals(
          plain.result.toString(), app.awaitLine("FAILED ", Forks.TIMEOUT), "passed through");
      List<String> problems = app.sluiceProblems();
      assertEquals(1, problems.size(), problems.toString());
      assertTrue(problems.get(0).contains("You must reset your password"), problems.get(0));
      assertTrue(problems.get(0).contains("pass through to the driver"), problems.get(0));
    }
  }

  /** A probe's report: the CONNECTED/FAILED line and, for a failure, the exception message. */
  record Outcome(KeyValueLine result, String message) {}

  static Outcome probe(AppDatabase database, boolean withAgent) {
    JvmFork fork = Forks.app(ConnectProbe.class, database);
    try (ForkedJvm app = (withAgent ? Forks.withAgent(fork, null) : fork).start()) {
      assertEquals(0, Forks.exitQuietly(app));
      KeyValueLine result =
          KeyValueLine.parse(
              app.awaitLine(
                  l -> l.startsWith("CONNECTED ") || l.startsWith("FAILED "),
                  "CONNECTED or FAILED line",
                  Forks.TIMEOUT));
      String message =
          result.tag().equals("FAILED")
              ? app.awaitLine("MESSAGE ", Forks.TIMEOUT).substring("MESSAGE ".length())
              : "";
      return new Outcome(result, message);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
