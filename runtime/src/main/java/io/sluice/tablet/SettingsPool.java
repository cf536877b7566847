package io.sluice.tablet;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.sluice.vars.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The settings pool (Vitess' smartconnpool): a tablet's pooled connections that carry settings
 * wait, idle, in a stack keyed by those settings, so that the next statement of a session with the
 * same settings takes one as it is, with no round trip to apply them.
 *
 * <p>It is a layer over the tablet's HikariCP pool, which stays the one capacity ({@code
 * queryserver_config_pool_size}), keeps the clean idle connections, opens new ones and validates
 * them: a connection in a settings stack is one HikariCP lent out. A session with settings S gets,
 * in this order:
 *
 * <ol>
 *   <li>an idle connection carrying S (a hit);
 *   <li>a clean one (idle in HikariCP, or newly opened while there is capacity), with S applied;
 *   <li>one carrying other settings, changed to S (their variables back to the baseline);
 *   <li>otherwise it waits in HikariCP, up to the pool timeout, for the next connection returned.
 * </ol>
 *
 * <p>A returned connection with settings goes to its stack, unless a session waits in HikariCP:
 * then it is reset to the baseline and handed back there, so that idle settings never starve a
 * waiting session. One idle longer than {@link #IDLE_NANOS} is also handed back, clean, to let
 * HikariCP age it. A connection taken from a stack after more than {@link #ALIVE_BYPASS_NANOS} of
 * idleness is validated first, as HikariCP validates its own.
 */
final class SettingsPool {
  /** How long an idle connection in a stack is trusted without a ping (HikariCP's window). */
  private static final long ALIVE_BYPASS_NANOS = 500_000_000L;

  /** How long a connection may wait in a stack before it goes back to HikariCP, clean. */
  static final long IDLE_NANOS = 30_000_000_000L;

  private record Idle(Connection connection, long since) {}

  private final HikariDataSource hikari;
  private final ConcurrentHashMap<Settings, Deque<Idle>> stacks = new ConcurrentHashMap<>();
  private final AtomicInteger idle = new AtomicInteger();
  /**
   * The settings of connections handed back to HikariCP without a reset, by driver connection
   * (HikariCP lends a new proxy each time): the next borrower changes them to its own, one
   * statement instead of a reset and an apply. Weak keys: HikariCP may close them meanwhile.
   */
  private final Map<Connection, Settings> carriedInHikari =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  SettingsPool(HikariDataSource hikari) {
    this.hikari = hikari;
  }

  /**
   * A connection carrying exactly {@code want} (none: a clean one), or null when HikariCP can lend
   * a clean one or only waiting there remains (the caller then borrows there, and applies {@code
   * want} itself).
   */
  Connection take(Settings want) throws SQLException {
    if (!want.isEmpty()) {
      Connection same = pop(stacks.get(want));
      if (same != null) {
        hits.increment();
        return same;
      }
    }
    if (idle.get() == 0 || cleanAvailable()) {
      return null;
    }
    for (Map.Entry<Settings, Deque<Idle>> other : stacks.entrySet()) {
      Connection connection = pop(other.getValue());
      if (connection != null) {
        try {
          Physical.run(connection, want.changeFrom(other.getKey()));
          return connection;
        } catch (SQLException e) {
          hikari.evictConnection(connection);
          close(connection);
          throw e;
        }
      }
    }
    return null;
  }

  /** Whether HikariCP can lend a clean connection now: one idle, or capacity to open one. */
  private boolean cleanAvailable() {
    HikariPoolMXBean state = hikari.getHikariPoolMXBean();
    return state == null
        || state.getIdleConnections() > 0
        || state.getTotalConnections() < hikari.getMaximumPoolSize();
  }

  /** A live connection from a stack, or null when it is empty. */
  private Connection pop(Deque<Idle> stack) {
    if (stack == null) {
      return null;
    }
    Idle entry;
    while ((entry = stack.pollFirst()) != null) {
      idle.decrementAndGet();
      if (System.nanoTime() - entry.since < ALIVE_BYPASS_NANOS || isValid(entry.connection)) {
        return entry.connection;
      }
      hikari.evictConnection(entry.connection);
      close(entry.connection);
    }
    return null;
  }

  /**
   * Takes back a connection carrying {@code carried}: onto its stack, or, when a session waits in
   * HikariCP or the connection cannot be parked, back to HikariCP with its settings noted, for the
   * next borrower to change ({@link #carriedBy}).
   *
   * @param parkable whether the connection's JDBC state is the tablet's default (a connection a
   *     session changed the catalog or isolation of goes back to HikariCP, which resets it)
   */
  void giveBack(Connection connection, Settings carried, boolean parkable) throws SQLException {
    HikariPoolMXBean state = hikari.getHikariPoolMXBean();
    boolean waiters = state != null && state.getThreadsAwaitingConnection() > 0;
    if (!carried.isEmpty() && parkable && !waiters) {
      stacks.computeIfAbsent(carried, s -> new ConcurrentLinkedDeque<>())
          .addFirst(new Idle(connection, System.nanoTime()));
      idle.incrementAndGet();
      retireStale();
      return;
    }
    if (!carried.isEmpty()) {
      carriedInHikari.put(connection.unwrap(Connection.class), carried);
    }
    connection.close();
  }

  /**
   * The settings a connection just borrowed from HikariCP carries (none for most), forgetting
   * them: the borrower puts its own on it.
   */
  Settings carriedBy(Connection borrowed) throws SQLException {
    if (carriedInHikari.isEmpty()) {
      return Settings.NONE;
    }
    Settings carried = carriedInHikari.remove(borrowed.unwrap(Connection.class));
    return carried == null ? Settings.NONE : carried;
  }

  /** Counts a borrow with settings that found them on its connection, or had to apply them. */
  void counted(boolean hit) {
    (hit ? hits : misses).increment();
  }

  /** Hands connections idle in a stack for too long back to HikariCP, clean. */
  private void retireStale() {
    long now = System.nanoTime();
    for (Map.Entry<Settings, Deque<Idle>> stack : stacks.entrySet()) {
      Idle oldest = stack.getValue().peekLast();
      if (oldest != null && now - oldest.since > IDLE_NANOS && stack.getValue().remove(oldest)) {
        idle.decrementAndGet();
        try {
          Physical.run(oldest.connection, stack.getKey().resetSql());
          oldest.connection.close();
        } catch (SQLException e) {
          hikari.evictConnection(oldest.connection);
          close(oldest.connection);
        }
      }
    }
  }

  /** Connections idle in the stacks now. */
  int idle() {
    return idle.get();
  }

  /** How many distinct settings have idle connections now. */
  int stacks() {
    int count = 0;
    for (Deque<Idle> stack : stacks.values()) {
      count += stack.isEmpty() ? 0 : 1;
    }
    return count;
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }

  /** Closes every parked connection (the tablet is closing). */
  void close() {
    for (Deque<Idle> stack : stacks.values()) {
      for (Iterator<Idle> it = stack.iterator(); it.hasNext(); ) {
        Idle entry = it.next();
        it.remove();
        hikari.evictConnection(entry.connection);
        close(entry.connection);
      }
    }
    idle.set(0);
  }

  private static boolean isValid(Connection connection) {
    try {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // evicted: HikariCP closes it
    }
  }
}
