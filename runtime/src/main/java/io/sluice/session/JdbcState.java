package io.sluice.session;

import io.sluice.tablet.Carried;
import io.sluice.tablet.JdbcDefaults;
import io.sluice.tablet.Physical;
import io.sluice.tablet.Tablet;
import io.sluice.vars.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A session's JDBC-visible state (auto-commit, isolation, read-only, catalog, schema, holdability,
 * network timeout, client info) and its getters and setters. It is the session's own, applied
 * through the JDBC setters to whichever physical connection serves the session, so Connector/J's
 * own caches stay right, and only where it differs from what that connection carries: auto-commit,
 * isolation and read-only stay on an idle connection, which the pool keys by them ({@link
 * Carried}); the rest only where it differs from the tablet's defaults, and a connection that had
 * it goes back through HikariCP, which resets it.
 *
 * <p>Part of its {@link Session}, and without a lock of its own: every call runs under the
 * session's {@link Session#lock}.
 */
final class JdbcState {
  private static final Properties NO_CLIENT_INFO = new Properties();
  /**
   * Runs Connector/J's change of a physical connection's socket timeout at once. On the
   * application's executor the change would wait for the connection's lock, held by the statement
   * it should time out, and the executor is the application's, which may shut it down while the
   * connection lives on in the pool.
   */
  private static final Executor IN_PLACE = Runnable::run;

  private final Session session;
  private final Tablet tablet;
  private final StatementHistory history;
  private final JdbcDefaults defaults;
  private boolean autoCommit;
  private int isolation;
  private boolean readOnly;
  /** The database the session's statements run in: changed by USE as by setCatalog. */
  private String catalog;
  /**
   * What the application's driver would answer for getCatalog(): the last setCatalog, or the URL's
   * database. Connector/J never learns of a USE in SQL.
   */
  private String driverCatalog;
  private String schema;
  private int holdability;
  private int networkTimeout;
  /** Replaced, never changed in place: sessions share the empty one until they set any. */
  private Properties clientInfo = NO_CLIENT_INFO;

  JdbcState(Session session, Tablet tablet, StatementHistory history) {
    this.session = session;
    this.tablet = tablet;
    this.history = history;
    this.defaults = tablet.defaults();
    this.autoCommit = defaults.autoCommit();
    this.isolation = defaults.transactionIsolation();
    this.readOnly = defaults.readOnly();
    this.catalog = defaults.catalog();
    this.driverCatalog = catalog;
    this.schema = defaults.schema();
    this.holdability = defaults.holdability();
    this.networkTimeout = defaults.networkTimeout();
  }

  // ---------------------------------------------------------------- as connections carry it

  /** What a connection serving the session must carry, with these settings. */
  Carried carried(Settings settings) {
    return new Carried(settings, autoCommit, isolation, readOnly);
  }

  /** What a pooled connection serving the session must carry: auto-commit on, always. */
  Carried carriedWhenPooled(Settings settings) {
    return new Carried(settings, true, isolation, readOnly);
  }

  /**
   * Puts the session's JDBC state that the pool does not key (catalog, schema, network timeout,
   * client info) on a physical connection that starts from the defaults.
   */
  void applyTo(Connection physical) throws SQLException {
    if (!Objects.equals(catalog, defaults.catalog())) {
      physical.setCatalog(catalog);
    }
    if (!Objects.equals(schema, defaults.schema())) {
      physical.setSchema(schema);
    }
    if (networkTimeout != defaults.networkTimeout()) {
      physical.setNetworkTimeout(IN_PLACE, networkTimeout);
    }
    if (!clientInfo.isEmpty()) {
      physical.setClientInfo(clientInfo);
    }
  }

  /**
   * Whether the session's JDBC state that the pool does not key is the tablet's default, so that
   * a connection it used can wait in the pool as it is (HikariCP resets the rest when a
   * connection comes back).
   */
  boolean isDefault() {
    return Objects.equals(catalog, defaults.catalog())
        && Objects.equals(schema, defaults.schema())
        && networkTimeout == defaults.networkTimeout()
        && clientInfo.isEmpty();
  }

