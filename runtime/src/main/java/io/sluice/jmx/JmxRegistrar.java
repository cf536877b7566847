package io.sluice.jmx;

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
  private boolean sessionsRegistered;

  public JmxRegistrar(SessionMetrics metrics) {
    this.metrics = metrics;
  }

  /** Registers a newly opened tablet, and the Sessions MXBean with the first one. */
  public synchronized void register(Tablet tablet) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    if (!sessionsRegistered) {
      register(server, new Sessions(metrics), DOMAIN + ":type=Sessions");
      sessionsRegistered = true;
    }
    register(server, new TabletView(tablet), tabletName(tablet.name()));
  }

  /** {@code io.sluice:type=Tablet,name="user@host:port/db"}. */
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
