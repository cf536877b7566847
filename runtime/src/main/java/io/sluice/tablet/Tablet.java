package io.sluice.tablet;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.sluice.config.SluiceConfig;
import io.sluice.jdbc.InternalQuery;
import io.sluice.sql.LexerMode;
import io.sluice.sql.PlanCache;
import io.sluice.vars.Baseline;
import io.sluice.vars.SetVarSupport;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One MySQL backend identity (host, port, user, credentials, database, driver properties) and the
 * physical connections Sluice keeps to it.
 *
 * <p>Physical connections are shared only between sessions of the same tablet. A tablet has:
 *
 * <ul>
 *   <li>the <b>pool</b> ({@link SharedPool}): one set of connections, lent for one autocommit
 *       statement and returned at once (at most {@code queryserver_config_pool_size} at a time),
 *       or for a transaction until it ends (at most {@code queryserver_config_transaction_cap}, a
 *       separate cap as in vttablet, so that long transactions cannot starve autocommit work).
 *       Both uses draw from the same idle connections, so MySQL sees no more connections than
 *       the sessions use at once;
 *   <li><b>reserved</b> connections: opened fresh for one session, outside the pool's capacity,
 *       and closed (never returned) when that session ends; {@code max_reserved_connections} caps
 *       them.
 * </ul>
 *
 * The pool is a HikariCP pool opened lazily (minimum idle 0), so MySQL sees a connection count
 * that follows real work. HikariCP opens and validates the connections, puts the JDBC state of
 * one that comes back to it (auto-commit, isolation, read-only, catalog, network timeout) back to
 * the pool's defaults, and evicts connections that failed with a connection error.
 *
 * <p>One class of over 600 lines on purpose: a tablet is what sessions ask about one backend
 * identity, so besides its connections it answers for what that driver and server do (warnings,
 * multi-queries, affected rows, SET_VAR, FOUND_ROWS), most of its length being those small
 * documented getters, read once at {@link #open}. Moving them to another object would make every
 * caller hold two for one backend.
 */
public final class Tablet implements AutoCloseable {
  private final String name;
  private final MysqlPhysicalDataSource physicals;
  private final JdbcDefaults defaults;
  private final String serverVersion;
  private final StatementDefaults statementDefaults;
  /** Server prepared statements kept per physical connection, or null: see {@link #serverStatements}. */
  private final ServerStatements serverStatements;
  /** The JDBC-state variables the driver answers for from its own view: see {@link #OWN_VIEW}. */
  private final java.util.Set<String> driverOwnView;
  /**
   * Connector/J 8.3.0 (its Bug#112195) and later clear a plain statement's warnings at each
   * execution; older versions kept them until clearWarnings().
   */
  private static final int WARNINGS_CLEARED_SINCE = 803;

  private final boolean statementsKeepWarnings;
  private final boolean multiQueries;
  private final boolean affectedRows;
  /** {@code cacheServerConfiguration}: see {@link #foundRowsOnConnect}. */
  private final boolean cachesServerConfiguration;
  private final AtomicBoolean connectedBefore = new AtomicBoolean();
  private final PlanCache plans;
  private final AutoIncrementColumns autoIncrementColumns = new AutoIncrementColumns();
  private final java.util.concurrent.ConcurrentHashMap<LexerMode, PlanCache> sessionModePlans =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Baseline baseline;
  private final SharedPool shared;
  private final java.util.Set<String> hintable;
  private final HikariDataSource pool;
  /** HikariCP's housekeeping, and the pool's own: closing connections idle too long. */
  private final ScheduledThreadPoolExecutor housekeeper;
  private final Duration queryPoolTimeout;

  /** {@code queryserver_config_pool_size}; the pool grows past it only by adopted connections. */
  private final int poolSize;
  private final Duration txPoolTimeout;
  private final int maxReserved;
  private final Semaphore reservedPermits;
  private final AtomicInteger reservedNow = new AtomicInteger();
  /** Reserved connections opened for their reservation: the others are counted by their pool. */
  private final AtomicInteger openedReservedNow = new AtomicInteger();
  private final LongAdder reservedCreated = new LongAdder();
  /** MySQL refused the reads that prove a reserved connection clean: they are not tried again. */
  private final AtomicBoolean cleanProofRefused = new AtomicBoolean();

  private Tablet(
      String name,
      MysqlPhysicalDataSource physicals,
      JdbcDefaults defaults,
      String serverVersion,
      StatementDefaults statementDefaults,
      ServerStatements serverStatements,
      java.util.Set<String> driverOwnView,
      boolean statementsKeepWarnings,
      boolean multiQueries,
      boolean affectedRows,
      boolean cachesServerConfiguration,
      LexerMode lexerMode,
      Baseline baseline,
      java.util.Set<String> hintable,
      SluiceConfig config) {
    this.name = name;
    this.physicals = physicals;
    this.defaults = defaults;
    this.serverVersion = serverVersion;
    this.statementDefaults = statementDefaults;
    this.serverStatements = serverStatements;
    this.driverOwnView = driverOwnView;
    this.statementsKeepWarnings = statementsKeepWarnings;
    this.multiQueries = multiQueries;
    this.affectedRows = affectedRows;
    this.cachesServerConfiguration = cachesServerConfiguration;
    this.plans = new PlanCache(lexerMode, PlanCache.DEFAULT_CAPACITY);
    this.baseline = baseline;
    this.hintable = hintable;
    this.queryPoolTimeout = config.queryPoolTimeout();
    this.poolSize = config.poolSize();
    this.txPoolTimeout = config.txPoolTimeout();
    this.maxReserved = config.maxReservedConnections();
    this.reservedPermits = maxReserved > 0 ? new Semaphore(maxReserved, true) : null;
    this.housekeeper =
        new ScheduledThreadPoolExecutor(1, daemonThreads("sluice-housekeeper-" + name));
    housekeeper.setRemoveOnCancelPolicy(true);
    this.pool =
        newPool(
            "pool",
            config.poolSize() + config.transactionCap(),
            txPoolTimeout.compareTo(queryPoolTimeout) > 0 ? txPoolTimeout : queryPoolTimeout);
    this.shared =
        new SharedPool(
            pool,
            this::fromHikari,
            name,
            Carried.clean(defaults),
            config.poolSize(),
            config.transactionCap(),
            config.settingsPoolEnabled());
    long period = SharedPool.IDLE_NANOS / 2;
    housekeeper.scheduleWithFixedDelay(
        () -> shared.retireStale(System.nanoTime()), period, period, TimeUnit.NANOSECONDS);
  }

  /**
   * Opens a tablet after verifying its credentials with one real connection, which also tells the
   * JDBC defaults and the server version; that connection is then closed.
   *
   * @throws SQLException the driver's own exception when the connection fails (bad password,
   *     unknown host, ...)
   * @throws UnusableTabletException when Sluice cannot read what it needs from that connection
   */
  static Tablet open(
      DriverUrl url,
      PhysicalConnector connector,
      Driver driver,
      String rawUrl,
      Properties info,
      SluiceConfig config)
      throws SQLException {
    MysqlPhysicalDataSource physicals =
        new MysqlPhysicalDataSource(connector, driver, rawUrl, physicalProperties(url, info));
    JdbcDefaults defaults;
    String version;
    String sqlMode;
    Baseline baseline;
    java.util.Set<String> hintable;
    Connection first = physicals.getConnection(); // the driver's own failure is the app's
    try (first) {
      try (Statement query = InternalQuery.statement(first);
          ResultSet mode = InternalQuery.results(query, "SELECT @@SESSION.sql_mode")) {
        mode.next();
        sqlMode = mode.getString(1);
      }
      defaults = JdbcDefaults.readFrom(first);
      version = first.getMetaData().getDatabaseProductVersion();
      baseline = Baseline.capture(first);
      hintable = config.enableSetVar() ? SetVarSupport.probe(first) : java.util.Set.of();
    } catch (SQLException | RuntimeException e) {
      if (e instanceof SQLException lost && Physical.isLost(lost)) {
        throw lost; // the server went away: the driver's own connect will say so
      }
      throw new UnusableTabletException(url.toString(), e);
    }
    boolean multiQueries = Boolean.TRUE.equals(DriverUrl.flag(url.properties(), "allowMultiQueries"));
    boolean affectedRows = Boolean.TRUE.equals(DriverUrl.flag(url.properties(), "useAffectedRows"));
    LexerMode lexerMode = LexerMode.of(versionNumber(version), sqlMode);
    return new Tablet(
        url.toString(),
        physicals,
        defaults,
        version,
        StatementDefaults.of(url.properties()),
        ServerStatements.of(url.properties()),
        driverOwnView(url.properties()),
        driver.getMajorVersion() * 100 + driver.getMinorVersion() < WARNINGS_CLEARED_SINCE,
        multiQueries,
        affectedRows,
        Boolean.TRUE.equals(DriverUrl.flag(url.properties(), "cacheServerConfiguration")),
        lexerMode,
        baseline,
        hintable,
        config);
  }

  /**
   * The application's properties, plus a parse cache for client-side prepared statements: every
   * execution prepares its statement anew on whichever physical connection serves it, and
   * Connector/J's {@code cachePrepStmts} makes that a lookup instead of a parse. For client-side
   * prepared statements the cache holds only the parse of the SQL text, so nothing the
   * application sees changes. Left alone where the application chose for itself.
   *
   * <p>Where statements are prepared on the server ({@code useServerPrepStmts}, or cursor fetch,
   * which implies it), the driver's cache is off whatever the application chose: Sluice keeps
   * server statements itself ({@link ServerStatements}, which says why). The driver's cache would
   * also remember which texts MySQL refused to prepare and no longer try them, leaving the
   * diagnostics area as the application's driver, trying on each prepare, does not.
   */
  private static Properties physicalProperties(DriverUrl url, Properties info) {
    Properties physical = new Properties();
    if (info != null) {
      physical.putAll(info);
    }
    Map<String, String> chosen = url.properties();
    // MySQL's session-state tracker tells Sluice when a statement changed session state it did
    // not predict (see session-trackers in the README).
    physical.setProperty("trackSessionState", "true");
    String variables = chosen.get("sessionVariables");
    physical.setProperty(
        "sessionVariables",
        (variables == null || variables.isBlank() ? "" : variables + ",")
            + "session_track_state_change=ON");
    if (Boolean.TRUE.equals(DriverUrl.flag(chosen, "useServerPrepStmts"))
        || Boolean.TRUE.equals(DriverUrl.flag(chosen, "useCursorFetch"))) {
      physical.setProperty("cachePrepStmts", "false");
    } else if (!chosen.containsKey("cachePrepStmts")) {
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
    hikari.setScheduledExecutor(housekeeper);
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

  /**
   * Borrows a connection carrying exactly {@code want}, for a statement or a transaction, waiting
   * up to that use's timeout ({@code queryserver_config_query_pool_timeout}, {@code
   * queryserver_config_txpool_timeout}) when as many are lent for it as its cap allows. Give it
   * back with {@link #giveBack}.
   */
  public Connection borrow(LentFor use, Carried want) throws SQLException {
    long timeout = timeout(use).toNanos();
    try {
      return shared.borrow(use, want, timeout);
    } catch (SQLTransientConnectionException e) {
      throw e; // the cap stayed reached, or the server refused a new connection: no second wait
    } catch (SQLException e) {
      if (!Physical.isLost(e)) {
        throw e;
      }
      // The connection died while idle: nothing of the session's ran on it yet.
      return shared.borrow(use, want, timeout);
    }
  }

  private Duration timeout(LentFor use) {
    return use == LentFor.TRANSACTION ? txPoolTimeout : queryPoolTimeout;
  }

  /**
   * Takes back a connection lent for {@code use} and carrying {@code carried}: to a session
   * waiting for one, idle into the pool as it is, or back to HikariCP. A connection with
   * auto-commit off must hold no open transaction.
   *
   * @param parkable whether the connection holds no state but what {@code carried} says: a
   *     connection whose catalog, schema, network timeout or client info differ from the tablet's
   *     defaults, or whose state the application changed behind the driver, goes back to
   *     HikariCP, which resets it
   */
  public void giveBack(LentFor use, Connection connection, Carried carried, boolean parkable) {
    shared.giveBack(use, connection, carried, parkable);
  }

  /** Borrows from HikariCP: an idle connection there, else a new one. */
  private Connection fromHikari(LentFor use) throws SQLException {
    try {
      return pool.getConnection();
    } catch (SQLTransientConnectionException e) {
      // HikariCP keeps the driver's last connect failure as the cause: the app must see that
      // one, exactly as the driver raised it. Only a pool that is merely full is Sluice's error.
      if (e.getCause() instanceof SQLException) {
        throw (SQLException) e.getCause();
      }
      throw poolTimeout(name, use.capFlag, pool.getMaximumPoolSize(), timeout(use).toNanos(), e);
    }
  }

  /** The error that names the cap to raise: the pool stayed full for the whole timeout. */
  static SQLTransientConnectionException poolTimeout(
      String tablet, String capFlag, int size, long timeoutNanos, SQLException cause) {
    return new SQLTransientConnectionException(
        "Sluice: no physical connection to "
            + tablet
            + " became free within "
            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
            + " ms; raise "
            + capFlag
            + " (now "
            + size
            + ") or the matching timeout",
        "08004",
        cause);
  }

  /**
   * Opens a connection reserved for one session, outside the pool. Waits up to the query pool
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
      openedReservedNow.incrementAndGet();
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
   * Sends {@code KILL QUERY} (or, with {@code connection}, {@code KILL CONNECTION}) for a MySQL
   * thread of this tablet from a connection opened for it, as Connector/J's {@code cancel()} does:
   * the pools may have none to spare while the statement to kill holds one. A thread already gone
   * (1094) is no error: what was to be killed has ended.
   */
  public void kill(boolean connection, long threadId) throws SQLException {
    try (Connection killer = physicals.getConnection();
        java.sql.Statement kill = killer.createStatement()) {
      kill.execute((connection ? "KILL CONNECTION " : "KILL QUERY ") + threadId);
    } catch (SQLException e) {
      if (e.getErrorCode() != 1094) {
        throw e;
      }
    }
  }

  /** Where a reserved connection came from. */
  public enum Origin {
    /** Opened for the reservation by {@link #openReserved()}. */
    OPENED,
    /** Borrowed from the pool, and kept: the session's state appeared on it. */
    POOL,
    /** The session's transaction connection, kept. */
    TRANSACTION_POOL;

    /** What the pool lent it for, before the reservation kept it. */
    LentFor lentFor() {
      return this == POOL ? LentFor.STATEMENT : LentFor.TRANSACTION;
    }
  }

  /**
   * Makes a connection a session borrowed its reserved connection, when state it needs is already
   * on it (an open transaction, a variable only the server knows). Its pool grows by one for as
   * long as the reservation lasts, so that the pool keeps its size for everyone else, as a fresh
   * connection replaces a reserved one in Vitess; it is not subject to {@code
   * max_reserved_connections}.
   *
   * @param origin {@link Origin#POOL} or {@link Origin#TRANSACTION_POOL}
   */
  public void adoptAsReserved(Origin origin) {
    resize(1);
    shared.adopted(origin.lentFor());
    reservedNow.incrementAndGet();
    reservedCreated.increment();
  }

  private synchronized void resize(int by) {
    var config = pool.getHikariConfigMXBean();
    config.setMaximumPoolSize(config.getMaximumPoolSize() + by);
  }

  /**
   * Ends a reservation: the connection is closed, never returned, because its server-side state
   * (temporary tables, locks, variables) must die with it.
   *
   * @param origin where it came from
   */
  public void closeReserved(Connection reserved, Origin origin) {
    boolean adopted = origin != Origin.OPENED;
    try {
      if (adopted) {
        close(pool, reserved);
        resize(-1);
      } else {
        openedReservedNow.decrementAndGet();
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
   * @param use what it was lent for
   */
  public void evict(LentFor use, Connection borrowed) {
    shared.discard(use, borrowed);
  }

  /** Evicts a connection HikariCP lent and closes it. */
  static void close(HikariDataSource from, Connection borrowed) {
    from.evictConnection(borrowed);
    try {
      borrowed.close();
    } catch (SQLException | RuntimeException ignored) {
      // HikariCP closed it already when it owned it (auto-commit off): its proxy then has no
      // driver connection left to reset.
    }
  }

  public String name() {
    return name;
  }

  public JdbcDefaults defaults() {
    return defaults;
  }

  /**
   * The URL properties under which Connector/J answers for JDBC-state variables from its own view
   * of them, which a SET in SQL does not change: its getters report the old value and its setters
   * skip a change to it (measured on 9.1.0: useLocalSessionState for isolation and read-only;
   * with readOnlyPropagatesToServer=false, isReadOnly() and setReadOnly never ask the server).
   * {@link #DATABASE} stands for the database: the driver never learns of a USE in SQL, and with
   * useLocalSessionState its setCatalog skips the database it believes current.
   */
  private static final Map<Map.Entry<String, Boolean>, java.util.Set<String>> OWN_VIEW =
      Map.of(
          Map.entry("useLocalSessionState", true),
          java.util.Set.of(
              "transaction_isolation",
              "tx_isolation",
              "transaction_read_only",
              "tx_read_only",
              Tablet.DATABASE),
          Map.entry("readOnlyPropagatesToServer", false),
          java.util.Set.of("transaction_read_only", "tx_read_only"));

  /** The name {@link #driverKeepsOwnView} knows the current database by (no variable has it). */
  public static final String DATABASE = "USE";

  private static java.util.Set<String> driverOwnView(Map<String, String> properties) {
    java.util.Set<String> variables = new java.util.HashSet<>();
    OWN_VIEW.forEach(
        (property, names) -> {
          if (property.getValue().equals(DriverUrl.flag(properties, property.getKey()))) {
            variables.addAll(names);
          }
        });
    return java.util.Set.copyOf(variables);
  }

  /**
   * Whether the application's driver keeps its own view of this JDBC-state variable, which a SET
   * of it in SQL leaves behind: only a connection of the session's own then answers as the
   * application's connection would.
   */
  public boolean driverKeepsOwnView(String variable) {
    return driverOwnView.contains(variable);
  }

  /**
   * The server prepared statements kept on this tablet's physical connections, or null where its
   * URL prepares client-side (or the application's {@code prepStmtCacheSize} is 0).
   */
  public ServerStatements serverStatements() {
    return serverStatements;
  }

  /** What the driver gives every statement of this tablet's URL: fetch size, max rows, cursors. */
  public StatementDefaults statementDefaults() {
    return statementDefaults;
  }

  /**
   * Whether the driver's plain statements keep the warnings fetched before an execution
   * (Connector/J before 8.3.0, its Bug#112195): a statement's getWarnings() must keep them too.
   */
  public boolean statementsKeepWarnings() {
    return statementsKeepWarnings;
  }

  /**
   * Whether the driver lets a text hold several statements ({@code allowMultiQueries=true}):
   * otherwise the server reads such a text as one statement, a syntax error.
   */
  public boolean allowsMultiQueries() {
    return multiQueries;
  }

  /**
   * Whether an UPDATE's count is the rows it changed ({@code useAffectedRows=true}), not the rows
   * it matched (which FOUND_ROWS() then reports).
   */
  public boolean countsAffectedRows() {
    return affectedRows;
  }

  /**
   * FOUND_ROWS() on a new connection of this tablet's URL, as the application's driver leaves it:
   * 1 after the one-row SELECT of server variables Connector/J runs as it connects; 0 where it
   * takes them from its cache instead ({@code cacheServerConfiguration=true}: every connection of
   * the URL but the first).
   */
  public long foundRowsOnConnect() {
    return connectedBefore.getAndSet(true) && cachesServerConfiguration ? 0 : 1;
  }

  /**
   * The plans of this tablet's statements: classified under its server's version and SQL mode
   * (version comments, backslash escapes, ANSI quotes).
   */
  public PlanCache plans() {
    return plans;
  }

  /** The AUTO_INCREMENT columns of the tables this tablet's sessions insert into. */
  public AutoIncrementColumns autoIncrementColumns() {
    return autoIncrementColumns;
  }

  /**
   * The plans of statements of a session whose sql_mode lexes differently from the tablet's
   * (ANSI_QUOTES, NO_BACKSLASH_ESCAPES).
   */
  public PlanCache plans(LexerMode mode) {
    if (mode.equals(plans.mode())) {
      return plans;
    }
    return sessionModePlans.computeIfAbsent(mode, m -> new PlanCache(m, PlanCache.DEFAULT_CAPACITY));
  }

  /**
   * Whether settings ride on statements as MariaDB's {@code SET STATEMENT ... FOR} prefix rather
   * than as MySQL's SET_VAR optimizer hints.
   */
  public boolean hintsAsStatementPrefix() {
    return serverVersion.contains("MariaDB");
  }

  /**
   * Whether the server warns that FOUND_ROWS() is deprecated (MySQL 8.0.17 and later): a read of
   * it that Sluice answers from the session must draw the same warning.
   */
  public boolean deprecatesFoundRows() {
    return !serverVersion.contains("MariaDB") && serverVersionNumber() >= 80017;
  }

  /** The server's version as a number, {@code 80031} for 8.0.31. */
  public int serverVersionNumber() {
    return plans.mode().serverVersion();
  }

  /** What a fresh connection of this tablet has for the session variables Sluice carries. */
  public Baseline baseline() {
    return baseline;
  }

  /**
   * Whether a session value of this variable may ride on statements as a SET_VAR hint here: the
   * server has the hint and accepts it for the variable, and {@code enable_set_var} is on.
   */
  public boolean hintable(String variable) {
    return hintable.contains(variable);
  }

  /**
   * Whether {@code release_reserved_when_clean} may still read, on this tablet, what proves a
   * reserved connection clean: false once MySQL refused it (a missing privilege).
   */
  public boolean mayProveClean() {
    return !cleanProofRefused.get();
  }

  /**
   * Stops the reads that prove a reserved connection clean on this tablet.
   *
   * @return whether this call stopped them (the first one), so that it alone says why
   */
  public boolean refuseCleanProof() {
    return cleanProofRefused.compareAndSet(false, true);
  }

  /** The class of the application's driver, whose connections this tablet opens. */
  public Class<? extends Driver> driverClass() {
    return physicals.driver().getClass();
  }

  /** The server's version string, as the driver reports it. */
  public String serverVersion() {
    return serverVersion;
  }

  /** A snapshot of the counters JMX shows for this tablet. */
  public TabletStats stats() {
    HikariPoolMXBean p = pool.getHikariPoolMXBean();
    int poolTotal = p == null ? 0 : p.getTotalConnections();
    int inUse = shared.inUse(LentFor.STATEMENT);
    return new TabletStats(
        poolSize,
        inUse,
        poolSize - inUse,
        shared.waits(LentFor.STATEMENT) + shared.waits(LentFor.TRANSACTION),
        reservedNow.get(),
        reservedCreated.sum(),
        shared.inUse(LentFor.TRANSACTION),
        poolTotal + openedReservedNow.get(),
        shared.hits(),
        shared.misses(),
        shared.settingsIdle(),
        shared.stacks());
  }

  @Override
  public void close() {
    housekeeper.shutdownNow(); // HikariCP leaves an executor it was given running
    shared.close();
    pool.close();
  }
}
