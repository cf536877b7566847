package io.sluice.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.pinning.Reservation;
import io.sluice.sql.ReserveReason;
import io.sluice.tablet.TabletStats;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusJsonTest {
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678901Z");

  @Test
  void rendersTabletsReservationsAndHistoryColumns() {
    TabletStats stats = new TabletStats(16, 3, 13, 7, 2, 5, 4, 9, 11, 12, 1, 1);
    Reservation lock =
        new Reservation(
            1,
            ReserveReason.LOCK,
            "app@127.0.0.1:3306/shop",
            "SELECT GET_LOCK(?, ?)",
            "com.example.Orders.lock(Orders.java:27)",
            AT.minusSeconds(42));
    StatusSnapshot snapshot =
        new StatusSnapshot(
            "multiplex",
            AT,
            64,
            1,
            List.of(new StatusSnapshot.TabletRow("app@127.0.0.1:3306/shop", stats)),
            null,
            List.of(lock),
            List.of(new Sample(100, 9, 64, -1), new Sample(101, 10, 64, -1)));
    String json = StatusJson.render(snapshot);
    assertTrue(json.startsWith("{\"mode\":\"multiplex\",\"at\":\"2026-01-02T03:04:05.678Z\","));
    assertTrue(
        json.contains(
            "{\"name\":\"app@127.0.0.1:3306/shop\",\"capacity\":16,\"inUse\":3,\"available\":13,"
                + "\"waitCount\":7,\"settingsIdle\":1,\"settingsStacks\":1,\"settingsPoolHits\":11,"
                + "\"settingsPoolMisses\":12,\"reservedConnections\":2,"
                + "\"transactionConnections\":4,\"physicalConnections\":9}"),
        json);
    assertTrue(json.contains("\"advisor\":null"), json);
    assertTrue(
        json.contains(
            "{\"tablet\":\"app@127.0.0.1:3306/shop\",\"reason\":\"lock\","
                + "\"since\":\"2026-01-02T03:03:23.678Z\",\"heldSeconds\":42,"
                + "\"digest\":\"SELECT GET_LOCK(?, ?)\","
                + "\"callSite\":\"com.example.Orders.lock(Orders.java:27)\"}"),
        json);
    assertTrue(
        json.endsWith(
            "\"history\":{\"t\":[100,101],\"physical\":[9,10],\"logical\":[64,64],"
                + "\"projected\":[-1,-1]}}"),
        json);
  }

  @Test
  void rendersTheAdvice() {
    StatusSnapshot snapshot =
        new StatusSnapshot(
            "advise",
            AT,
            3,
            1,
            List.of(),
            new StatusSnapshot.Advice(
                5,
                1,
                99,
                List.of(new StatusSnapshot.AdvisedTabletRow("t", 3, 4, 1, 5, 6, 2, 2))),
            List.of(),
            List.of());
    String json = StatusJson.render(snapshot);
    assertTrue(
        json.contains(
            "\"advisor\":{\"projectedPeak\":5,\"wouldReserveSessions\":1,\"statements\":99,"
                + "\"tablets\":[{\"name\":\"t\",\"openSessions\":3,\"peakSessions\":4,"
                + "\"wouldReserve\":1,\"projectedNow\":5,\"projectedPeak\":6,\"peakPooled\":2,"
                + "\"peakTransactions\":2}]}"),
        json);
    assertTrue(json.contains("\"reservedSessionRows\":[]"), json);
  }

  @Test
  void escapesAnyTextSoItStaysInert() {
    String nasty = "a\"b\\c\nd\te</script><img src=x onerror=alert(1)>&\u0001\u2028";
    String literal = StatusJson.string(nasty);
    assertEquals(
        "\"a\\\"b\\\\c\\nd\\te\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"
            + "\\u0026\\u0001\\u2028\"",
        literal);
    assertFalse(literal.contains("<"));
    assertEquals("null", StatusJson.string(null));
  }
}
