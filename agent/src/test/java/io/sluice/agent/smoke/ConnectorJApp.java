package io.sluice.agent.smoke;

import com.mysql.cj.jdbc.MysqlConnectionPoolDataSource;
import com.mysql.cj.jdbc.MysqlDataSource;
import com.mysql.cj.jdbc.MysqlXADataSource;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * An unchanged Connector/J application, run in a forked JVM under the agent: it connects through
 * every path Connector/J offers and checks what the agent's class-loader layout lets it see. Each
 * check prints {@code ok <name>}; a failed one throws, so the JVM exits non-zero.
 *
 * <p>Arguments: the JDBC URL (user root, no password) and the Connector/J jar, which a child loader
 * loads again on its own, as a webapp loader would.
 */
public final class ConnectorJApp {
  private ConnectorJApp() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path connectorJar = Path.of(args[1]);

    check(
        "bridge-on-bootstrap",
        Class.forName("io.sluice.bootstrap.SluiceBridge").getClassLoader() == null);
    // Nexus: Byte Buddy would inject it into this loader unless the agent disables it.
    for (String hidden :
        List.of(
            "io.sluice.Sluice",
            "io.sluice.agent.install.AgentInstaller",
            "io.sluice.shaded.net.bytebuddy.ByteBuddy",
            "io.sluice.shaded.net.bytebuddy.dynamic.Nexus")) {
      check("hidden " + hidden, !visible(hidden));
    }
    List<String> drivers = new ArrayList<>();
    ServiceLoader.load(Driver.class).forEach(driver -> drivers.add(driver.getClass().getName()));
    check("only-the-app's-driver " + drivers, drivers.equals(List.of("com.mysql.cj.jdbc.Driver")));
    List<URL> driverServices =
        Collections.list(
            ClassLoader.getSystemClassLoader().getResources("META-INF/services/java.sql.Driver"));
    check("one-driver-service-file " + driverServices, driverServices.size() == 1);

    works("driver-manager", DriverManager.getConnection(url, "root", ""));
    MysqlDataSource dataSource = new MysqlDataSource();
    dataSource.setURL(url);
    works("data-source", dataSource.getConnection("root", ""));
    MysqlXADataSource xa = new MysqlXADataSource();
    xa.setURL(url);
    works("xa-data-source", xa.getXAConnection("root", "").getConnection());
    MysqlConnectionPoolDataSource cpds = new MysqlConnectionPoolDataSource();
    cpds.setURL(url);
    works("pool-data-source", cpds.getPooledConnection("root", "").getConnection());

    try (URLClassLoader webapp =
        new URLClassLoader(
            new URL[] {connectorJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      Driver driver =
          (Driver)
              Class.forName("com.mysql.cj.jdbc.Driver", true, webapp)
                  .getDeclaredConstructor()
                  .newInstance();
      check("child-loader-has-its-own-driver", driver.getClass().getClassLoader() == webapp);
      Properties info = new Properties();
      info.setProperty("user", "root");
      info.setProperty("password", "");
      works("child-loader", driver.connect(url, info));
    }

    try {
      DriverManager.getConnection(url, "root", "wrong").close();
      check("wrong-password-refused", false);
    } catch (SQLException e) {
      check(
          "wrong-password-gives-connector-j's-error " + e.getSQLState(),
          "28000".equals(e.getSQLState()));
    }
    System.out.println("all ok");
  }

  private static void works(String name, Connection connection) throws SQLException {
    try (connection;
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT 41 + 1")) {
      check(name, result.next() && result.getInt(1) == 42);
    }
  }

  private static boolean visible(String className) {
    try {
      Class.forName(className);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void check(String name, boolean passed) {
    if (!passed) {
      throw new AssertionError("failed: " + name);
    }
    System.out.println("ok " + name);
  }
}
