package io.sluice.bench;

import io.sluice.Sluice;
import io.sluice.config.SluiceConfig;
import io.sluice.tablet.Carried;
import io.sluice.tablet.LentFor;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.tablet.Tablet;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Session checkout and return on a real MySQL 8.0.31 (the testkit's embedded server, started once
 * per fork): {@code SELECT 1} through a Sluice session ({@link #logical}: plan, borrow a pooled
 * connection, run, detach the buffered result, return the connection) against the same statement
 * on a direct Connector/J connection in the same run ({@link #direct}), and the pool's borrow and
 * return alone ({@link #borrowAndReturn}). One thread: this measures the path's cost, not
 * contention; the load harness measures that.
 *
 * <p>MySQL is unpacked next to the benchmarks jar ({@code benchmarks/target/mysql-8.0.31}) unless
 * {@code -Dsluice.mysql.dir} names another directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.Throughput})
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SessionBenchmark {
  private static final String USER = "bench_app";
  private static final String PASSWORD = "bench-secret";

  private EmbeddedMysql mysql;
  private Sluice sluice;
  private Connection logical;
  private Connection direct;
  private Tablet tablet;
  private Carried clean;

  @Setup(Level.Trial)
  public void startServer() throws SQLException {
    if (System.getProperty("sluice.mysql.dir") == null) {
      System.setProperty("sluice.mysql.dir", besideJar().resolve("mysql-8.0.31").toString());
    }
    mysql = EmbeddedMysql.start(EmbeddedMysql.Options.defaults());
    String url = mysql.jdbcUrl("bench");
    mysql.createUser(USER, PASSWORD);
    Properties info = new Properties();
    info.setProperty("user", USER);
    info.setProperty("password", PASSWORD);
    Driver driver = Drivers.connectorJ();
    direct = driver.connect(url, info);
    sluice =
        new Sluice(SluiceConfig.parse("queryserver_config_pool_size=4"), PhysicalConnector.DIRECT);
    logical = sluice.connect(driver, url, info);
    if (logical == null) {
      throw new IllegalStateException("Sluice declined to multiplex " + url);
    }
    tablet = sluice.tablets().iterator().next();
    clean = Carried.clean(tablet.defaults());
    // Both sides warm: the pool's first connection is opened here, not in the first iteration.
    selectOne(logical);
    selectOne(direct);
  }

  @TearDown(Level.Trial)
  public void stopServer() throws SQLException {
    try {
      logical.close();
      direct.close();
      sluice.close();
    } finally {
      mysql.close();
    }
  }

  /** {@code SELECT 1} through a Sluice session. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int logical() throws SQLException {
    return selectOne(logical);
  }

  /** {@code SELECT 1} on the application's own Connector/J connection. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int direct() throws SQLException {
    return selectOne(direct);
  }

  /** A pooled connection borrowed from the tablet and given back, with no statement. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public boolean borrowAndReturn() throws SQLException {
    Connection c = tablet.borrow(LentFor.STATEMENT, clean);
    boolean autoCommit = c.getAutoCommit();
    tablet.giveBack(LentFor.STATEMENT, c, clean, true);
    return autoCommit;
  }

  // What an application does per statement: a Statement, one result read, both closed.
  private static int selectOne(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Path besideJar() {
    try {
      Path code =
          Path.of(
              SessionBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // benchmarks.jar or target/classes: either way, the module's target directory.
      return code.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
