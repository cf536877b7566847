package io.sluice.advisor;

import io.sluice.config.SluiceConfig;
import io.sluice.pinning.Pinning;
import io.sluice.session.SessionMetrics;
import io.sluice.status.StatusSnapshot;
import io.sluice.tablet.DriverUrl;
import io.sluice.tablet.PhysicalConnector;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advise mode ({@code mode=advise}): every application connection is the driver's own, one
 * MySQL connection each, exactly as without Sluice, but every statement is classified. What would
 * have pinned is recorded in {@link Pinning} (so {@code reservedSessions()} and {@code
 * topPinningCauses()} name it, with its call site), and the physical connections multiplexing
 * would have needed are projected per tablet (see {@link AdvisedTablet}). A team can check an
 * application this way before it turns multiplexing on.
 */
public final class Advisor {
  private static final Logger log = LoggerFactory.getLogger(Advisor.class);
  private static final long MINUTE = Duration.ofMinutes(1).toNanos();

  private final SluiceConfig config;
  private final PhysicalConnector connector;
  private final SessionMetrics metrics;
  private final Pinning pinning;
  private final Runnable onFirstTablet;
  private final ConcurrentHashMap<Key, AdvisedTablet> tablets = new ConcurrentHashMap<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final LongAdder statements = new LongAdder();
  private final LongSupplier nanoClock;
  private long lastSummary;
  private long statementsAtLastSummary;

  /**
   * @param connector opens the driver's own connections, not multiplexed
   * @param onFirstTablet runs once, when the first connection is seen (JMX, the status page)
   */
  public Advisor(
      SluiceConfig config,
      PhysicalConnector connector,
      SessionMetrics metrics,
      Pinning pinning,
      Runnable onFirstTablet) {
    this(config, connector, metrics, pinning, onFirstTablet, System::nanoTime);
  }

  Advisor(
      SluiceConfig config,
      PhysicalConnector connector,
      SessionMetrics metrics,
      Pinning pinning,
      Runnable onFirstTablet,
      LongSupplier nanoClock) {
    this.config = config;
    this.connector = connector;
    this.metrics = metrics;
    this.pinning = pinning;
    this.onFirstTablet = onFirstTablet;
    this.nanoClock = nanoClock;
    this.lastSummary = nanoClock.getAsLong();
  }

  /**
   * Opens the driver's own connection, behind a proxy that classifies its statements.
   *
   * @throws SQLException the driver's own, when it cannot connect
   */
  public Connection connect(Driver driver, DriverUrl url, String rawUrl, Properties info)
      throws SQLException {
    Connection physical = connector.connect(driver, rawUrl, info);
    if (physical == null) {
      return null;
    }
    AdvisedTablet tablet =
        tablets.computeIfAbsent(
            new Key(driver.getClass(), url),
            key -> new AdvisedTablet(url.toString(), config.poolSize(), config.transactionCap()));
    if (started.compareAndSet(false, true)) {
      log.info(
          "advise mode: connections to {} are not multiplexed; Sluice reports what would pin and"
              + " the connections multiplexing would need (JMX io.sluice:type=Advisor)",
          tablet.name());
      onFirstTablet.run();
    }
    return AdvisedSession.open(this, tablet, physical);
  }

  /** Physical connections multiplexing would have needed at most, summed over tablets. */
  public int projectedPeak() {
    return tablets.values().stream().mapToInt(AdvisedTablet::projectedPeak).sum();
  }

  /** Physical connections multiplexing would hold now, summed over tablets. */
  public int projectedNow() {
    return tablets.values().stream().mapToInt(AdvisedTablet::projectedNow).sum();
  }

  /** Sessions open now, each on its own MySQL connection. */
  public int openSessions() {
    return tablets.values().stream().mapToInt(AdvisedTablet::openSessions).sum();
  }

  /** The most sessions open at once, summed over tablets. */
  public int peakSessions() {
    return tablets.values().stream().mapToInt(AdvisedTablet::peakSessions).sum();
  }

  /** Sessions that would hold a reserved connection now. */
  public int wouldReserveSessions() {
    return tablets.values().stream().mapToInt(AdvisedTablet::wouldReserve).sum();
  }

  /** Pooled connections multiplexing would have opened, summed over tablets. */
  public int peakPooled() {
    return tablets.values().stream().mapToInt(AdvisedTablet::peakPooled).sum();
  }

  /** Transaction connections multiplexing would have opened, summed over tablets. */
  public int peakTransactions() {
    return tablets.values().stream().mapToInt(AdvisedTablet::peakTransactions).sum();
  }

  /** Statement executions classified (a batch counts each of its texts). */
  public long statements() {
    return statements.sum();
  }

  /** The projection as the status page shows it. */
  public StatusSnapshot.Advice advice() {
    List<StatusSnapshot.AdvisedTabletRow> rows =
        tablets.values().stream()
            .sorted(Comparator.comparing(AdvisedTablet::name))
            .map(
                t ->
                    new StatusSnapshot.AdvisedTabletRow(
                        t.name(),
                        t.openSessions(),
                        t.peakSessions(),
                        t.wouldReserve(),
                        t.projectedNow(),
                        t.projectedPeak(),
                        t.peakPooled(),
                        t.peakTransactions()))
            .toList();
    return new StatusSnapshot.Advice(projectedPeak(), wouldReserveSessions(), statements(), rows);
  }

  /**
   * Logs the summary line, at most once a minute and only when statements ran since the last
   * one. Called every second.
   */
  public void everySecond() {
    long now = nanoClock.getAsLong();
    long seen = statements();
    synchronized (this) {
      if (now - lastSummary < MINUTE || seen == statementsAtLastSummary) {
        return;
      }
      lastSummary = now;
      statementsAtLastSummary = seen;
    }
    log.info(summary());
  }

  /** The summary line's text. */
  String summary() {
    return String.format(
        "advise mode: %d sessions open (peak %d), each on its own MySQL connection; multiplexed,"
            + " MySQL would need about %d at peak (pooled %d of %d, transaction %d of %d,"
            + " reserved %d); %d sessions would be pinned now; %d statements classified;"
            + " io.sluice:type=Sessions topPinningCauses() says why",
        openSessions(),
        peakSessions(),
        projectedPeak(),
        peakPooled(),
        config.poolSize() * Math.max(1, tablets.size()),
        peakTransactions(),
        config.transactionCap() * Math.max(1, tablets.size()),
        wouldReserveSessions(),
        wouldReserveSessions(),
        statements());
  }

  SessionMetrics metrics() {
    return metrics;
  }

  Pinning pinning() {
    return pinning;
  }

  void classified(int count) {
    statements.add(count);
  }

  /** A tablet's identity, as multiplexing keys it: which driver connects, to what, as whom. */
  private record Key(Class<?> driverClass, DriverUrl url) {}
}
