package io.sluice;

import io.sluice.advisor.Advisor;
import io.sluice.config.Mode;
import io.sluice.config.SluiceConfig;
import io.sluice.jmx.JmxRegistrar;
import io.sluice.pinning.Pinning;
import io.sluice.session.LogicalConnection;
import io.sluice.session.SessionContext;
import io.sluice.session.SessionMetrics;
import io.sluice.status.StatusService;
import io.sluice.tablet.DriverUrl;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.tablet.Tablet;
import io.sluice.tablet.TabletRegistry;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's runtime: turns the application's connect calls into logical sessions over shared
 * physical connections.
 *
 * <p>The agent creates one instance in premain and routes every {@code connect} of the MySQL
 * driver to {@link #connect}. Tests create their own and call it directly, with {@link
 * PhysicalConnector#DIRECT}: nothing here needs an agent.
 */
public final class Sluice implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sluice.class);

  private final SluiceConfig config;
  private final SessionContext context;
  private final TabletRegistry tablets;
  private final JmxRegistrar jmx;
  private final Advisor advisor;
  private final StatusService status;
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  public Sluice(SluiceConfig config, PhysicalConnector connector) {
    this.config = config;
    SessionMetrics metrics = new SessionMetrics();
    boolean advise = config.mode() == Mode.ADVISE;
    this.context = new SessionContext(config, metrics, new Pinning(advise));
    this.jmx = config.jmx() ? new JmxRegistrar(metrics, context.pinning()) : null;
    this.advisor =
        advise
            ? new Advisor(config, connector, metrics, context.pinning(), this::advisorStarted)
            : null;
    // The tick also drives the advisor's summary line, so advise mode has it without a page.
    this.status =
        config.statusPort() > 0 || advise
            ? new StatusService(
                config.statusBind(),
                config.statusPort(),
                new RuntimeStatus(this::tablets, metrics, context.pinning(), advisor),
                advise ? advisor::everySecond : () -> {})
            : null;
    this.tablets =
        new TabletRegistry(
            config,
            connector,
            tablet -> {
              if (jmx != null) {
                jmx.register(tablet);
              }
              if (status != null) {
                status.start();
              }
            });
  }

  private void advisorStarted() {
    if (jmx != null) {
      jmx.register(advisor);
    }
    status.start();
  }

  /**
   * Hands out a logical session for a driver's connect call, verifying the tablet's credentials
   * with a real connection the first time.
   *
   * @return the logical connection, or {@code null} to let the driver connect as if Sluice were
   *     absent: URLs Sluice does not multiplex (multi-host, load-balanced, replication, DNS SRV,
   *     X DevAPI), a failed verification (the driver then raises its own exception), a tablet
   *     Sluice cannot use although the driver connected (logged once at WARN), or any fault of
   *     Sluice's own. In advise mode, the driver's own connection behind a proxy that
   *     classifies its statements. Never throws.
   */
  public Connection connect(Driver driver, String url, Properties info) {
    try {
      DriverUrl parsed = DriverUrl.parse(driver, url, info);
      if (parsed == null) {
        return null;
      }
      if (advisor != null) {
        try {
          return advisor.connect(driver, parsed, url, info);
        } catch (SQLException e) {
          return null; // the driver connects itself and raises its own exception
        }
      }
      Tablet tablet;
      try {
        tablet = tablets.tabletFor(driver, parsed, url, info);
      } catch (SQLException e) {
        // The driver connects itself and raises its own exception, or, for a tablet Sluice cannot
        // use (UnusableTabletException, said once at WARN), connects as if Sluice were absent.
        return null;
      }
      return LogicalConnection.open(tablet, context);
    } catch (RuntimeException | Error e) {
      if (failureLogged.compareAndSet(false, true)) {
        log.error("cannot multiplex a connection; passing it through to the driver", e);
      }
      return null;
    }
  }

  /** The tablets open now. */
  public Collection<Tablet> tablets() {
    return tablets.tablets();
  }

  /** The counters of this runtime's sessions. */
  public SessionMetrics metrics() {
    return context.metrics();
  }

  /** Advise mode's projection, or {@code null} when multiplexing. */
  public Advisor advisor() {
    return advisor;
  }

  /** The status page and its samples, or {@code null} when neither is on. */
  public StatusService status() {
    return status;
  }

  /** Closes every tablet's pools. Sessions still open fail their next statement. */
  @Override
  public void close() {
    if (status != null) {
      status.close();
    }
    context.close();
    tablets.close();
  }
}
