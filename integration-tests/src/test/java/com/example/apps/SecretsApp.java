package com.example.apps;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Gives the password every chance to leak: a login with a wrong password ({@code
 * APP_WRONG_PASSWORD}), the right one ({@code APP_PASSWORD}) passed three ways (argument, URL
 * query, URL authority), a reservation past a cap of one, a reserved connection killed under its
 * session. Prints every exception with its causes, then every attribute of every MBean of domain
 * {@code io.sluice}. The lock name holds a marker literal ({@code literal}) that logs must not show
 * either.
 *
 * <pre>
 * FAILED class=java.sql.SQLException sqlState=28000 code=1045
 * MESSAGE Access denied for user 'app'@'localhost' (using password: YES)
 * EXCEPTION step=overCap class=... sqlState=08004 code=0
 * MESSAGE Sluice: ... max_reserved_connections=1 ...
 * EXCEPTION step=lost class=... sqlState=08S01 code=0
 * MESSAGE ...
 * JMX io.sluice:type=Sessions ReservationsForLocks=2
 * DONE jmxNames=2 tablets=1
 * </pre>
 */
public final class SecretsApp {
  private SecretsApp() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    String url = args.url();
    String user = args.user();
    String password = args.password();
    String literal = args.get("literal");

    try (Connection wrong =
        DriverManager.getConnection(url, user, System.getenv("APP_WRONG_PASSWORD"))) {
      System.out.println("CONNECTED wrong password accepted");
    } catch (SQLException e) {
      System.out.printf(
          "FAILED class=%s sqlState=%s code=%d%n",
          e.getClass().getName(), e.getSQLState(), e.getErrorCode());
      System.out.println("MESSAGE " + e.getMessage().lines().findFirst().orElse(""));
      printCauses(e);
    }

    String query = url + (url.contains("?") ? "&" : "?") + "user=" + user + "&password=" + password;
    String authority = url.replaceFirst("://", "://" + user + ":" + password + "@");
    try (Connection a = DriverManager.getConnection(url, user, password);
        Connection b = DriverManager.getConnection(query);
        Connection c = DriverManager.getConnection(authority)) {
      for (Connection connection : new Connection[] {a, b, c}) {
        AppArgs.queryLong(connection, "SELECT 1");
      }
      long lockHolder;
      try (Statement statement = a.createStatement();
          ResultSet rs =
              statement.executeQuery(
                  "SELECT GET_LOCK('" + literal + "', 0) /* " + literal + " */")) {
        rs.next();
        System.out.printf("LOCKED got=%d%n", rs.getLong(1));
      }
      // Its reserved connection's MySQL thread (CONNECTION_ID() is the session's own id).
      lockHolder = AppArgs.queryLong(a, AppArgs.physicalIdQuery());
      // The cap is one reserved connection: b's lock waits for it and fails.
      step("overCap", () -> AppArgs.queryLong(b, "SELECT GET_LOCK('second', 0)"));
      // The same user may kill its own connection: a's reserved connection dies under it.
      AppArgs.execute(c, "KILL " + lockHolder);
      step("lost", () -> AppArgs.queryLong(a, "SELECT 1"));
      step("afterLost", () -> AppArgs.queryLong(a, "SELECT 1"));
      dumpJmx();
    }
  }

  private interface Step {
    void run() throws SQLException;
  }

  private static void step(String name, Step step) {
    try {
      step.run();
      System.out.printf("OK step=%s%n", name);
    } catch (SQLException e) {
      System.out.printf(
          "EXCEPTION step=%s class=%s sqlState=%s code=%d%n",
          name, e.getClass().getName(), e.getSQLState(), e.getErrorCode());
      printCauses(e);
    }
  }

  /** Every message of the chain, each line of it, and the stack trace on stderr. */
  private static void printCauses(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      System.out.println("CAUSE " + t);
      String message = String.valueOf(t.getMessage());
      message.lines().forEach(line -> System.out.println("MESSAGE " + line));
    }
    e.printStackTrace();
  }

  /** Every MBean of domain io.sluice: its name, descriptions and every attribute's value. */
  private static void dumpJmx() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    Set<ObjectName> names = new TreeSet<>(server.queryNames(new ObjectName("io.sluice:*"), null));
    int tablets = 0;
    for (ObjectName name : names) {
      tablets += "Tablet".equals(name.getKeyProperty("type")) ? 1 : 0;
      MBeanInfo info = server.getMBeanInfo(name);
      System.out.println(
          "JMX " + name + " class=" + info.getClassName() + " " + info.getDescription());
      for (MBeanAttributeInfo attribute : info.getAttributes()) {
        System.out.println(
            "JMX "
                + name
                + " "
                + attribute.getName()
                + "="
                + server.getAttribute(name, attribute.getName())
                + " ("
                + attribute.getDescription()
                + ")");
      }
    }
    System.out.printf("DONE jmxNames=%d tablets=%d%n", names.size(), tablets);
  }
}
