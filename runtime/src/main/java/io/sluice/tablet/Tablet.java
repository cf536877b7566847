package io.sluice.tablet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.sluice.config.SluiceConfig;
import io.sluice.sql.LexerMode;
import io.sluice.sql.PlanCache;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One MySQL backend identity (host, port, user, credentials, database, driver properties) and the
 * physical connections Sluice keeps to it.
 *
 * <p>Physical connections are shared only between sessions of the same tablet. A tablet has:
 *
 * <ul>
 *   <li>the <b>pool</b> ({@code queryserver_config_pool_size}): connections lent for one
 *       autocommit statement and returned at once;
 *   <li>the <b>transaction pool</b> ({@code queryserver_config_transaction_cap}), capped
 *       separately as in vttablet, so that long transactions cannot starve autocommit work;
 *   <li><b>reserved</b> connections: opened fresh for one session, outside both pools' capacity,
 *       and closed (never returned) when that session ends; {@code max_reserved_connections} caps
 *       them.
 * </ul>
 *
 * Both pools are HikariCP pools opened lazily (minimum idle 0), so MySQL sees a connection count
 * that follows real work. HikariCP puts a returned connection's JDBC state (auto-commit,
 * isolation, read-only, catalog, network timeout) back to the pool's defaults and evicts
 * connections that failed with a connection error.
 */
public final class Tablet implements AutoCloseable {
  private final String name;
  private final PhysicalDataSource physicals;
  private final JdbcDefaults defaults;
  private final String serverVersion;
  private final boolean cursorFetch;
  private final PlanCache plans;
  private final HikariDataSource pool;
  private final HikariDataSource transactionPool;
  private final Duration queryPoolTimeout;
  private final Duration txPoolTimeout;
  private final int maxReserved;
  private final Semaphore reservedPermits;
  private final AtomicInteger reservedNow = new AtomicInteger();
  private final LongAdder reservedCreated = new LongAdder();
  private final LongAdder waitCount = new LongAdder();

  private Tablet(
      String name,
      PhysicalDataSource physicals,
      JdbcDefaults defaults,
      String serverVersion,
      boolean cursorFetch,
      LexerMode lexerMode,
      SluiceConfig config) {
    this.name = name;
    this.physicals = physicals;
    this.defaults = defaults;
    this.serverVersion = serverVersion;
    this.cursorFetch = cursorFetch;
    this.plans = new PlanCache(lexerMode, PlanCache.DEFAULT_CAPACITY);
    this.queryPoolTimeout = config.queryPoolTimeout();
    this.txPoolTimeout = config.txPoolTimeout();
    this.maxReserved = config.maxReservedConnections();
    this.reservedPermits = maxReserved > 0 ? new Semaphore(maxReserved, true) : null;
    this.pool = newPool("pool", config.poolSize(), queryPoolTimeout);
    this.transactionPool = newPool("tx", config.transactionCap(), txPoolTimeout);
  }

  /**
   * Opens a tablet after verifying its credentials with one real connection, which also tells the
   * JDBC defaults and the server version; that connection is then closed.
   *
   * @throws SQLException the driver's own exception when the connection fails (bad password,
   *     unknown host, ...)
   */
  static Tablet open(
      DriverUrl url,
      PhysicalConnector connector,
      Driver driver,
      String rawUrl,
      Properties info,
      SluiceConfig config)
      throws SQLException {
    PhysicalDataSource physicals =
        new PhysicalDataSource(connector, driver, rawUrl, physicalProperties(url, info));
    JdbcDefaults defaults;
    String version;
    String sqlMode;
    try (Connection first = physicals.getConnection();
        Statement query = first.createStatement();
        ResultSet mode = query.executeQuery("SELECT @@SESSION.sql_mode")) {
      defaults = JdbcDefaults.readFrom(first);
      version = first.getMetaData().getDatabaseProductVersion();
      mode.next();
      sqlMode = mode.getString(1);
    }
    boolean cursorFetch = "true".equalsIgnoreCase(url.properties().get("useCursorFetch"));
    LexerMode lexerMode = LexerMode.of(versionNumber(version), sqlMode);
    return new Tablet(url.toString(), physicals, defaults, version, cursorFetch, lexerMode, config);
  }

