package io.sluice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.example.apps.ConnectProbe;
import io.sluice.testkit.ForkedJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real headless Chromium, against the sample app under the agent: what the
 * page shows after its scripts ran is what JMX says, and the housekeeping jobs' temporary table
 * and lock appear with the methods that left them. The screenshot is saved under
 * {@code integration-tests/target/screenshots/}.
 */
class StatusPageIT {
  static final String TABLE_METHOD = "com.example.orders.Housekeeping.prepareReportScratch(";
  static final String LOCK_METHOD = "com.example.orders.Housekeeping.lockRestock(";
  private static final Pattern TABLET_ROW =
      Pattern.compile("<tr data-tablet=\"([^\"]*)\">(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern RESERVATION_ROW =
      Pattern.compile("<tr class=\"reservation\">(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern CELL =
      Pattern.compile("<(?:td|b|span)[^>]*data-field=\"(\\w+)\"[^>]*>(.*?)</(?:td|b|span)>");
  private static final List<String> TABLET_FIELDS =
      List.of(
          "Capacity",
          "InUse",
          "Available",
          "WaitCount",
          "SettingsStacks",
          "SettingsIdle",
          "TransactionConnections",
          "ReservedConnections",
          "PhysicalConnections");

  @Test
  void thePageShowsWhatJmxShowsAndNamesTheMethodsThatPinned() throws Exception {
    Chromium chromium = Chromium.find();
    assumeTrue(
        chromium != null,
        "SKIPPED: no /usr/bin/chromium; install Debian's chromium (apt-get install -y chromium,"
            + " as .ci/run does) to load the status page in a real browser");
    AppDatabase database = AppDatabase.create("status_page");
    int statusPort = RemoteJmx.freePort();
    int jmxPort = RemoteJmx.freePort();
    try (ForkedJvm app =
        SampleAppFork.of(
                database, "status-page-sample-app", "status_port=" + statusPort, jmxPort, 16, 4)
            .start()) {
      app.awaitLine("HOLDING", Forks.TIMEOUT);
      String url = "http://127.0.0.1:" + statusPort + "/";
      try (RemoteJmx jmx = RemoteJmx.connect(jmxPort, Duration.ofSeconds(30))) {
        ObjectName tablet = jmx.names("io.sluice:type=Tablet,*").get(0);
        Map<String, String> before = tabletAttributes(jmx, tablet);
        List<String> reservations = reservationRows(jmx);
        String dom = chromium.dumpDom(url, 5000);
        Map<String, String> after = tabletAttributes(jmx, tablet);
        assertEquals(before, after, "JMX changed while the page loaded; the app should be idle");
        System.out.println("JMX tablet " + tablet + ": " + after);

        assertTrue(dom.contains("data-loaded=\"true\""), "the script rendered the page:\n" + dom);
        Map<String, Map<String, String>> tablets = tabletRows(dom);
        String name = ObjectName.unquote(tablet.getKeyProperty("name"));
        Map<String, String> shown = tablets.get(name);
        assertTrue(shown != null, "no row for " + name + " in " + tablets.keySet());
        for (String field : TABLET_FIELDS) {
          String key = Character.toLowerCase(field.charAt(0)) + field.substring(1);
          assertEquals(after.get(field), shown.get(key), field + " on the page vs JMX");
        }
        assertEquals(
            jmx.attribute("io.sluice:type=Sessions", "OpenSessions").toString(),
            field(dom, "openSessions"));
        assertEquals(
            jmx.attribute("io.sluice:type=Sessions", "ReservedSessions").toString(),
            field(dom, "reservedSessions"));

        List<String> onPage = pageReservations(dom);
        assertEquals(reservations, onPage, "reserved sessions on the page vs JMX");
        assertEquals(2, onPage.size(), onPage.toString());
        assertTrue(onPage.get(0).startsWith("temporary table|CREATE TEMPORARY TABLE"), onPage.get(0));
        assertTrue(onPage.get(0).contains("|" + TABLE_METHOD), onPage.get(0));
        assertTrue(onPage.get(1).startsWith("lock|SELECT GET_LOCK(?, ?)|" + LOCK_METHOD), onPage.get(1));
        assertTrue(dom.contains("<polyline"), "the chart has its lines");

        List<String> pinnedLines =
            app.stderrLines().stream().filter(l -> l.contains("session pinned")).toList();
        assertTrue(pinnedLines.stream().anyMatch(l -> l.contains(" at " + TABLE_METHOD)));
        assertTrue(pinnedLines.stream().anyMatch(l -> l.contains(" at " + LOCK_METHOD)));
        assertTrue(
            app.stderrLines().stream()
                .anyMatch(l -> l.contains("status page at http://127.0.0.1:" + statusPort + "/")),
            "the log names the page");

        Path png = Path.of(System.getProperty("sluice.it.screenshots"), "status-page.png");
        chromium.screenshot(url, png, 5000);
        System.out.println("STATUS PAGE SCREENSHOT " + png.toAbsolutePath());
      }
      app.assertNoSluiceProblems();
    }
  }

  /**
   * The JDK's HTTP dispatcher thread inherits the daemon flag of the thread that starts the
   * server, here the app's main thread, which opens the first connection: the page must not keep
   * the JVM alive once main returns.
   */
  @Test
  void theStatusPageLetsTheJvmExitWhenMainReturns() throws Exception {
    AppDatabase database = AppDatabase.create("status_exit");
    try (ForkedJvm app =
        Forks.withAgent(
                Forks.app(ConnectProbe.class, database), "status_port=" + RemoteJmx.freePort())
            .start()) {
      assertEquals(0, Forks.exitQuietly(app, Duration.ofSeconds(30)));
      assertTrue(app.stdoutLines().get(0).startsWith("CONNECTED"), app.stdoutLines().toString());
      assertTrue(
          app.stderrLines().stream().anyMatch(l -> l.contains("status page at")),
          "the page was served: " + app.stderrLines());
    }
  }

  private static Map<String, String> tabletAttributes(RemoteJmx jmx, ObjectName tablet)
      throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : TABLET_FIELDS) {
      values.put(field, jmx.attribute(tablet.toString(), field).toString());
    }
    return values;
  }

