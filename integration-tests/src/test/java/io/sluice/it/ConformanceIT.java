package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.conformance.ConformanceApp;
import io.sluice.testkit.EmbeddedMysql;
import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.JvmFork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The differential conformance matrix: the same application ({@link ConformanceApp}) runs twice per
 * Connector/J version and URL profile, in forked JVMs, direct and under the agent, and the two
 * transcripts of everything it observed must be the same line for line, apart from the documented
 * known differences of {@link ConformanceMatrix#KNOWN} (documented pins, and open ones).
 *
 * <p>{@code -Dsluice.conformance=full} runs every driver with every profile; the default ({@code
 * ci}) every driver on the plain URL and every profile on the newest driver. The report goes to
 * {@code target/conformance/report.txt}.
 */
class ConformanceIT {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern BROKEN_CONNECTION =
      Pattern.compile("\\[sluice\\] WARN ProxyConnection: .* marked as broken because of SQLSTATE\\(08");
  /** Cells at once: most of a run waits on MySQL (sleeps, timeouts), so two share 2 cores. */
  private static final int PARALLEL_CELLS = Integer.getInteger("sluice.conformance.parallel", 2);
  /** A small pool, so consecutive sessions share physical connections. */
  private static final String AGENT_ARGS =
      "queryserver_config_pool_size=3,queryserver_config_transaction_cap=4";

  @Test
  void directAndAgentObserveTheSame() throws Exception {
    List<ConformanceMatrix.Cell> cells =
        ConformanceMatrix.cells(System.getProperty("sluice.conformance", "ci"));
    EmbeddedMysql server = EmbeddedMysql.shared();
    String adminUrl =
        "jdbc:mysql://127.0.0.1:" + server.port() + ",127.0.0.1:" + server.port()
            + "/mysql?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    long started = System.nanoTime();
    // Cells run side by side, each on its own database and user; a cell's two runs in turn.
    ExecutorService workers = Executors.newFixedThreadPool(PARALLEL_CELLS);
    List<Future<CellResult>> results = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      ConformanceMatrix.Cell cell = cells.get(i);
      String name = "conf" + (i + 1);
      results.add(workers.submit(() -> run(cell, name, adminUrl)));
    }
    List<String> report = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    try {
      for (Future<CellResult> result : results) {
        report.addAll(result.get().report());
        unexpected.addAll(result.get().unexpected());
      }
    } finally {
      workers.shutdownNow();
    }
    report.add(String.format("%d cells x 2 runs in %d s", cells.size(),
        Duration.ofNanos(System.nanoTime() - started).toSeconds()));
    Path out = Path.of(System.getProperty("sluice.it.output")).resolveSibling("conformance");
    Files.createDirectories(out);
    Files.write(out.resolve("report.txt"), report);
    System.out.println(String.join("\n", report));
    assertTrue(unexpected.isEmpty(),
        unexpected.size() + " differences between direct and the agent:\n"
            + String.join("\n", unexpected));
  }

  /** What one cell printed for the report, and its differences that are no documented pin. */
  private record CellResult(List<String> report, List<String> unexpected) {}

  private static CellResult run(ConformanceMatrix.Cell cell, String name, String adminUrl)
      throws IOException {
    AppDatabase database = AppDatabase.create(name);
    database =
        database.withUrl(
            ConformanceMatrix.withProperties(database.url(), cell.profile().properties()));
    List<String> report = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> direct;
    List<String> agent;
    try {
      direct = transcript(cell, database, adminUrl, false);
      agent = transcript(cell, database, adminUrl, true);
    } catch (AssertionError e) {
      String line = cell + " did not run: " + e.getMessage();
      return new CellResult(List.of(line), List.of(line));
    }
    List<TranscriptDiff.Difference> differences = TranscriptDiff.compare(direct, agent);
    for (TranscriptDiff.Difference difference : differences) {
      ConformanceMatrix.Known known = ConformanceMatrix.known(cell, difference);
      String line = cell + " " + difference + (known == null ? "" : "\n    " + known);
      report.add(line);
      if (known == null) {
        unexpected.add(line);
      }
    }
    report.add(String.format("%s: %d scenarios, %d differences (%d known)", cell,
        TranscriptDiff.scenarios(direct).size(), differences.size(),
        differences.size() - unexpected.size()));
    return new CellResult(report, unexpected);
  }

  /**
   * Fails on any agent warning but one: the faults the scenarios inject break physical
   * connections, and the pool underneath says so when it drops one.
   */
  private static void assertNoUnexpectedWarnings(ForkedJvm jvm) {
    List<String> problems =
        jvm.sluiceProblems().stream()
            .filter(line -> !BROKEN_CONNECTION.matcher(line).find())
            .toList();
    if (!problems.isEmpty()) {
      throw jvm.failure("The agent logged unexpected problems:\n  " + String.join("\n  ", problems));
    }
  }

  private static List<String> transcript(
      ConformanceMatrix.Cell cell, AppDatabase database, String adminUrl, boolean withAgent)
      throws IOException {
    JvmFork fork =
        Forks.app(ConformanceApp.class, database, cell.driver()).args("admin-url=" + adminUrl);
    if (withAgent) {
      fork = Forks.withAgent(fork, AGENT_ARGS);
    }
    try (ForkedJvm jvm = fork.start()) {
      jvm.awaitSuccess(RUN_TIMEOUT);
      if (withAgent) {
        assertNoUnexpectedWarnings(jvm);
      }
      Map<String, String> marks = new LinkedHashMap<>();
      List<String> lines = new ArrayList<>();
      for (String line : jvm.stdoutLines()) {
        if (line.startsWith("T|")) {
          lines.add(line.substring(2));
        } else if (line.startsWith("M|")) {
          String[] mark = line.substring(2).split("=", 2);
          marks.put(mark[0], mark[1]);
        }
      }
      // A run under the agent that multiplexed nothing would compare the driver with itself.
      int tablets = Integer.parseInt(marks.getOrDefault("tablets", "0"));
      if (withAgent ? tablets == 0 : tablets != 0) {
        throw jvm.failure(withAgent ? "the agent multiplexed nothing" : "a direct run saw a tablet");
      }
      return lines;
    }
  }
}
