package io.sluice;

import io.sluice.config.SluiceConfig;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.testkit.AppUser;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Sluice runtime under test, connecting directly to MySQL, started on first use and closed when
 * its scope ends. Register it with {@code @RegisterExtension}: {@link #eachTest} in an instance
 * field gives every test a runtime of its own, {@link #wholeClass} in a static field one runtime
 * for the class.
 *
 * <p>The configuration is the one given at construction unless a test {@linkplain #start starts}
 * the runtime with its own first; {@code sluice::connect} and {@link #session} connect as a driver
 * would, so {@code app.session(sluice::connect)} reads as it did with a plain {@link Sluice}.
 *
 * <p>It closes the runtime after the class's own {@code @AfterEach} (or {@code @AfterAll}) methods;
 * beside another extension whose teardown must come after, such as a stderr capture, give both an
 * {@link org.junit.jupiter.api.Order}.
 */
public final class SluiceUnderTest
    implements AppUser.Connector, AfterEachCallback, AfterAllCallback {
  private final String config;
  private final boolean wholeClass;
  private Sluice runtime;

  private SluiceUnderTest(String config, boolean wholeClass) {
    this.config = config;
    this.wholeClass = wholeClass;
  }

  /**
   * A runtime for one test, closed after it; {@code config} is as {@link SluiceConfig#parse} takes
   * it.
   */
  public static SluiceUnderTest eachTest(String config) {
    return new SluiceUnderTest(config, false);
  }

  /** A runtime for one test, closed after it; the default configuration unless {@link #start}ed. */
  public static SluiceUnderTest eachTest() {
    return eachTest("");
  }

  /** A runtime for every test of the class, closed after the last. */
  public static SluiceUnderTest wholeClass(String config) {
    return new SluiceUnderTest(config, true);
  }

  /** The runtime, started with the configuration given at construction if none is running. */
  public Sluice runtime() {
    return start(config);
  }

  /**
   * The runtime, started with {@code config} if none is running; a running one is returned as it
   * is, so that a test's first session chooses the configuration. Sessions may open on several
   * threads at once: they all get the one runtime.
   */
  public synchronized Sluice start(String config) {
    if (runtime == null) {
      runtime = new Sluice(SluiceConfig.parse(config), PhysicalConnector.DIRECT);
    }
    return runtime;
  }

  /** Closes the running runtime, if any, and starts one with {@code config}. */
  public Sluice restart(String config) {
    close();
    return start(config);
  }

  /** The runtime's {@link Sluice#connect}, starting it if need be. */
  @Override
  public Connection connect(Driver driver, String url, Properties info) {
    return runtime().connect(driver, url, info);
  }

  /** A session of {@code app} on the runtime, starting it if need be. */
  public Connection session(AppUser app) throws SQLException {
    return app.session(this);
  }

  /** Closes the runtime, if one is running; the next use starts another. */
  public synchronized void close() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!wholeClass) {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }
}
