package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.it.bench.Soak;
import io.sluice.it.bench.SoakOptions;
import io.sluice.it.bench.SoakResult;
import io.sluice.testkit.EmbeddedMysql;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The soak at a smoke size (15 s, a sample every 3 s): the command runs, samples and judges. No
 * timing or flatness thresholds: fifteen seconds say nothing about a leak, and the figures are the
 * benchmark's business, not the build's. What must hold at any size does: the oracle's 0
 * violations, no errors, physical connections within the pools.
 */
class SoakIT {
  private static final int POOL_SIZE = 16;

  @Test
  void aShortSoakSamplesAndJudgesTheRun() throws Exception {
    String javaHome = System.getProperty("sluice.it.java.home", "");
    SoakOptions options =
        SoakOptions.parse(
            "--seconds=15",
            "--sample-seconds=3",
            "--pool-size=" + POOL_SIZE,
            "--java-home=" + (javaHome.isBlank() ? System.getProperty("java.home") : javaHome));
    SoakResult result;
    try (EmbeddedMysql mysql = EmbeddedMysql.start(EmbeddedMysql.Options.defaults())) {
      result = Soak.run(options, mysql);
    }
    String table = result.table();

    assertEquals(5, result.samples().size(), table);
    assertEquals(List.of(1, 2, 3, 4, 5), result.samples().stream().map(s -> s.n()).toList());
    assertTrue(result.count("oracleOps") > 0, table);
    assertTrue(result.count("selectOps") > 0, table);
    assertEquals(0, result.count("violations"), table);
    assertEquals(0, result.count("oracleErrors") + result.count("selectErrors"), table);
    SoakResult.Sample last = result.samples().get(4);
    assertTrue(last.heapBytes() > 0 && last.threads() > 0, table);
    assertTrue(last.openSessions() > 0, "the agent's JMX was read: " + table);
    assertEquals(POOL_SIZE, last.capacity(), table);
    assertTrue(result.connectionsWithinPools(), table);
    assertEquals(List.of(), result.sluiceProblems(), table);
    assertTrue(table.contains("VERDICT: "), table);
  }
}