  /**
   * The application's properties, plus a parse cache for client-side prepared statements: every
   * execution prepares its statement anew on whichever physical connection serves it, and
   * Connector/J's {@code cachePrepStmts} makes that a lookup instead of a parse. For client-side
   * prepared statements the cache holds only the parse of the SQL text, so nothing the
   * application sees changes. Left alone where the application chose for itself, and with
   * server-side prepared statements, whose cache keeps statements open on the server.
   */
  private static Properties physicalProperties(DriverUrl url, Properties info) {
    Properties physical = new Properties();
    if (info != null) {
      physical.putAll(info);
    }
    Map<String, String> chosen = url.properties();
    if (!chosen.containsKey("cachePrepStmts")
        && !"true".equalsIgnoreCase(chosen.get("useServerPrepStmts"))) {
      physical.setProperty("cachePrepStmts", "true");
      if (!chosen.containsKey("prepStmtCacheSize")) {
        physical.setProperty("prepStmtCacheSize", "250");
      }
      if (!chosen.containsKey("prepStmtCacheSqlLimit")) {
        physical.setProperty("prepStmtCacheSqlLimit", "2048");
      }
    }
    return physical;
  }

  /**
   * {@code 8.0.31} as 80031, for version comments. MariaDB 10.x reports {@code 5.5.5-10.11.6-...}
   * (Connector/J reads it as 5.5.5): the real version follows the prefix.
   */
  static int versionNumber(String version) {
    String v = version.startsWith("5.5.5-") ? version.substring(6) : version;
    int[] parts = new int[3];
    int part = 0;
    for (int i = 0; i < v.length() && part < 3; i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        parts[part] = parts[part] * 10 + (c - '0');
      } else if (c == '.') {
        part++;
      } else {
        break;
      }
    }
    return parts[0] * 10000 + parts[1] * 100 + parts[2];
  }

  private HikariDataSource newPool(String kind, int size, Duration timeout) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("sluice-" + kind + "-" + name);
    hikari.setDataSource(physicals);
    hikari.setMaximumPoolSize(size);
    hikari.setMinimumIdle(0);
    hikari.setConnectionTimeout(Math.max(250, timeout.toMillis()));
    hikari.setInitializationFailTimeout(-1);
    hikari.setAutoCommit(true);
    hikari.setTransactionIsolation(isolationName(defaults.transactionIsolation()));
    if (defaults.catalog() != null && !defaults.catalog().isEmpty()) {
      hikari.setCatalog(defaults.catalog());
    }
    hikari.setRegisterMbeans(false);
    hikari.setThreadFactory(daemonThreads("sluice-" + kind + "-" + name));
    return new HikariDataSource(hikari);
  }

  private static String isolationName(int level) {
    switch (level) {
      case Connection.TRANSACTION_READ_UNCOMMITTED:
        return "TRANSACTION_READ_UNCOMMITTED";
      case Connection.TRANSACTION_READ_COMMITTED:
        return "TRANSACTION_READ_COMMITTED";
      case Connection.TRANSACTION_SERIALIZABLE:
        return "TRANSACTION_SERIALIZABLE";
      default:
        return "TRANSACTION_REPEATABLE_READ";
    }
  }

  /**
   * HikariCP's threads are daemons and carry Sluice's loader as context loader: inheriting the
   * application thread's one would pin a webapp's loader.
   */
  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    ClassLoader loader = Tablet.class.getClassLoader();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      thread.setContextClassLoader(loader);
      return thread;
    };
  }

  /** Borrows a pooled connection for one autocommit statement. Close it to return it. */
  public Connection borrow() throws SQLException {
    return borrow(pool, "queryserver_config_pool_size", queryPoolTimeout);
  }

  /** Borrows a connection for a transaction, from the separately capped transaction pool. */
  public Connection borrowForTransaction() throws SQLException {
    return borrow(transactionPool, "queryserver_config_transaction_cap", txPoolTimeout);
  }

  private Connection borrow(HikariDataSource from, String capFlag, Duration timeout)
      throws SQLException {
    HikariPoolMXBean state = from.getHikariPoolMXBean();
    if (state != null && state.getIdleConnections() == 0) {
      waitCount.increment();
    }
    try {
      return from.getConnection();
    } catch (SQLTransientConnectionException e) {
      // HikariCP keeps the driver's last connect failure as the cause: the app must see that
      // one, exactly as the driver raised it. Only a pool that is merely full is Sluice's error.
      if (e.getCause() instanceof SQLException) {
        throw (SQLException) e.getCause();
      }
      throw new SQLTransientConnectionException(
          "Sluice: no physical connection to "
              + name
              + " became free within "
              + timeout.toMillis()
              + " ms; raise "
              + capFlag
              + " (now "
              + from.getMaximumPoolSize()
              + ") or the matching timeout",
          "08004",
          e);
    }
  }

  /**
   * Opens a connection reserved for one session, outside both pools. Waits up to the query pool
   * timeout when {@code max_reserved_connections} is reached.
   */
  public Connection openReserved() throws SQLException {
    if (reservedPermits != null) {
      boolean acquired;
      try {
        acquired = reservedPermits.tryAcquire(queryPoolTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLTransientConnectionException("Sluice: interrupted waiting for a reserved connection", "08004", e);
      }
      if (!acquired) {
        throw new SQLTransientConnectionException(
            "Sluice: "
                + name
                + " already has max_reserved_connections="
                + maxReserved
                + " reserved connections and none was released within "
                + queryPoolTimeout.toMillis()
                + " ms; raise max_reserved_connections or find what pins sessions (JMX"
                + " io.sluice:type=Sessions)",
            "08004");
      }
    }
    try {
      Connection connection = physicals.getConnection();
      reservedNow.incrementAndGet();
      reservedCreated.increment();
      return connection;
    } catch (SQLException | RuntimeException e) {
      if (reservedPermits != null) {
        reservedPermits.release();
      }
      throw e;
    }
  }

  /**
   * Turns the transaction connection a session holds into its reserved connection, when a
   * statement inside the transaction needs one: the session's state is already on it. It stays
   * counted in the transaction pool until the session ends, and is not subject to {@code
   * max_reserved_connections}: no new connection is opened.
   */
  public void adoptAsReserved() {
    reservedNow.incrementAndGet();
    reservedCreated.increment();
  }

  /**
   * Ends a reservation: the connection is closed, never returned, because its server-side state
   * (temporary tables, locks, variables) must die with it.
   *
   * @param adopted whether it came from {@link #adoptAsReserved()} rather than {@link
   *     #openReserved()}
   */
  public void closeReserved(Connection reserved, boolean adopted) {
    try {
      if (adopted) {
        evict(reserved, true);
      } else {
        reserved.close();
      }
    } catch (SQLException ignored) {
      // Closing a dead connection fails; it is gone either way.
    } finally {
      reservedNow.decrementAndGet();
      if (reservedPermits != null && !adopted) {
        reservedPermits.release();
      }
    }
  }

  /**
   * Closes a borrowed connection instead of returning it, for state that must not reach another
   * session (a cancel that may still be in flight, unknown driver state).
   *
   * @param fromTransactionPool whether it came from {@link #borrowForTransaction()}
   */
  public void evict(Connection borrowed, boolean fromTransactionPool) {
    (fromTransactionPool ? transactionPool : pool).evictConnection(borrowed);
    try {
      borrowed.close();
    } catch (SQLException ignored) {
      // already closed by the eviction
    }
  }

  public String name() {
    return name;
  }

  public JdbcDefaults defaults() {
    return defaults;
  }

  /**
   * Whether the driver fetches with a server-side cursor when a statement sets a fetch size
   * ({@code useCursorFetch=true}): such results stay on their connection until closed.
   */
  public boolean usesCursorFetch() {
    return cursorFetch;
  }

  /**
   * The plans of this tablet's statements: classified under its server's version and SQL mode
   * (version comments, backslash escapes, ANSI quotes).
   */
  public PlanCache plans() {
    return plans;
  }

  /** The server's version string, as the driver reports it. */
  public String serverVersion() {
    return serverVersion;
  }

  /** A snapshot of the counters JMX shows for this tablet. */
  public TabletStats stats() {
    HikariPoolMXBean p = pool.getHikariPoolMXBean();
    HikariPoolMXBean t = transactionPool.getHikariPoolMXBean();
    int inUse = p == null ? 0 : p.getActiveConnections();
    int poolTotal = p == null ? 0 : p.getTotalConnections();
    int txActive = t == null ? 0 : t.getActiveConnections();
    int txTotal = t == null ? 0 : t.getTotalConnections();
    int capacity = pool.getMaximumPoolSize();
    return new TabletStats(
        capacity,
        inUse,
        capacity - inUse,
        waitCount.sum(),
        reservedNow.get(),
        reservedCreated.sum(),
        txActive,
        poolTotal + txTotal + reservedNow.get());
  }

  @Override
  public void close() {
    pool.close();
    transactionPool.close();
  }
}
