package io.sluice.tablet;

import io.sluice.config.SluiceConfig;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tablet this JVM has opened, keyed by identity: the driver class that connects, and
 * everything the driver makes of the URL and properties (host, port, user, password, database,
 * every property).
 *
 * <p>A tablet is opened by the first connect to it, which verifies the credentials with a real
 * connection. Concurrent first connects to one identity wait for that one verification instead of
 * each opening a connection. A failed verification is not remembered: the next connect tries
 * again, as the driver would. A tablet Sluice cannot use although the driver connected ({@link
 * UnusableTabletException}) is remembered, and said once at WARN: its connections pass through to
 * the driver from then on.
 */
public final class TabletRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TabletRegistry.class);

  private final ConcurrentHashMap<Key, CompletableFuture<Tablet>> tablets = new ConcurrentHashMap<>();
  private final SluiceConfig config;
  private final PhysicalConnector connector;
  private final Consumer<Tablet> onOpen;

  /**
   * @param onOpen told of each tablet once it is open (JMX registers it)
   */
  public TabletRegistry(SluiceConfig config, PhysicalConnector connector, Consumer<Tablet> onOpen) {
    this.config = config;
    this.connector = connector;
    this.onOpen = onOpen;
  }

  /**
   * The tablet for a connect call, opening and verifying it on first use.
   *
   * @throws SQLException the driver's own exception when verification fails
   * @throws UnusableTabletException when the driver connected but Sluice cannot use the tablet
   */
  public Tablet tabletFor(Driver driver, DriverUrl url, String rawUrl, Properties info)
      throws SQLException {
    Key key = new Key(driver.getClass(), url);
    CompletableFuture<Tablet> existing = tablets.get(key);
    if (existing == null) {
      CompletableFuture<Tablet> mine = new CompletableFuture<>();
      existing = tablets.putIfAbsent(key, mine);
      if (existing == null) {
        return open(key, mine, driver, rawUrl, info);
      }
    }
    return await(existing);
  }

  private Tablet open(
      Key key, CompletableFuture<Tablet> mine, Driver driver, String rawUrl, Properties info)
      throws SQLException {
    try {
      Tablet tablet = Tablet.open(key.url, connector, driver, rawUrl, info, config);
      log.info(
          "opened tablet {} (server {}, pool size {}, transaction cap {})",
          tablet.name(),
          tablet.serverVersion(),
          config.poolSize(),
          config.transactionCap());
      onOpen.accept(tablet);
      mine.complete(tablet);
      return tablet;
    } catch (UnusableTabletException e) {
      log.warn("{}; its connections pass through to the driver unmultiplexed", e.getMessage());
      mine.completeExceptionally(e);
      throw e;
    } catch (SQLException | RuntimeException | Error e) {
      tablets.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private static Tablet await(CompletableFuture<Tablet> future) throws SQLException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while another thread verified this tablet", "08001", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException) {
        throw (SQLException) e.getCause();
      }
      throw new SQLException("verifying this tablet failed: " + e.getCause(), "08001", e.getCause());
    }
  }

  /** The tablets open now. */
  public Collection<Tablet> tablets() {
    return tablets.values().stream()
        .filter(f -> f.isDone() && !f.isCompletedExceptionally())
        .map(CompletableFuture::join)
        .toList();
  }

  @Override
  public void close() {
    tablets().forEach(Tablet::close);
    tablets.clear();
  }

  /** The identity of a tablet: which driver connects, and to what, as whom. */
  private record Key(Class<?> driverClass, DriverUrl url) {}
}
