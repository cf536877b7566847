package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testkit.ForkedJvm;
import io.sluice.testkit.ProcesslistSampler;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/**
 * Advise mode against the real thing: the sample app (64 threads on a pool of 64, with its
 * housekeeping jobs) runs once with {@code mode=advise}, each connection its own MySQL one, and
 * once multiplexed. The peak advise mode projected must be within 20% of the peak MySQL then
 * really shows, and both must name the jobs' methods as the causes of pinning.
 */
class AdvisorIT {
  private static final int THREADS = Integer.getInteger("sluice.it.advisor.threads", 64);
  private static final int SECONDS = 8;
  private static final Duration SAMPLE = Duration.ofMillis(50);

  @Test
  void theProjectedPeakIsWithinTwentyPercentOfTheMultiplexedOne() throws Exception {
    AppDatabase database = AppDatabase.create("advisor");
    int projected;
    int advisePeak;
    try (Connection root = database.admin().connect()) {
      int jmxPort = RemoteJmx.freePort();
      int statusPort = RemoteJmx.freePort();
      try (ProcesslistSampler sampler = ProcesslistSampler.start(root, database.user(), SAMPLE);
          ForkedJvm app =
              SampleAppFork.of(
                      database,
                      "advisor-advise",
                      "mode=advise,status_port=" + statusPort,
                      jmxPort,
                      THREADS,
                      SECONDS)
                  .start();
          RemoteJmx jmx = RemoteJmx.connect(jmxPort, Duration.ofSeconds(30))) {
        app.awaitLine("HOLDING", Forks.TIMEOUT);
        String advisor = "io.sluice:type=Advisor";
        projected = (int) jmx.attribute(advisor, "ProjectedPeakPhysicalConnections");
        advisePeak = sampler.peak();
        System.out.printf(
            "ADVISE mysqlPeak=%d projectedPeak=%d pooled=%s transaction=%s wouldReserve=%s"
                + " statements=%s%n",
            advisePeak,
            projected,
            jmx.attribute(advisor, "ProjectedPeakPooled"),
            jmx.attribute(advisor, "ProjectedPeakTransactions"),
            jmx.attribute(advisor, "WouldReserveSessions"),
            jmx.attribute(advisor, "StatementsClassified"));
        assertEquals(2, jmx.attribute(advisor, "WouldReserveSessions"));
        assertPinnedBy(jmx.rows("reservedSessions"));
        assertTrue(
            app.stderrLines().stream()
                .anyMatch(l -> l.contains("session would pin") && l.contains(StatusPageIT.LOCK_METHOD)),
            "the log names the lock's method");
        Chromium chromium = Chromium.find();
        if (chromium != null) {
          String url = "http://127.0.0.1:" + statusPort + "/";
          String dom = chromium.dumpDom(url, 5000);
          assertEquals(Integer.toString(projected), StatusPageIT.field(dom, "projectedPeak"));
          assertTrue(dom.contains(StatusPageIT.TABLE_METHOD), "the page names the table's method");
          Path png = Path.of(System.getProperty("sluice.it.screenshots"), "status-page-advise.png");
          chromium.screenshot(url, png, 5000);
          System.out.println("ADVISE STATUS PAGE SCREENSHOT " + png.toAbsolutePath());
        }
        app.assertNoSluiceProblems();
      }
      ProcesslistSampler.awaitNone(root, database.user(), SAMPLE, Duration.ofSeconds(30));

      jmxPort = RemoteJmx.freePort();
      try (ProcesslistSampler sampler = ProcesslistSampler.start(root, database.user(), SAMPLE);
          ForkedJvm app =
              SampleAppFork.of(database, "advisor-multiplex", null, jmxPort, THREADS, SECONDS)
                  .start();
          RemoteJmx jmx = RemoteJmx.connect(jmxPort, Duration.ofSeconds(30))) {
        app.awaitLine("HOLDING", Forks.TIMEOUT);
        int real = sampler.peak();
        ObjectName tablet = jmx.names("io.sluice:type=Tablet,*").get(0);
        System.out.printf(
            "MULTIPLEX mysqlPeak=%d physicalNow=%s reserved=%s; advise projected %d (%+.1f%%),"
                + " advise mode itself used %d%n",
            real,
            jmx.attribute(tablet.toString(), "PhysicalConnections"),
            jmx.attribute(tablet.toString(), "ReservedConnections"),
            projected,
            100.0 * (projected - real) / real,
            advisePeak);
        assertPinnedBy(jmx.rows("reservedSessions"));
        assertTrue(
            Math.abs(projected - real) <= 0.2 * real,
            "projected " + projected + " against a real multiplexed peak of " + real);
        app.assertNoSluiceProblems();
      }
    }
  }

  private static void assertPinnedBy(CompositeData[] rows) {
    List<String> sites = List.of(rows).stream().map(r -> (String) r.get("callSite")).toList();
    assertEquals(2, sites.size(), sites.toString());
    assertTrue(sites.get(0).startsWith(StatusPageIT.TABLE_METHOD), sites.toString());
    assertTrue(sites.get(1).startsWith(StatusPageIT.LOCK_METHOD), sites.toString());
  }
}
