package io.sluice;

import io.sluice.config.Mode;
import io.sluice.config.SluiceConfig;
import io.sluice.jmx.JmxRegistrar;
import io.sluice.session.LogicalConnection;
import io.sluice.session.SessionContext;
import io.sluice.session.SessionMetrics;
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
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  public Sluice(SluiceConfig config, PhysicalConnector connector) {
    this.config = config;
    SessionMetrics metrics = new SessionMetrics();
    this.context = new SessionContext(config, metrics);
    JmxRegistrar jmx = config.jmx() ? new JmxRegistrar(metrics) : null;
    this.tablets =
        new TabletRegistry(config, connector, jmx == null ? tablet -> {} : jmx::register);
  }

  /**
   * Hands out a logical session for a driver's connect call, verifying the tablet's credentials
   * with a real connection the first time.
   *
   * @return the logical connection, or {@code null} to let the driver connect as if Sluice were
   *     absent: URLs Sluice does not multiplex (multi-host, load-balanced, replication, DNS SRV,
   *     X DevAPI), a failed verification (the driver then raises its own exception), advisor mode,
   *     or any fault of Sluice's own. Never throws.
   */
  public Connection connect(Driver driver, String url, Properties info) {
    try {
      if (config.mode() != Mode.MULTIPLEX) {
        return null;
      }
      DriverUrl parsed = DriverUrl.parse(driver, url, info);
      if (parsed == null) {
        return null;
      }
      Tablet tablet;
      try {
        tablet = tablets.tabletFor(driver, parsed, url, info);
      } catch (SQLException e) {
        return null; // the driver connects itself and raises its own exception
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

  /** Closes every tablet's pools. Sessions still open fail their next statement. */
  @Override
  public void close() {
    context.close();
    tablets.close();
  }
}
