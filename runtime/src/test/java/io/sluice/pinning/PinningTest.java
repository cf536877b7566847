package io.sluice.pinning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.sql.ReserveReason;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The record of reservations without a server: the bounded cause table and the log's limit. */
class PinningTest {
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final AtomicLong clock = new AtomicLong();
  private PrintStream originalStderr;

  @BeforeEach
  void captureStderr() {
    originalStderr = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalStderr);
  }

  @Test
  void newCausesPastTheLimitAreSummedUpInTheNextMinute() {
    Pinning pinning = new Pinning(new CauseTable(), new NewCauseLog(2, clock::get));
    for (int i = 0; i < 5; i++) {
      pinning.reserved(ReserveReason.LOCK, "app@db:3306/shop", "SELECT " + i);
    }
    pinning.reserved(ReserveReason.LOCK, "app@db:3306/shop", "SELECT 0"); // not new
    assertEquals(2, lines().size(), text());
    clock.addAndGet(Duration.ofMinutes(1).toNanos());
    pinning.reserved(ReserveReason.SETTINGS, "app@db:3306/shop", "SET sql_log_bin = ?");
    List<String> lines = lines();
    assertEquals(4, lines.size(), text());
    assertTrue(
        lines.get(2).startsWith("[sluice] INFO Pinning: 3 more new pinning causes were not logged"),
        lines.get(2));
    assertTrue(lines.get(3).contains(" (settings) by \"SET sql_log_bin = ?\""), lines.get(3));
    assertEquals(6, pinning.causes().size());
  }

  @Test
  void aFullTableMakesRoomByDroppingTheCauseSeenLeastRecently() {
    CauseTable table = new CauseTable(2);
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    PinningCause a = new PinningCause(ReserveReason.LOCK, "a", "A.a(A.java:1)");
    PinningCause b = new PinningCause(ReserveReason.LOCK, "b", "B.b(B.java:1)");
    PinningCause c = new PinningCause(ReserveReason.LOCK, "c", "C.c(C.java:1)");
    assertTrue(table.count(a, t));
    assertTrue(table.count(b, t.plusSeconds(1)));
    assertFalse(table.count(a, t.plusSeconds(2)));
    assertTrue(table.count(c, t.plusSeconds(3)));
    List<CauseCount> ranked = table.ranked();
    assertEquals(List.of(a, c), ranked.stream().map(CauseCount::cause).toList());
    assertEquals(2, ranked.get(0).count());
    assertEquals(t, ranked.get(0).firstSeen());
    assertEquals(t.plusSeconds(2), ranked.get(0).lastSeen());
  }

  @Test
  void theCallSiteIsTheFirstFrameOutsideJdbcPoolsOrmsAndSluice() {
    for (String framework :
        List.of(
            "io.sluice.session.Session",
            "com.mysql.cj.jdbc.StatementImpl",
            "com.zaxxer.hikari.pool.ProxyStatement",
            "org.hibernate.engine.jdbc.internal.ResultSetReturnImpl",
            "org.springframework.jdbc.core.JdbcTemplate",
            "jdk.internal.reflect.NativeMethodAccessorImpl")) {
      assertFalse(CallSite.isApplication(framework), framework);
    }
    assertTrue(CallSite.isApplication("com.example.orders.OrderService"));
    assertTrue(CallSite.isApplication("org.springframework.web.servlet.DispatcherServlet"));
  }

  @Test
  void endingForgetsTheReservationAndKeepsItsCause() {
    Pinning pinning = new Pinning(new CauseTable(), new NewCauseLog(10, clock::get));
    Reservation first = pinning.reserved(ReserveReason.TEMPORARY_TABLE, "t", "CREATE ...");
    Reservation second = pinning.reserved(ReserveReason.TEMPORARY_TABLE, "t", "CREATE ...");
    assertEquals(List.of(first, second), pinning.reservations());
    pinning.ended(first);
    pinning.ended(null);
    assertEquals(List.of(second), pinning.reservations());
    assertEquals(2, pinning.causes().get(0).count());
  }

  private String text() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  private List<String> lines() {
    return text().lines().filter(line -> line.startsWith("[sluice] INFO Pinning: ")).toList();
  }
}
