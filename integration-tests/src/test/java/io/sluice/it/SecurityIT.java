package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.apps.IdentityApp;
import com.example.apps.NoWritesApp;
import com.example.apps.SecretsApp;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import io.sluice.testkit.KeyValueLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What Sluice must never do, whatever the app does: let one identity's statement run on another's
 * physical connection, show a password anywhere, or need to write a file.
 */
class SecurityIT {
  private static final int POOL_SIZE = 4;
  private static final String AGENT_ARGS = "queryserver_config_pool_size=" + POOL_SIZE;
  private static final int SESSIONS = 12;
  private static final int ROUNDS = 40;
  /** The right and the wrong password share this, so one search finds either. */
  private static final String PASSWORD_MARK = "7f3c9";

  private static final String SECRET = "Pw-" + PASSWORD_MARK + "-SECRET";
  private static final String WRONG = "Pw-" + PASSWORD_MARK + "-WRONG";
  private static final String LITERAL = "Lit-8d2e1-VALUE";

  /** One identity of {@link IdentityApp}: what it connects with and what it must see. */
  record Identity(String url, String user, String password, String expectedView) {}

  @Test
  void sessionsOfTwoUsersNeverShareAPhysicalConnection() throws SQLException {
    AppDatabase a = AppDatabase.create("sec_user_a");
    // The second user connects to the same URL: only the user tells the two apart.
    String userB = "sec_user_b";
    String passwordB = "other-password-b";
    adminExecute(
        a,
        "CREATE USER IF NOT EXISTS '" + userB + "'@'%' IDENTIFIED BY '" + passwordB + "'",
        "GRANT ALL PRIVILEGES ON `" + a.user() + "`.* TO '" + userB + "'@'%'");
    List<Identity> identities =
        List.of(
            new Identity(a.url(), a.user(), a.password(), view(a.user(), a.user(), "4", null)),
            new Identity(a.url(), userB, passwordB, view(userB, a.user(), "4", null)));

    Map<Long, String> processlist = runIdentities(a, identities, 2);
    assertTrue(processlist.values().containsAll(Set.of(a.user(), userB)), processlist.toString());
  }

  @Test
  void sessionsWithDifferentPropertiesNeverShareAPhysicalConnection() throws SQLException {
    AppDatabase db = AppDatabase.create("sec_props");
    AppDatabase other = AppDatabase.create("sec_props_other");
    adminExecute(db, "GRANT ALL PRIVILEGES ON `" + other.user() + "`.* TO '" + db.user() + "'@'%'");
    String user = db.user();
    List<Identity> identities =
        List.of(
            new Identity(db.url(), user, db.password(), view(user, user, "4", null)),
            new Identity(
                db.url() + "&sessionVariables=div_precision_increment=7",
                user,
                db.password(),
                view(user, user, "7", null)),
            new Identity(
                db.url() + "&connectionCollation=utf8mb4_bin",
                user,
                db.password(),
                view(user, user, "4", "utf8mb4_bin")),
            new Identity(
                AppDatabase.withDatabase(db.url(), other.user()),
                user,
                db.password(),
                view(user, other.user(), "4", null)));

    Map<Long, String> processlist = runIdentities(db, identities, 4);
    assertEquals(Set.of(user), new HashSet<>(processlist.values()));
  }

  @Test
  void everyTabletHasAnMBeanOfItsOwn() throws SQLException {
    AppDatabase db = AppDatabase.create("sec_mbeans");
    String user = db.user();
    List<Identity> identities =
        List.of(
            new Identity(db.url(), user, db.password(), view(user, user, "4", null)),
            new Identity(
                db.url() + "&sessionVariables=div_precision_increment=7",
                user,
                db.password(),
                view(user, user, "7", null)));
    JvmFork fork = identityApp(db, identities, 1, 1);
    try (ForkedJvm app = Forks.withAgent(fork, AGENT_ARGS).start()) {
      KeyValueLine held = KeyValueLine.parse(app.awaitLine("HELD ", Forks.TIMEOUT));
      app.send("close");
      app.awaitLine("CLOSED", Forks.TIMEOUT);
      assertEquals(0, Forks.exitQuietly(app));
      assertEquals(2, held.getInt("tablets"), "two tablets, two MBeans: " + held);
    }
  }

