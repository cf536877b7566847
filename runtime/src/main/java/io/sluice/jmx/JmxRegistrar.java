package io.sluice.jmx;

import io.sluice.advisor.Advisor;
import io.sluice.pinning.Pinning;
import io.sluice.session.SessionMetrics;
import io.sluice.tablet.Tablet;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Sluice's MXBeans in the platform MBean server, lazily: the first time a tablet
 * opens, never in premain. Touching the platform MBean server that early breaks containers that
 * install their own (JBoss/WildFly's log manager, GlassFish's MBean server builder), as
 * Glowroot's {@code LazyPlatformMBeanServer} explains.
 */
public final class JmxRegistrar {
  private static final Logger log = LoggerFactory.getLogger(JmxRegistrar.class);
  static final String DOMAIN = "io.sluice";

  private final SessionMetrics metrics;
  private final Pinning pinning;
  private boolean sessionsRegistered;
  /** Tablets registered per name: tablets differing only in password or properties share one. */
  private final java.util.Map<String, Integer> tabletsNamed = new java.util.HashMap<>();

  public JmxRegistrar(SessionMetrics metrics, Pinning pinning) {
    this.metrics = metrics;
    this.pinning = pinning;
  }

  /** Registers a newly opened tablet, and the Sessions MXBean with the first one. */
  public synchronized void register(Tablet tablet) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    registerSessions(server);
    int count = tabletsNamed.merge(tablet.name(), 1, Integer::sum);
    register(
        server,
        new TabletView(tablet),
        tabletName(tablet.name()) + (count == 1 ? "" : ",variant=" + count));
  }

  /**
   * Advise mode: registers {@code io.sluice:type=Advisor} and the Sessions MXBean, when the first
   * connection is seen.
   */
  public synchronized void register(Advisor advisor) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    registerSessions(server);
    register(server, new AdvisorView(advisor), DOMAIN + ":type=Advisor");
  }

  private void registerSessions(MBeanServer server) {
    if (!sessionsRegistered) {
      register(server, new Sessions(metrics, pinning), DOMAIN + ":type=Sessions");
      sessionsRegistered = true;
    }
  }

  /**
   * {@code io.sluice:type=Tablet,name="user@host:port/db"}; the second and later tablets of the
   * same name (another password or other properties) add {@code ,variant=2}, {@code 3}...
   */
  public static String tabletName(String tablet) {
    return DOMAIN + ":type=Tablet,name=" + ObjectName.quote(tablet);
  }

  private static void register(MBeanServer server, Object bean, String name) {
    try {
      ObjectName objectName = new ObjectName(name);
      if (server.isRegistered(objectName)) {
        server.unregisterMBean(objectName); // a previous runtime in this JVM (tests) left it
      }
      server.registerMBean(bean, objectName);
    } catch (JMException e) {
      log.warn("cannot register {} in JMX: {}", name, e.toString());
    }
  }
}
