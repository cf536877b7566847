package io.sluice.tablet;

import io.sluice.vars.Settings;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a physical connection carries that a session's statements see: the settings Sluice applied
 * on it, and the JDBC state it put there through the driver's setters (auto-commit, isolation,
 * read-only). Idle connections wait keyed by it, and a borrower changes only what differs, so a
 * session that keeps its state pays no statement for it after the first.
 *
 * <p>Sluice knows this state because it put it there: the driver's own view is never asked
 * (with {@code useLocalSessionState} or {@code elideSetAutoCommits} it may answer from a cache). A
 * connection whose state the application changed behind the driver goes back through HikariCP,
 * which resets it, or is closed.
 *
 * @param settings the session system variables applied on the connection
 * @param autoCommit its auto-commit mode
 * @param isolation its transaction isolation, as {@link Connection} names the levels
 * @param readOnly its read-only mode
 */
public record Carried(Settings settings, boolean autoCommit, int isolation, boolean readOnly) {

  /**
   * What a connection fresh from the driver or HikariCP carries: no settings, auto-commit on (as
   * JDBC opens a connection, and as HikariCP puts it back), the tablet's isolation and read-only.
   */
  public static Carried clean(JdbcDefaults defaults) {
    return new Carried(Settings.NONE, true, defaults.transactionIsolation(), defaults.readOnly());
  }

  /** The same JDBC state with other settings. */
  public Carried with(Settings other) {
    return other.equals(settings) ? this : new Carried(other, autoCommit, isolation, readOnly);
  }

  /** The same with another isolation level. */
  public Carried withIsolation(int level) {
    return new Carried(settings, autoCommit, level, readOnly);
  }

  /** The same with another read-only mode. */
  public Carried withReadOnly(boolean value) {
    return new Carried(settings, autoCommit, isolation, value);
  }

  /** Whether the JDBC state is the same as {@code other}'s, whatever the settings. */
  boolean sameJdbcState(Carried other) {
    return autoCommit == other.autoCommit
        && isolation == other.isolation
        && readOnly == other.readOnly;
  }

  /**
   * Changes a connection carrying this to carry {@code want}: the settings in one statement, the
   * JDBC state through the driver's setters, so that the driver's own view follows; each only
   * where it differs. A connection with auto-commit off carries no open transaction here, so
   * switching it on commits nothing.
   */
  public void changeTo(Connection connection, Carried want) throws SQLException {
    String change = want.settings.changeFrom(settings);
    if (change != null) {
      Physical.run(connection, change);
    }
    if (want.autoCommit != autoCommit) {
      connection.setAutoCommit(want.autoCommit);
    }
    if (want.isolation != isolation) {
      connection.setTransactionIsolation(want.isolation);
    }
    if (want.readOnly != readOnly) {
      connection.setReadOnly(want.readOnly);
    }
  }
}
