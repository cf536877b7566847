package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.apps.StatementsApp;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Odd input gives exactly what a direct connection gives: {@link StatementsApp} runs the same cases
 * once without the agent and once with it, on the same database, and every case's results,
 * update counts, warnings and exceptions (class, SQLState, error code, message) must be equal.
 */
class BadInputIT {
  private static final long SEED = 20240607L;
  private static final int GENERATED = 300;

  private static Map<String, String> direct;
  private static Map<String, String> sluice;
  private static Map<String, Long> reservations;
  private static Map<String, String> statements;

  @BeforeAll
  static void runBothWays() {
    AppDatabase db = AppDatabase.create("it_bad_input");
    direct = run(db, false);
    sluice = run(db, true);
    assertEquals(direct.keySet(), sluice.keySet(), "both runs ran every case");
  }

  @Test
  void malformedSql() {
    assertSame("malformed.");
  }

  @Test
  void lookAlikesInLiteralsAndCommentsNeitherReserveNorChangeResults() {
    assertSame("inert.");
    List<String> reserving = new ArrayList<>();
    direct.keySet().stream()
        .filter(name -> name.startsWith("inert."))
        .filter(name -> reservations.get(name) != 0)
        .forEach(name -> reserving.add(name + " reserved " + reservations.get(name)));
    assertEquals(List.of(), reserving);
  }

  @Test
  void aNulOutsideLiteralsDoesNotReserve() {
    for (String name : List.of("nul.inComment", "nul.outsideLiteral")) {
      assertTrue(direct.get(name).startsWith("rs["), "MySQL runs it: " + direct.get(name));
      assertEquals(0, reservations.get(name), name + ": " + statements.get(name));
    }
  }

  @Test
  void versionComments() {
    assertSame("versionComment.");
  }

  @Test
  void unicodeIdentifiersAndData() {
    assertSame("unicode.");
  }

  @Test
  void nulBytes() {
    assertSame("nul.");
  }

  @Test
  void optimizerHintsTheAppWrote() {
    assertSame("hint.");
  }

  @Test
  void sixteenMibStatementAndParameter() {
    assertSame("big.");
    assertTrue(direct.get("big.statement").contains("(1,"), direct.get("big.statement"));
  }

  @Test
  void generatedStatements() {
    assertSame("gen.");
    // Well-formed ones carry their look-alikes in literals and comments only.
    List<String> reserving = new ArrayList<>();
    direct.keySet().stream()
        .filter(name -> name.startsWith("gen.") && direct.get(name).startsWith("rs["))
        .filter(name -> reservations.get(name) != 0)
        .forEach(name -> reserving.add(name + ": " + statements.get(name)));
    assertEquals(List.of(), reserving, "well-formed generated statements that reserved");
  }

  /** Every case of the group gives the same outcome with the agent as without. */
  private static void assertSame(String group) {
    List<String> differences = new ArrayList<>();
    int compared = 0;
    for (String name : direct.keySet()) {
      if (name.startsWith(group)) {
        compared++;
        if (!direct.get(name).equals(sluice.get(name))) {
          differences.add(
              String.format(
                  "%s: %s%n  direct: %s%n  sluice: %s",
                  name, statements.get(name), direct.get(name), sluice.get(name)));
        }
      }
    }
    assertTrue(compared > 0, "no case in group " + group);
    assertEquals("", String.join("\n", differences), "cases that differ from direct");
  }

  /** The app's CASE lines, by case name; with the agent, also its reservations per case. */
  private static Map<String, String> run(AppDatabase db, boolean withAgent) {
    JvmFork fork =
        Forks.app(StatementsApp.class, db)
            // Room for the 16 MiB statement in its forms (String, bytes, packet).
            .jvmArgs("-Xmx1g")
            .args("seed=" + SEED, "generated=" + GENERATED);
    Map<String, String> cases = new LinkedHashMap<>();
    try (ForkedJvm app = (withAgent ? Forks.withAgent(fork, null) : fork).start()) {
      app.awaitLine("DONE ", Forks.TIMEOUT);
      assertEquals(0, Forks.exitQuietly(app));
      Map<String, Long> reserved = new LinkedHashMap<>();
      Map<String, String> sql = new LinkedHashMap<>();
      for (String line : app.stdoutLines()) {
        if (line.startsWith("CASE ")) {
          int space = line.indexOf(' ', 5);
          cases.put(line.substring(5, space), line.substring(space + 1));
        } else if (line.startsWith("SQL ")) {
          int space = line.indexOf(' ', 4);
          sql.put(line.substring(4, space), line.substring(space + 1));
        } else if (line.startsWith("RESERVATIONS ")) {
          String[] parts = line.split(" ");
          reserved.put(parts[1], Long.parseLong(parts[2]));
        }
      }
      if (withAgent) {
        assertEquals(cases.keySet(), reserved.keySet(), "reservations read for every case");
        reservations = reserved;
        statements = sql;
      }
    }
    return cases;
  }
}
