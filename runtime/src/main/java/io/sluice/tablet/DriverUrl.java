package io.sluice.tablet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Driver;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What Connector/J itself makes of a {@code connect(url, info)} call, read through the driver's own
 * URL parser.
 *
 * <p>Sluice multiplexes only single-host {@code jdbc:mysql://} URLs. Parsing them by hand would
 * sooner or later disagree with the driver (user info in the authority, {@code address=(...)}
 * forms, properties in the URL and in {@code info}, their precedence), and a disagreement here
 * means sharing a physical connection between two identities. So the driver's own parser decides,
 * reached by reflection through the loader that defined the application's driver: the runtime does
 * not compile against Connector/J, and the application may carry any 8.x or 9.x version of it.
 */
public final class DriverUrl {

  private static final ClassValue<Parser> PARSERS =
      new ClassValue<>() {
        @Override
        protected Parser computeValue(Class<?> driverClass) {
          return Parser.forLoader(driverClass.getClassLoader());
        }
      };

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String database;
  private final Map<String, String> properties;

  private DriverUrl(
      String host,
      int port,
      String user,
      String password,
      String database,
      Map<String, String> properties) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.database = database;
    this.properties = properties;
  }

  /**
   * Parses a connect call as the driver would.
   *
   * @return the single host the driver would connect to, or {@code null} when Sluice must let the
   *     driver handle the call unchanged: a URL the driver does not accept, a multi-host,
   *     load-balanced, replication, DNS SRV or X DevAPI URL, or a driver whose parser cannot be
   *     reached
   */
  public static DriverUrl parse(Driver driver, String url, Properties info) {
    Parser parser = PARSERS.get(driver.getClass());
    return parser == null ? null : parser.parse(url, info);
  }

  /** Host name or address as written in the URL. */
  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The user name; empty when none was given (the driver then connects as the empty user). */
  public String user() {
    return user;
  }

  /** The password, never printed: {@link #toString()} leaves it out. */
  String password() {
    return password;
  }

  /** The default database, or empty. */
  public String database() {
    return database;
  }

  /**
   * A boolean property's value as Connector/J reads it ({@code true} or {@code yes}, {@code false}
   * or {@code no}, in any case); null when absent or not a boolean.
   */
  static Boolean flag(Map<String, String> properties, String name) {
    String value = properties.get(name);
    if ("true".equalsIgnoreCase(value) || "yes".equalsIgnoreCase(value)) {
      return Boolean.TRUE;
    }
    return "false".equalsIgnoreCase(value) || "no".equalsIgnoreCase(value) ? Boolean.FALSE : null;
  }

  /** Every connection property the driver would use, except user and password, sorted by name. */
  public Map<String, String> properties() {
    return properties;
  }

  /**
   * Equal when every part of the identity is equal, the password included: two sessions may share
   * physical connections only then.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof DriverUrl
        && port == ((DriverUrl) o).port
        && host.equals(((DriverUrl) o).host)
        && user.equals(((DriverUrl) o).user)
        && password.equals(((DriverUrl) o).password)
        && database.equals(((DriverUrl) o).database)
        && properties.equals(((DriverUrl) o).properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, user, database, properties);
  }

  /** {@code user@host:port/db}: a readable name without credentials. */
  @Override
  public String toString() {
    return user + "@" + host + ":" + port + "/" + database;
  }

  /** Method handles on {@code com.mysql.cj.conf.ConnectionUrl} and {@code HostInfo}. */
  private static final class Parser {
    private final MethodHandle acceptsUrl;
    private final MethodHandle getInstance;
    private final MethodHandle getType;
    private final MethodHandle getMainHost;
    private final MethodHandle exposeAsProperties;
    private final MethodHandle getHost;
    private final MethodHandle getPort;
    private final MethodHandle getUser;
    private final MethodHandle getPassword;
    private final MethodHandle getDatabase;

    private Parser(ClassLoader loader) throws ReflectiveOperationException {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> url = Class.forName("com.mysql.cj.conf.ConnectionUrl", false, loader);
      Class<?> hostInfo = Class.forName("com.mysql.cj.conf.HostInfo", false, loader);
      Class<?> type = Class.forName("com.mysql.cj.conf.ConnectionUrl$Type", false, loader);
      acceptsUrl =
          lookup.findStatic(url, "acceptsUrl", MethodType.methodType(boolean.class, String.class));
      getInstance =
          lookup.findStatic(
              url,
              "getConnectionUrlInstance",
              MethodType.methodType(url, String.class, Properties.class));
      getType = lookup.findVirtual(url, "getType", MethodType.methodType(type));
      getMainHost = lookup.findVirtual(url, "getMainHost", MethodType.methodType(hostInfo));
      exposeAsProperties =
          lookup.findVirtual(hostInfo, "exposeAsProperties", MethodType.methodType(Properties.class));
      getHost = lookup.findVirtual(hostInfo, "getHost", MethodType.methodType(String.class));
      getPort = lookup.findVirtual(hostInfo, "getPort", MethodType.methodType(int.class));
      getUser = lookup.findVirtual(hostInfo, "getUser", MethodType.methodType(String.class));
      getPassword = lookup.findVirtual(hostInfo, "getPassword", MethodType.methodType(String.class));
      getDatabase = lookup.findVirtual(hostInfo, "getDatabase", MethodType.methodType(String.class));
      // Sessions answer LAST_INSERT_ID() from the insert id each statement reports: a driver
      // without it must not be multiplexed at all.
      lookup.findVirtual(
          Class.forName("com.mysql.cj.jdbc.StatementImpl", false, loader),
          "getLastInsertID",
          MethodType.methodType(long.class));
    }

    static Parser forLoader(ClassLoader loader) {
      try {
        return new Parser(loader);
      } catch (ReflectiveOperationException | LinkageError e) {
        org.slf4j.LoggerFactory.getLogger(DriverUrl.class)
            .warn(
                "cannot read this Connector/J's URL parser ({}); its connections pass through"
                    + " without multiplexing",
                e.toString());
        return null;
      }
    }

    DriverUrl parse(String url, Properties info) {
      try {
        if (url == null || !(boolean) acceptsUrl.invoke(url)) {
          return null;
        }
        Object connectionUrl = getInstance.invoke(url, info);
        if (!"SINGLE_CONNECTION".equals(((Enum<?>) getType.invoke(connectionUrl)).name())) {
          return null;
        }
        Object host = getMainHost.invoke(connectionUrl);
        Properties all = (Properties) exposeAsProperties.invoke(host);
        Map<String, String> properties = new TreeMap<>();
        for (String name : all.stringPropertyNames()) {
          if (!name.equals("user") && !name.equals("password")) {
            properties.put(name, all.getProperty(name));
          }
        }
        return new DriverUrl(
            (String) getHost.invoke(host),
            (int) getPort.invoke(host),
            nullToEmpty((String) getUser.invoke(host)),
            nullToEmpty((String) getPassword.invoke(host)),
            nullToEmpty((String) getDatabase.invoke(host)),
            Collections.unmodifiableMap(properties));
      } catch (Throwable e) {
        // A URL the driver rejects: the driver will say why when it parses the URL itself.
        return null;
      }
    }

    private static String nullToEmpty(String s) {
      return s == null ? "" : s;
    }
  }
}
