package io.sluice.tablet;

import io.sluice.jdbc.InternalQuery;
import io.sluice.vars.Literals;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The AUTO_INCREMENT column of each table a tablet's sessions insert into, learned once from
 * information_schema and kept, so that an insert's id can be taken from its OK packet where that
 * is provably what {@code LAST_INSERT_ID()} says: when the statement names no value for that
 * column, the id in the OK packet is the one MySQL generated, which is also LAST_INSERT_ID().
 *
 * <p>A table is known only as "safe" when it has an AUTO_INCREMENT column (so it is a base table,
 * not a view, whose columns show none) and no BEFORE INSERT trigger (which could give that column
 * an explicit value the statement does not show). Triggers are visible only to a user with the
 * TRIGGER privilege, so without one, found in information_schema's privilege tables for the user
 * itself, globally, for the schema or for the table, a table is not safe either. Whatever is not
 * safe, the session reads LAST_INSERT_ID() from the connection, as before.
 *
 * <p>Staleness. Any DDL, CALL, EXECUTE or unclassified statement of any session of any tablet in
 * the JVM (a migration tool on another DataSource included) makes everything learned stale
 * ({@link #forget}: one generation count for the JVM, which each entry records), and a learning
 * that raced with such a statement is stale too, so the JVM's own schema changes can never leave
 * a stale entry in use. A definition changed by a client outside the JVM (another application, a
 * migration run apart, a {@code mysql} client) is not seen: the entry then stays until {@link #MAX_AGE_NANOS} has passed
 * since it was learned. Within that window a wrong LAST_INSERT_ID() needs all of: the outside
 * change moved AUTO_INCREMENT to another column (or recreated the table so), or added a BEFORE
 * INSERT trigger that sets it; an insert of this tablet then names that column with an explicit
 * value other than NULL or 0; and the application then reads LAST_INSERT_ID() (getGeneratedKeys()
 * reads the OK packet, with or without Sluice, and is never affected). Closing that window
 * entirely would cost a query per insert, which is what this class exists to save; so the risk is
 * bounded in time rather than excluded, and only for definitions changed behind the tablet's back.
 */
public final class AutoIncrementColumns {
  /** How long a learned definition is trusted against changes made outside the tablet. */
  static final long MAX_AGE_NANOS = 30_000_000_000L;

  private record Key(String schema, String table) {}

  /**
   * The column, or empty where the OK packet cannot be trusted; when it was learned, and in which
   * generation of the JVM's table definitions.
   */
  private record Learned(Optional<String> column, long atNanos, long generation) {
    boolean current(long now) {
      return generation == GENERATION.get() && now - atNanos <= MAX_AGE_NANOS;
    }
  }

  /** Counts the statements of the JVM's sessions that may have changed a table's definition. */
  private static final AtomicLong GENERATION = new AtomicLong();

  private final ConcurrentHashMap<Key, Learned> learned = new ConcurrentHashMap<>();

  /**
   * The AUTO_INCREMENT column of {@code schema.table} where the OK packet's insert id of a
   * statement that names no value for it is LAST_INSERT_ID(); null where that is not proven.
   * Learned on {@code physical} the first time (one query), after {@code beforeQuery} has made
   * the connection free for Sluice's own query (the statement's diagnostics read).
   */
  public String column(Connection physical, String schema, String table, Runnable beforeQuery)
      throws SQLException {
    Key key = new Key(schema, table);
    Learned known = learned.get(key);
    long now = System.nanoTime();
    if (known == null || !known.current(now)) {
      long generation = GENERATION.get();
      beforeQuery.run();
      known = new Learned(Optional.ofNullable(learn(physical, schema, table)), now, generation);
      learned.put(key, known);
    }
    return known.column().orElse(null);
  }

  /**
   * Makes everything learned, by every tablet of the JVM, stale: a statement may have changed a
   * table's definition.
   */
  public void forget() {
    GENERATION.incrementAndGet();
    learned.clear();
  }

  private static String learn(Connection physical, String schema, String table)
      throws SQLException {
    String s = Literals.quoted(schema);
    String t = Literals.quoted(table);
    String grantee =
        "CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''',"
            + " SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";
    String sql =
        "SELECT c.COLUMN_NAME,"
            + " NOT EXISTS (SELECT 1 FROM information_schema.TRIGGERS g"
            + " WHERE g.EVENT_OBJECT_SCHEMA = c.TABLE_SCHEMA"
            + " AND g.EVENT_OBJECT_TABLE = c.TABLE_NAME"
            + " AND g.EVENT_MANIPULATION = 'INSERT' AND g.ACTION_TIMING = 'BEFORE')"
            + " AND (EXISTS (SELECT 1 FROM information_schema.USER_PRIVILEGES p"
            + " WHERE p.PRIVILEGE_TYPE = 'TRIGGER' AND p.GRANTEE = " + grantee + ")"
            + " OR EXISTS (SELECT 1 FROM information_schema.SCHEMA_PRIVILEGES p"
            + " WHERE p.PRIVILEGE_TYPE = 'TRIGGER' AND p.GRANTEE = " + grantee
            + " AND p.TABLE_SCHEMA = c.TABLE_SCHEMA)"
            + " OR EXISTS (SELECT 1 FROM information_schema.TABLE_PRIVILEGES p"
            + " WHERE p.PRIVILEGE_TYPE = 'TRIGGER' AND p.GRANTEE = " + grantee
            + " AND p.TABLE_SCHEMA = c.TABLE_SCHEMA AND p.TABLE_NAME = c.TABLE_NAME))"
            + " FROM information_schema.COLUMNS c"
            + " WHERE c.TABLE_SCHEMA = " + s + " AND c.TABLE_NAME = " + t
            + " AND c.EXTRA LIKE '%auto_increment%'";
    try (Statement query = InternalQuery.statement(physical);
        ResultSet row = InternalQuery.results(query, sql)) {
      return row.next() && row.getBoolean(2) ? row.getString(1) : null;
    }
  }
}
