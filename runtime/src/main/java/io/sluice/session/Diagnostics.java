package io.sluice.session;

import io.sluice.sql.ShowDiagnostics;
import io.sluice.tablet.Physical;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The diagnostics area of a session's previous statement: what SHOW WARNINGS, SHOW ERRORS, SHOW
 * COUNT(*) WARNINGS/ERRORS, {@code @@warning_count} and {@code @@error_count} report.
 *
 * <p>MySQL keeps it per connection, and the session's next statement usually runs on another one,
 * so the session reads it (SHOW WARNINGS, which leaves it as it is) on the connection where the
 * statement ran, before anything else runs there, and only when the statement drew conditions.
 * What MySQL clears, measured on 8.0.31: every statement but SHOW WARNINGS, SHOW ERRORS and SHOW
 * COUNT(*) replaces it with its own conditions (none for a clean one, SELECT {@code
 * @@warning_count} included, which reads the previous count first). Sluice's own queries never
 * reach it.
 *
 * <p>On a connection the session holds (its transaction's, its reserved one) the conditions may
 * stay {@link #pending(Connection) pending} there, as they do on the application's own
 * connection: read only when something asks for them, or before anything else runs there ({@link
 * #settle}), which the session sees to.
 */
final class Diagnostics {
  private static final Logger log = LoggerFactory.getLogger(Diagnostics.class);

  static final Diagnostics NONE = new Diagnostics(List.of());

  /** One row of SHOW WARNINGS. */
  record Condition(String level, long code, String message) {}

  /** Null while the conditions are pending on {@link #on}. */
  private List<Condition> conditions;
  /** The connection whose diagnostics area these are, while they are pending there. */
  private Connection on;
  /** The class of the driver's connection they were read from, for its SQLSTATEs; or null. */
  private final Class<?> driver;

  private Diagnostics(List<Condition> conditions) {
    this(conditions, null, null);
  }

  private Diagnostics(List<Condition> conditions, Connection on, Class<?> driver) {
    this.conditions = conditions;
    this.on = on;
    this.driver = driver;
  }

  /**
   * The diagnostics of a statement that reported warnings (its OK or EOF packet counted some) and
   * whose connection stays with the session: they stay in that connection's diagnostics area until
   * {@link #settle}d, which must happen before anything else runs there.
   */
  static Diagnostics pending(Connection physical) throws SQLException {
    return new Diagnostics(null, physical, DriverAccess.driverConnection(physical).getClass());
  }

  /** Whether the conditions are still unread on {@code physical}. */
  boolean pendingOn(Connection physical) {
    return conditions == null && on == physical;
  }

  /**
   * Reads pending conditions from their connection, where nothing has run since their statement;
   * a connection that fails to tell leaves none (it is lost, and its diagnostics with it).
   */
  void settle() {
    if (conditions != null) {
      return;
    }
    List<Condition> rows = new ArrayList<>();
    try {
      read(on, rows);
    } catch (SQLException e) {
      rows.clear();
      log.debug("reading a held connection's warnings failed: {}", e.toString());
    }
    conditions = List.copyOf(rows);
    on = null;
  }

  private List<Condition> conditions() {
    settle();
    return conditions;
  }

  /**
   * The chain Connector/J makes of these conditions when it reads them (every row a plain {@link
   * SQLWarning} with the driver's SQLSTATE for its code); null for none.
   */
  SQLWarning chain() throws SQLException {
    SQLWarning first = null;
    for (Condition c : conditions()) {
      String state = driver == null ? null : DriverAccess.sqlState(driver, (int) c.code());
      SQLWarning warning = new SQLWarning(c.message(), state, (int) c.code());
      if (first == null) {
        first = warning;
      } else {
        first.setNextWarning(warning);
      }
    }
    return first;
  }

  /**
   * After a statement that succeeded: the warnings Sluice raised itself for what it answered
   * (first in {@code warnings}, up to {@code server}), then the server's, read on its connection
   * when it reported any.
   *
   * @param warnings the chain the application sees from {@code getWarnings()}
   * @param server where the server's warnings start in it, or null when it reported none
   * @throws SQLException only when the connection was lost reading them: Connector/J then closes
   *     the statement too, so its results are gone and the statement fails as the connection does
   */
  static Diagnostics after(Connection physical, SQLWarning warnings, SQLWarning server)
      throws SQLException {
    if (warnings == null) {
      return NONE;
    }
    Diagnostics read;
    try {
      read = server != null ? of(physical) : NONE;
    } catch (SQLException e) {
      if (Physical.isLost(e)) {
        throw e;
      }
      // The statement succeeded; its warnings stay as the driver reported them.
      List<Condition> rows = new ArrayList<>();
      for (SQLWarning w = server; w != null; w = w.getNextWarning()) {
        rows.add(new Condition("Warning", w.getErrorCode(), w.getMessage()));
      }
      read = new Diagnostics(List.copyOf(rows));
    }
    return after(warnings, server, read);
  }

  /**
   * After a statement that failed with a server error: the connection's diagnostics area as it
   * is now, which is the error's unless the driver sent a statement after it (Connector/J restores
   * net_write_timeout after a streamed query, which clears it on the application's connection
   * too), or the error alone when it cannot be read.
   */
  static Diagnostics afterError(Connection physical, SQLException error) {
    List<Condition> rows = new ArrayList<>();
    try {
      read(physical, rows);
    } catch (SQLException e) {
      rows.clear();
      rows.add(new Condition("Error", error.getErrorCode(), error.getMessage()));
    }
    return new Diagnostics(List.copyOf(rows));
  }

  /**
   * Stands for the diagnostics of a result that stays on the server until the application closes
   * it (its warnings arrive after its rows): none are known meanwhile, and a new instance each
   * time, so that closing the result can tell whether another statement has reported since.
   */
  static Diagnostics awaited() {
    return new Diagnostics(List.of());
  }

  /** The connection's diagnostics area as it is now. */
  static Diagnostics of(Connection physical) throws SQLException {
    List<Condition> rows = new ArrayList<>();
    read(physical, rows);
    return new Diagnostics(
        List.copyOf(rows), null, DriverAccess.driverConnection(physical).getClass());
  }

  /**
   * After a statement that succeeded, whose server warnings were {@code read}: the warnings Sluice
   * raised itself (first in {@code warnings}, up to {@code server}), then those.
   */
  static Diagnostics after(SQLWarning warnings, SQLWarning server, Diagnostics read) {
    if (warnings == null) {
      return NONE;
    }
    List<Condition> rows = new ArrayList<>();
    for (SQLWarning w = warnings; w != null && w != server; w = w.getNextWarning()) {
      rows.add(new Condition("Warning", w.getErrorCode(), w.getMessage()));
    }
    rows.addAll(read.conditions());
    return new Diagnostics(List.copyOf(rows));
  }

  private static void read(Connection physical, List<Condition> into) throws SQLException {
    try (Statement show = physical.createStatement();
        ResultSet rows = show.executeQuery("SHOW WARNINGS")) {
      while (rows.next()) {
        into.add(new Condition(rows.getString(1), rows.getLong(2), rows.getString(3)));
      }
    }
  }

  long warningCount() {
    return conditions().size();
  }

  long errorCount() {
    return conditions().stream().filter(Diagnostics::isError).count();
  }

  private static boolean isError(Condition c) {
    return c.level().equals("Error");
  }

  /**
   * A query that answers {@code show} with MySQL's result metadata (measured through Connector/J
   * on 8.0.31): for the counts, a BIGINT UNSIGNED named {@code @@session.warning_count} or {@code
   * error_count}; for the rows, {@code Level} VARCHAR(7), {@code Code} INT UNSIGNED and {@code
   * Message} VARCHAR(512), which only JSON_TABLE's typed columns give from literals (nullable
   * there, unlike SHOW's). The rows ride as a hex literal, which no sql_mode reads differently.
   */
  String answer(ShowDiagnostics show) {
    if (show.count()) {
      return "SELECT IF(TRUE, CAST("
          + (show.errors() ? errorCount() : warningCount())
          + " AS UNSIGNED), NULL) AS `@@session."
          + (show.errors() ? "error_count" : "warning_count")
          + "`";
    }
    StringBuilder json = new StringBuilder("[");
    conditions().stream()
        .filter(c -> !show.errors() || isError(c))
        .skip(show.offset())
        .limit(show.limit())
        .forEach(
            c -> {
              json.append(json.length() > 1 ? "," : "").append('[');
              quote(json, c.level()).append(',').append(c.code()).append(',');
              quote(json, c.message()).append(']');
            });
    json.append(']');
    return "SELECT `Level`, `Code`, `Message` FROM JSON_TABLE(_utf8mb4 X'"
        + HexFormat.of().formatHex(json.toString().getBytes(StandardCharsets.UTF_8))
        + "', '$[*]' COLUMNS (`Level` VARCHAR(7) PATH '$[0]', `Code` INT UNSIGNED PATH '$[1]',"
        + " `Message` VARCHAR(512) PATH '$[2]')) AS `diagnostics`";
  }

  private static StringBuilder quote(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"');
  }
}