  @Test
  void noPasswordInLogsJmxOrExceptionsEvenAtDebugLevel() throws SQLException {
    AppDatabase created = AppDatabase.create("sec_secret");
    adminExecute(created, "ALTER USER '" + created.user() + "'@'%' IDENTIFIED BY '" + SECRET + "'");
    AppDatabase db = new AppDatabase(created.admin(), created.user(), SECRET, created.url());

    // What Connector/J itself says about the wrong password, without the agent.
    ConnectErrorsIT.Outcome direct =
        ConnectErrorsIT.probe(new AppDatabase(db.admin(), db.user(), WRONG, db.url()), false);
    assertEquals("FAILED", direct.result().tag(), direct.toString());
    assertTrue(!direct.message().contains(PASSWORD_MARK), direct.message());

    JvmFork fork =
        Forks.app(SecretsApp.class, db)
            .jvmArgs("-Dsluice.log.level=debug")
            .env("APP_WRONG_PASSWORD", WRONG)
            .args("literal=" + LITERAL);
    try (ForkedJvm app =
        Forks.withAgent(
                fork, "max_reserved_connections=1,queryserver_config_query_pool_timeout=1s")
            .start()) {
      KeyValueLine done = KeyValueLine.parse(app.awaitLine("DONE ", Forks.TIMEOUT));
      assertEquals(0, app.awaitExit(Forks.TIMEOUT));
      List<String> out = app.stdoutLines();
      List<String> err = app.stderrLines();

      // The app saw everything it provokes, so there was something to leak.
      int failed = indexOfPrefix(out, "FAILED ");
      assertEquals(direct.result().toString(), out.get(failed), "the driver's own exception");
      assertEquals("MESSAGE " + direct.message(), out.get(failed + 1));
      String overCap = following(out, "EXCEPTION step=overCap ");
      assertTrue(overCap.contains("sqlState=08004"), overCap);
      assertTrue(overCap.contains("max_reserved_connections=1"), overCap);
      String lost = following(out, "EXCEPTION step=lost ");
      assertTrue(lost.contains("sqlState=08S01"), lost);
      // The session died with its reserved connection, as the application's own would.
      String afterLost = following(out, "EXCEPTION step=afterLost ");
      assertTrue(afterLost.contains("sqlState=08003"), afterLost);
      assertTrue(done.getInt("tablets") >= 1, done.toString());
      assertTrue(
          out.stream().anyMatch(l -> l.startsWith("JMX io.sluice:type=Sessions ReservationsFor")),
          "the JMX dump shows the Sessions MBean");
      assertTrue(
          err.stream().anyMatch(l -> l.startsWith("[sluice] DEBUG") && l.contains("reserved")),
          "debug logging was on and said something about the reservations");

      List<String> leaks =
          Stream.concat(out.stream(), err.stream())
              .filter(l -> l.contains(PASSWORD_MARK))
              .collect(Collectors.toList());
      assertEquals(List.of(), leaks, "a password in the output, the JMX dump or an exception");
      // Digests, never literals: the lock name the reserving statement carried must not be logged.
      List<String> literals =
          err.stream()
              .filter(l -> l.startsWith("[sluice]") && l.contains(LITERAL))
              .collect(Collectors.toList());
      assertEquals(List.of(), literals, "a statement's literal in Sluice's log");
    }
  }

  @Test
  void theAgentNeedsNoWritableFilesystem() throws IOException {
    AppDatabase db = AppDatabase.create("sec_readonly");
    Path base = Path.of(System.getProperty("sluice.it.output")).resolveSibling("read-only");
    Path agentDir = base.resolve("agent");
    Path cwd = base.resolve("cwd");
    Files.createDirectories(agentDir);
    Files.createDirectories(cwd);
    Path agentJar =
        Files.copy(
            Path.of(System.getProperty("sluice.agent.jar")),
            agentDir.resolve("sluice-agent.jar"),
            StandardCopyOption.REPLACE_EXISTING);
    for (Path dir : List.of(agentDir, cwd)) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    }

    List<String> dirs = new ArrayList<>(List.of(cwd.toString(), agentDir.toString()));
    JvmFork fork =
        Forks.app(NoWritesApp.class, db)
            // A temporary directory that does not exist, inside one that cannot be written.
            .jvmArgs("-Djava.io.tmpdir=" + cwd.resolve("no-such-tmp"), "-XX:-UsePerfData")
            .workingDir(cwd)
            .args("sessions=16", "statements=50")
            .javaagent(agentJar, "queryserver_config_pool_size=2");
    if (isRoot()) {
      // Permissions do not stop root: make every mount read-only in a mount namespace of its own.
      assumeTrue(canUnshareMounts(), "running as root without mount namespaces");
      fork.launcher(
          "unshare",
          "--mount",
          "--propagation",
          "private",
          "sh",
          "-c",
          "awk '{print $2}' /proc/self/mounts | while read -r m; do"
              + " mount -o remount,bind,ro \"$m\" 2>/dev/null; done; exec \"$@\"",
          "sh");
      dirs.addAll(List.of("/tmp", System.getProperty("sluice.it.apps")));
    }
    fork.args("dirs=" + String.join(":", dirs));

