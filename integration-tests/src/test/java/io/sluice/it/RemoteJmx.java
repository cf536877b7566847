package io.sluice.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * JMX of a forked JVM, as an operator's JConsole reads it: the JVM's own remote agent on a
 * loopback port, without authentication (a test's private port).
 */
final class RemoteJmx implements AutoCloseable {
  private final JMXConnector connector;
  private final MBeanServerConnection server;

  private RemoteJmx(JMXConnector connector) throws IOException {
    this.connector = connector;
    this.server = connector.getMBeanServerConnection();
  }

  /** The JVM options that open the remote agent on {@code port} of 127.0.0.1. */
  static List<String> jvmArgs(int port) {
    return List.of(
        "-Dcom.sun.management.jmxremote.port=" + port,
        "-Dcom.sun.management.jmxremote.rmi.port=" + port,
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false",
        "-Djava.rmi.server.hostname=127.0.0.1");
  }

  /** Connects, retrying while the JVM starts. */
  static RemoteJmx connect(int port, Duration timeout) throws Exception {
    JMXServiceURL url =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return new RemoteJmx(JMXConnectorFactory.connect(url));
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /** A port free now on 127.0.0.1. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  Object attribute(String name, String attribute) throws Exception {
    return server.getAttribute(new ObjectName(name), attribute);
  }

  CompositeData[] rows(String operation) throws Exception {
    return (CompositeData[])
        server.invoke(new ObjectName("io.sluice:type=Sessions"), operation, null, null);
  }

  /** The names of the MBeans matching {@code pattern}. */
  List<ObjectName> names(String pattern) throws Exception {
    return List.copyOf(server.queryNames(new ObjectName(pattern), null));
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
