package io.sluice.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class StderrLoggerTest {
  private static final String NL = System.lineSeparator();

  @RegisterExtension final StderrCapture stderr = new StderrCapture();

  private final SluiceLoggerFactory factory = new SluiceLoggerFactory(null);

  @Test
  void aLineIsPrefixLevelSimpleNameAndFormattedMessage() {
    factory.getLogger("io.sluice.tablet.TabletPool").info("opened {} of {}", 3, 16);
    assertEquals("[sluice] INFO TabletPool: opened 3 of 16" + NL, stderr.text());
  }

  @Test
  void sluiceLogsInfoAndAboveByDefault() {
    Logger logger = factory.getLogger("io.sluice.session.Session");
    logger.trace("t");
    logger.debug("d {}", "x");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    assertEquals(
        "[sluice] INFO Session: i"
            + NL
            + "[sluice] WARN Session: w"
            + NL
            + "[sluice] ERROR Session: e"
            + NL,
        stderr.text());
    assertFalse(logger.isDebugEnabled());
    assertTrue(logger.isInfoEnabled());
  }

  @Test
  void everythingElseLogsWarnAndAboveIncludingShadedLibraries() {
    for (String name :
        new String[] {
          "io.sluice.shaded.com.zaxxer.hikari.pool.HikariPool", "com.example.Other", "root"
        }) {
      Logger logger = factory.getLogger(name);
      logger.info("i");
      assertFalse(logger.isInfoEnabled(), name);
      assertTrue(logger.isWarnEnabled(), name);
    }
    factory.getLogger("io.sluice.shaded.com.zaxxer.hikari.pool.HikariPool").warn("{} - gone", "p");
    assertEquals("[sluice] WARN HikariPool: p - gone" + NL, stderr.text());
  }

  @Test
  void aThrowableIsFollowedByItsStackTrace() {
    IllegalStateException boom = new IllegalStateException("boom");
    factory.getLogger("io.sluice.X").error("failed", boom);
    factory.getLogger("io.sluice.Y").warn("lost {}", "tablet", boom);
    String[] lines = stderr.text().split(NL);
    assertEquals("[sluice] ERROR X: failed", lines[0]);
    assertEquals("java.lang.IllegalStateException: boom", lines[1]);
    assertTrue(lines[2].startsWith("\tat " + StderrLoggerTest.class.getName()), lines[2]);
    int second = List.of(lines).indexOf("[sluice] WARN Y: lost tablet");
    assertTrue(second > 2, stderr.text());
    assertEquals("java.lang.IllegalStateException: boom", lines[second + 1]);
  }

  @Test
  void sluiceLevelPropertyLowersOnlySluicesLevel() {
    SluiceLoggerFactory debug = new SluiceLoggerFactory("debug");
    assertTrue(debug.getLogger("io.sluice.sql.Plan").isDebugEnabled());
    assertFalse(debug.getLogger("io.sluice.sql.Plan").isTraceEnabled());
    assertFalse(debug.getLogger("io.sluice.shaded.com.zaxxer.hikari.HikariConfig").isInfoEnabled());
    assertTrue(new SluiceLoggerFactory(" TRACE ").getLogger("io.sluice.A").isTraceEnabled());
    assertEquals("", stderr.text());
  }

  @Test
  void offSilencesSluice() {
    Logger logger = new SluiceLoggerFactory("off").getLogger("io.sluice.A");
    logger.error("e");
    assertFalse(logger.isErrorEnabled());
    assertEquals("", stderr.text());
  }

  @Test
  void anUnknownLevelIsReportedAndInfoKept() {
    SluiceLoggerFactory loud = new SluiceLoggerFactory("loud");
    assertEquals(
        "[sluice] WARN SluiceLoggerFactory: Ignoring -Dsluice.log.level=loud:"
            + " expected trace, debug, info, warn, error or off"
            + NL,
        stderr.text());
    assertTrue(loud.getLogger("io.sluice.A").isInfoEnabled());
    assertFalse(loud.getLogger("io.sluice.A").isDebugEnabled());
  }

  @Test
  void aDisabledCallAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Logger logger = factory.getLogger("io.sluice.Quiet");
    Object a = "a";
    Object b = "b";
    for (int i = 0; i < 10_000; i++) { // warm up past class loading
      logger.debug("{} {}", a, b);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      logger.debug("x");
      logger.debug("{}", a);
      logger.debug("{} {}", a, b);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // A logger that built its argument array or message first would allocate at least 16 bytes
    // in each of the 300_000 calls.
    assertTrue(allocated < 100_000, "allocated " + allocated + " bytes");
    assertEquals("", stderr.text());
  }

  @Test
  void linesFromManyThreadsNeverInterleave() throws InterruptedException {
    int threads = 8;
    int perThread = 500;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread worker =
          new Thread(
              () -> {
                Logger logger = factory.getLogger("io.sluice.T" + id);
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                  logger.info("line {} of thread {} with some padding to widen the window", i, id);
                }
              });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    Pattern line =
        Pattern.compile(
            "\\[sluice] INFO T(\\d): line \\d+ of thread \\1 with some padding to"
                + " widen the window");
    String[] lines = stderr.text().split(NL);
    assertEquals(threads * perThread, lines.length);
    for (String each : lines) {
      assertTrue(line.matcher(each).matches(), each);
    }
  }

  @Test
  void slf4jFindsThisProviderThroughTheServiceFile() {
    assertTrue(LoggerFactory.getILoggerFactory() instanceof SluiceLoggerFactory);
    LoggerFactory.getLogger("io.sluice.Found").info("through slf4j");
    assertEquals("[sluice] INFO Found: through slf4j" + NL, stderr.text());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