  /** {@code reason|digest|callSite|since|tablet} per row, oldest first. */
  private static List<String> reservationRows(RemoteJmx jmx) throws Exception {
    List<String> rows = new ArrayList<>();
    for (CompositeData row : jmx.rows("reservedSessions")) {
      rows.add(
          String.join(
              "|",
              (String) row.get("reason"),
              (String) row.get("digest"),
              (String) row.get("callSite"),
              (String) row.get("since"),
              (String) row.get("tablet")));
    }
    return rows;
  }

  private static List<String> pageReservations(String dom) {
    List<String> rows = new ArrayList<>();
    Matcher row = RESERVATION_ROW.matcher(dom);
    while (row.find()) {
      Map<String, String> cells = cells(row.group(1));
      rows.add(
          String.join(
              "|",
              cells.get("reason"),
              cells.get("digest"),
              cells.get("callSite"),
              cells.get("since"),
              cells.get("tablet")));
    }
    return rows;
  }

  static Map<String, Map<String, String>> tabletRows(String dom) {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    Matcher row = TABLET_ROW.matcher(dom);
    while (row.find()) {
      rows.put(unescape(row.group(1)), cells(row.group(2)));
    }
    return rows;
  }

  static String field(String dom, String field) {
    Matcher cell = CELL.matcher(dom);
    while (cell.find()) {
      if (cell.group(1).equals(field)) {
        return unescape(cell.group(2));
      }
    }
    throw new AssertionError("no data-field=" + field + " on the page");
  }

  private static Map<String, String> cells(String html) {
    Map<String, String> cells = new LinkedHashMap<>();
    Matcher cell = CELL.matcher(html);
    while (cell.find()) {
      cells.put(cell.group(1), unescape(cell.group(2)));
    }
    return cells;
  }

  private static String unescape(String html) {
    return html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u00a0")
        .replace("&amp;", "&");
  }
}