    try (ForkedJvm app = fork.start()) {
      assertEquals("WRITABLE places=none", app.awaitLine("WRITABLE ", Forks.TIMEOUT));
      KeyValueLine ids = KeyValueLine.parse(app.awaitLine("IDS ", Forks.TIMEOUT));
      assertEquals(0, Forks.exitQuietly(app));
      assertTrue(ids.getInt("changedSessions") > 0, "multiplexed: " + ids);
      assertTrue(ids.getInt("distinctOverall") <= 2, ids.toString());
      assertTrue(
          app.stderrLines().stream().anyMatch(l -> l.startsWith("[sluice] INFO")),
          "the agent ran: " + app.stderrLines());
    } finally {
      for (Path dir : List.of(agentDir, cwd)) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  /**
   * Runs {@link IdentityApp} with the agent: every session must have seen only its own identity's
   * view, on connections no other identity used, and at most the pool size of them per identity.
   *
   * @return the process list (id to user) of the app user(s) while the sessions were held
   */
  private static Map<Long, String> runIdentities(
      AppDatabase db, List<Identity> identities, int tablets) throws SQLException {
    JvmFork fork = identityApp(db, identities, SESSIONS, ROUNDS);
    try (ForkedJvm app = Forks.withAgent(fork, AGENT_ARGS).start()) {
      List<KeyValueLine> seen = new ArrayList<>();
      for (int i = 0; i < identities.size(); i++) {
        String prefix = "IDENTITY i=" + i + " ";
        seen.add(KeyValueLine.parse(app.awaitLine(prefix, Forks.TIMEOUT)));
      }
      app.awaitLine("HELD ", Forks.TIMEOUT);
      Map<Long, String> processlist =
          processlist(db, identities.stream().map(Identity::user).collect(Collectors.toSet()));
      app.send("close");
      app.awaitLine("CLOSED", Forks.TIMEOUT);
      assertEquals(0, Forks.exitQuietly(app));

      Map<Long, Integer> owner = new HashMap<>();
      for (int i = 0; i < identities.size(); i++) {
        Identity identity = identities.get(i);
        KeyValueLine line = seen.get(i);
        assertEquals(identity.expectedView(), line.get("seen"), "identity " + i + ": " + line);
        Set<Long> ids =
            Arrays.stream(line.get("ids").split(","))
                .map(Long::valueOf)
                .collect(Collectors.toSet());
        assertTrue(ids.size() <= POOL_SIZE, "multiplexed within the identity: " + line);
        for (long id : ids) {
          Integer previous = owner.put(id, i);
          assertTrue(
              previous == null,
              "connection " + id + " served identities " + previous + " and " + i);
          assertEquals(
              identity.user(),
              processlist.get(id),
              "connection " + id + " of identity " + i + " in the process list: " + processlist);
        }
      }
      assertTrue(processlist.size() <= tablets * POOL_SIZE, processlist.toString());
      return processlist;
    }
  }

  private static JvmFork identityApp(
      AppDatabase db, List<Identity> identities, int sessions, int rounds) {
    JvmFork fork =
        Forks.app(IdentityApp.class, db)
            .args(
                "identities=" + identities.size(),
                "sessions=" + sessions,
                "rounds=" + rounds);
    for (int i = 0; i < identities.size(); i++) {
      Identity identity = identities.get(i);
      fork.args("url." + i + "=" + identity.url(), "user." + i + "=" + identity.user())
          .env("APP_PASSWORD_" + i, identity.password());
    }
    return fork;
  }

  /** {@link IdentityApp}'s view: users, database, div_precision_increment, collation. */
  private static String view(String user, String database, String div, String collation) {
    return String.join(
        "|",
        user + "@%",
        user,
        database,
        div,
        collation == null ? "utf8mb4_0900_ai_ci" : collation);
  }

  private static Map<Long, String> processlist(AppDatabase db, Set<String> users)
      throws SQLException {
    Map<Long, String> ids = new HashMap<>();
    try (Connection root = db.admin().connect();
        Statement statement = root.createStatement();
        ResultSet rs =
            statement.executeQuery("SELECT id, user FROM information_schema.processlist")) {
      while (rs.next()) {
        if (users.contains(rs.getString(2))) {
          ids.put(rs.getLong(1), rs.getString(2));
        }
      }
    }
    return ids;
  }

  private static void adminExecute(AppDatabase db, String... statements) throws SQLException {
    try (Connection root = db.admin().connect();
        Statement statement = root.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static int indexOfPrefix(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line starting with " + prefix + " in " + lines);
  }

  /** The line starting with {@code prefix} and the lines after it, up to the next tagged step. */
  private static String following(List<String> lines, String prefix) {
    int start = indexOfPrefix(lines, prefix);
    StringBuilder text = new StringBuilder(lines.get(start));
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("MESSAGE ") && !line.startsWith("CAUSE ")) {
        break;
      }
      text.append('\n').append(line);
    }
    return text.toString();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean canUnshareMounts() {
    try {
      Process probe =
          new ProcessBuilder("unshare", "--mount", "--propagation", "private", "true")
              .redirectErrorStream(true)
              .start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