  /** Clears the session's client info from a connection that leaves it. */
  void clearClientInfo(Connection physical) throws SQLException {
    if (!clientInfo.isEmpty()) {
      physical.setClientInfo(new Properties());
    }
  }

  /** Whether the driver's database (getCatalog) is not the one the session's statements run in. */
  boolean driverCatalogMoved() {
    return !Objects.equals(driverCatalog, catalog);
  }

  /** The database the session's statements run in, which a USE in SQL changes. */
  String database() {
    return catalog;
  }

  // ---------------------------------------------------------------- the JDBC getters and setters

  boolean autoCommit() {
    return autoCommit;
  }

  void setAutoCommit(boolean value) throws SQLException {
    session.ensureOpen();
    if (value != autoCommit) {
      // the driver's SET autocommit reaches the server: a lost transaction fails
      session.reportLoss(true);
    }
    history.ranStatement();
    boolean switchedOn = value && !autoCommit;
    Connection bound = session.bound();
    if (bound != null) {
      bound.setAutoCommit(value);
    }
    autoCommit = value;
    if (switchedOn) {
      session.transaction().autoCommitSwitchedOn();
    }
  }

  int isolation() throws SQLException {
    asksServer("transaction_isolation");
    Connection bound = session.bound();
    return bound != null ? bound.getTransactionIsolation() : isolation;
  }

  void setIsolation(int level) throws SQLException {
    session.ensureOpen();
    if (level != isolation) {
      session.reportLoss(true);
    }
    Connection bound = session.bound();
    if (bound != null) {
      bound.setTransactionIsolation(level);
    } else if (!isValidIsolation(level)) {
      session.runOnPooled(c -> c.setTransactionIsolation(level));
    }
    isolation = level;
  }

  private static boolean isValidIsolation(int level) {
    return level == Connection.TRANSACTION_READ_UNCOMMITTED
        || level == Connection.TRANSACTION_READ_COMMITTED
        || level == Connection.TRANSACTION_REPEATABLE_READ
        || level == Connection.TRANSACTION_SERIALIZABLE;
  }

  boolean readOnly() throws SQLException {
    asksServer("transaction_read_only");
    Connection bound = session.bound();
    return bound != null ? bound.isReadOnly() : readOnly;
  }

  void setReadOnly(boolean value) throws SQLException {
    session.ensureOpen();
    if (value != readOnly) {
      session.reportLoss(true);
    }
    Connection bound = session.bound();
    if (bound != null) {
      bound.setReadOnly(value);
    }
    readOnly = value;
  }

  /**
   * A JDBC getter of this variable: Connector/J answers it with a one-row SELECT of the variable
   * while the connection is open, unless it keeps its own view of it.
   */
  private void asksServer(String variable) {
    if (!session.isClosed() && !tablet.driverKeepsOwnView(variable)) {
      history.driverSelectedOneRow();
    }
  }

  /** The application's driver's view of the database: a USE in SQL does not change it. */
  String catalog() {
    return driverCatalog;
  }

  /**
   * setCatalog: as the application's driver, which with {@code useLocalSessionState} sends
   * nothing for the database it believes current, even when a USE in SQL moved the session.
   */
  void setCatalog(String value) throws SQLException {
    session.ensureOpen();
    if (value != null
        && value.equals(driverCatalog)
        && tablet.driverKeepsOwnView(Tablet.DATABASE)) {
      return;
    }
    use(value);
    driverCatalog = value;
  }

  /**
   * Changes the database the session's statements run in (USE, and setCatalog). MySQL validates
   * the name ({@code USE} fails for an unknown database), so the change is made on a physical
   * connection first, as Connector/J makes it, and kept only if it succeeds. The driver of every
   * connection serving the session knows its database, so that its setCatalog is right.
   */
  void use(String value) throws SQLException {
    session.ensureOpen();
    Connection bound = session.bound();
    if (bound != null) {
      bound.setCatalog(value);
    } else if (!Objects.equals(value, catalog)) {
      session.runOnPooled(c -> c.setCatalog(value));
    }
    catalog = value;
  }

  String schema() throws SQLException {
    Connection bound = session.bound();
    return bound != null ? bound.getSchema() : schema;
  }

  void setSchema(String value) throws SQLException {
    session.ensureOpen();
    Connection bound = session.bound();
    if (bound != null) {
      bound.setSchema(value);
    } else if (!Objects.equals(value, schema)) {
      session.runOnPooled(c -> c.setSchema(value));
    }
    schema = value;
  }

  int holdability() {
    return holdability;
  }

  void setHoldability(int value) throws SQLException {
    session.ensureOpen();
    Connection bound = session.bound();
    if (bound != null) {
      bound.setHoldability(value);
    }
    holdability = value;
  }

  int networkTimeout() {
    return networkTimeout;
  }

  /**
   * Takes the session's network timeout. The application's executor is checked as its own
   * connection checks it, but not kept: physical connections get the timeout through {@link
   * #IN_PLACE}.
   */
  void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    session.ensureOpen();
    if (executor == null || milliseconds < 0) {
      session.runOnPooled(c -> c.setNetworkTimeout(executor, milliseconds));
    }
    Connection bound = session.bound();
    if (bound != null) {
      bound.setNetworkTimeout(IN_PLACE, milliseconds);
    }
    networkTimeout = milliseconds;
  }

  Properties clientInfo() {
    Properties copy = new Properties();
    copy.putAll(clientInfo);
    return copy;
  }

  void setClientInfo(Properties properties) {
    Properties copy = new Properties();
    if (properties != null) {
      copy.putAll(properties);
    }
    clientInfo = copy;
  }

  void setClientInfo(String name, String value) {
    Properties copy = clientInfo();
    if (value == null) {
      copy.remove(name);
    } else {
      copy.setProperty(name, value);
    }
    clientInfo = copy;
  }

  // ---------------------------------------------------------------- changed with SQL

  /**
   * The application changed the session's isolation level with SQL ({@code variable}) on a
   * lease's connection.
   */
  void isolationChangedBySql(String variable, int level, Lease lease) throws SQLException {
    if (lease.pooled()) {
      lease.physical().setTransactionIsolation(defaults.transactionIsolation());
      lease.borrowed = lease.borrowed.withIsolation(defaults.transactionIsolation());
    } else if (lease.kind() == Lease.Kind.TRANSACTION) {
      lease.physical().setTransactionIsolation(level);
    }
    restoreBySql(variable, lease);
    isolation = level;
  }

  /**
   * The application changed the session's read-only mode with SQL ({@code variable}) on a lease's
   * connection.
   */
  void readOnlyChangedBySql(String variable, boolean value, Lease lease) throws SQLException {
    if (lease.pooled()) {
      lease.physical().setReadOnly(defaults.readOnly());
      lease.borrowed = lease.borrowed.withReadOnly(defaults.readOnly());
    } else if (lease.kind() == Lease.Kind.TRANSACTION) {
      lease.physical().setReadOnly(value);
    }
    restoreBySql(variable, lease);
    readOnly = value;
  }

  /**
   * Puts a JDBC-state variable the application set with SQL back to the tablet's baseline, with
   * SQL, before its connection serves another session: a pooled one at once, a transaction's when
   * it is released. The driver never saw the application's SET, so its setters cannot be trusted
   * to undo it: with {@code useLocalSessionState} they compare with the driver's stale view and
   * send nothing, and with {@code readOnlyPropagatesToServer=false} {@code setReadOnly} never
   * reaches the server. The isolation and read-only setters still run, for the driver's own view
   * (which the session's state may have changed through them).
   */
  private void restoreBySql(String variable, Lease lease) throws SQLException {
    switch (lease.kind()) {
      case POOLED ->
          Physical.run(lease.physical(), tablet.baseline().restoreSql(List.of(variable)));
      case TRANSACTION -> session.transaction().setBySql(variable);
      case RESERVED -> {} // closed, never returned
    }
  }
}
