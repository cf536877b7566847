package io.sluice.tablet;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.sluice.vars.Settings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tablet's shared connections as sessions borrow them for one statement at a time: Vitess'
 * smartconnpool over HikariCP. HikariCP opens, validates, resets and ages the connections; this
 * pool decides who gets which, so that a session rarely waits and rarely pays a round trip for
 * its settings.
 *
 * <ul>
 *   <li><b>Settings stacks.</b> A returned connection that carries settings (variables a session
 *       set, applied on the connection) waits, idle, in a stack keyed by exactly those settings,
 *       when the settings pool is on. A session with settings S takes, in this order: an idle
 *       connection carrying S (a hit); a clean one from HikariCP while fewer than {@code size}
 *       are lent; an idle one carrying other settings, changed to S. Otherwise it waits.
 *   <li><b>The wait list.</b> A waiting session is handed the next connection returned, with no
 *       trip through HikariCP: the first waiter that wants the returned connection's settings
 *       gets it, else the oldest, and a waiter passed over as often as there are waiters (at least
 *       {@link #MIN_SKIPS} times) comes first, as smartconnpool ages its waiters, so that nobody
 *       starves. A connection HikariCP must reset
 *       (JDBC state changed) or that was discarded goes back to HikariCP, and the waiter is
 *       handed the right to borrow there instead. While a borrower waits in HikariCP for a
 *       connection being opened, returned connections go to HikariCP too, first to that borrower.
 * </ul>
 *
 * One lock guards the stacks, the wait list and the count of lent connections; it is held for a
 * few field updates, never across I/O. Connections in a stack are lent out as far as HikariCP
 * knows: one idle there longer than {@link #IDLE_NANOS} goes back clean, for HikariCP to age, and
 * one idle longer than {@link #ALIVE_BYPASS_NANOS} is validated before use, as HikariCP
 * validates its own.
 */
final class SharedPool {
  /** How long an idle connection in a stack is trusted without a ping (HikariCP's window). */
  private static final long ALIVE_BYPASS_NANOS = 500_000_000L;

  /** How long a connection may wait in a stack before it goes back to HikariCP, clean. */
  static final long IDLE_NANOS = 30_000_000_000L;

  /**
   * How often a waiter may be passed over for one wanting the returned settings, at least: with a
   * longer wait list, as often as it has waiters (one more turn of the list).
   */
  private static final int MIN_SKIPS = 8;

  private record Idle(Connection connection, Settings carried, long since) {}

  /** A borrower waiting: handed a connection, or the right to borrow one from HikariCP. */
  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    final Settings want;
    int skipped;
    Connection handed;
    Settings carried;
    /** Set under the lock, with {@link #handed} and {@link #carried}; read by the waiter. */
    volatile boolean done;

    Waiter(Settings want) {
      this.want = want;
    }
  }

  /** Borrows a clean connection from HikariCP, failing as the tablet says. */
  @FunctionalInterface
  interface Source {
    Connection borrow() throws SQLException;
  }

  private final HikariDataSource hikari;
  private final Source source;
  private final String name;
  private final int size;
  private final boolean parksSettings;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Settings, ArrayDeque<Idle>> stacks = new HashMap<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  /** Connections borrowed from HikariCP through this pool and not returned: in use or in a stack. */
  private int lent;
  private int idle;
  /**
   * The settings of connections handed back to HikariCP without a reset, by driver connection
   * (HikariCP lends a new proxy each time): the next borrower changes them to its own, one
   * statement instead of a reset and an apply. Weak keys: HikariCP may close them meanwhile.
   */
  private final Map<Connection, Settings> carriedInHikari =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder waits = new LongAdder();

  /**
   * @param hikari the tablet's HikariCP pool of shared connections, sized {@code size} (it grows
   *     by one for each connection a reservation adopts: see {@link #adopted()})
   * @param source how to borrow from it
   * @param name the tablet's name, for errors
   * @param size {@code queryserver_config_pool_size}
   * @param parksSettings whether the settings pool is on
   */
  SharedPool(
      HikariDataSource hikari, Source source, String name, int size, boolean parksSettings) {
    this.hikari = hikari;
    this.source = source;
    this.name = name;
    this.size = size;
    this.parksSettings = parksSettings;
  }

  /**
   * A connection carrying exactly {@code want} (none: a clean one), waiting up to {@code
   * timeoutNanos} for one to be returned when all are lent.
   */
  Connection borrow(Settings want, long timeoutNanos) throws SQLException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      Idle found;
      Waiter waiter = null;
      lock.lock();
      try {
        found = pop(want);
        if (found == null) {
          if (lent < size) {
            lent++;
          } else {
            found = popAny();
            if (found == null) {
              waiter = new Waiter(want);
              waiters.addLast(waiter);
              waits.increment();
            }
          }
        }
      } finally {
        lock.unlock();
      }
      if (found != null) {
        if (System.nanoTime() - found.since >= ALIVE_BYPASS_NANOS && !isValid(found.connection)) {
          discard(found.connection); // died while idle: nothing of the session ran on it
          continue;
        }
        return carrying(found.connection, found.carried, want);
      }
      if (waiter != null) {
        await(waiter, deadline, timeoutNanos);
        if (waiter.handed != null) {
          return carrying(waiter.handed, waiter.carried, want);
        }
        // handed the right to borrow from HikariCP instead
      }
      return fromHikari(want);
    }
  }

  /** Waits until the waiter is served, or fails with the pool's timeout or an interrupt. */
  private void await(Waiter waiter, long deadline, long timeoutNanos) throws SQLException {
    while (!waiter.done) {
      long left = deadline - System.nanoTime();
      boolean interrupted = Thread.interrupted();
      if (left <= 0 || interrupted) {
        lock.lock();
        try {
          if (waiter.done) {
            if (interrupted) {
              Thread.currentThread().interrupt();
            }
            return; // served meanwhile
          }
          waiters.remove(waiter);
        } finally {
          lock.unlock();
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
          throw new SQLTransientConnectionException(
              "Sluice: interrupted waiting for a physical connection to " + name, "08004");
        }
        throw Tablet.poolTimeout(name, "queryserver_config_pool_size", size, timeoutNanos, null);
      }
      LockSupport.parkNanos(this, left);
    }
  }

  /** A clean connection from HikariCP (this pool counted it lent), changed to {@code want}. */
  private Connection fromHikari(Settings want) throws SQLException {
    Connection connection;
    try {
      connection = source.borrow();
    } catch (SQLException | RuntimeException e) {
      released();
      throw e;
    }
    Settings carried;
    try {
      carried = carriedInHikari.isEmpty() ? Settings.NONE : carriedBy(connection);
    } catch (SQLException | RuntimeException e) {
      discard(connection);
      throw e;
    }
    return carrying(connection, carried, want);
  }

  /** Changes a connection's settings from what it carries to {@code want}; counts hits. */
  private Connection carrying(Connection connection, Settings carried, Settings want)
      throws SQLException {
    if (!want.isEmpty()) {
      (carried.equals(want) ? hits : misses).increment();
    }
    String change = want.changeFrom(carried);
    if (change != null) {
      try {
        Physical.run(connection, change);
      } catch (SQLException | RuntimeException e) {
        discard(connection);
        throw e;
      }
    }
    return connection;
  }

  private Settings carriedBy(Connection borrowed) throws SQLException {
    Settings carried = carriedInHikari.remove(borrowed.unwrap(Connection.class));
    return carried == null ? Settings.NONE : carried;
  }

  /**
   * Takes back a connection carrying {@code carried}: to a waiter, onto its stack, or back to
   * HikariCP with its settings noted for the next borrower to change. A connection that cannot go
   * back is evicted; either way it is no longer the caller's.
   *
   * @param parkable whether the connection's JDBC state is the tablet's default (one whose
   *     catalog or isolation a session changed goes back to HikariCP, which resets it)
   */
  void giveBack(Connection connection, Settings carried, boolean parkable) {
    if (parkable && !waitingInHikari()) {
      Waiter served;
      boolean parked = false;
      lock.lock();
      try {
        served = waiterFor(carried);
        if (served != null) {
          served.handed = connection;
          served.carried = carried;
          served.done = true; // under the lock: a waiter timing out sees it served
        } else if (parksSettings && !carried.isEmpty()) {
          stacks.computeIfAbsent(carried, s -> new ArrayDeque<>())
              .addFirst(new Idle(connection, carried, System.nanoTime()));
          idle++;
          parked = true;
        }
      } finally {
        lock.unlock();
      }
      if (served != null) {
        wake(served);
        return;
      }
      if (parked) {
        retireStale();
        return;
      }
    }
    try {
      if (!carried.isEmpty()) {
        carriedInHikari.put(connection.unwrap(Connection.class), carried);
      }
      connection.close();
    } catch (SQLException | RuntimeException e) {
      hikari.evictConnection(connection);
    } finally {
      released();
    }
  }

  /**
   * Whether a borrower this pool sent to HikariCP waits there: HikariCP is still opening its
   * connection. A returned connection then goes to HikariCP, which hands it to that borrower, so
   * that a slow connect never leaves it waiting while connections change hands here.
   */
  private boolean waitingInHikari() {
    HikariPoolMXBean state = hikari.getHikariPoolMXBean();
    return state != null && state.getThreadsAwaitingConnection() > 0;
  }

  /** Closes a connection of this pool instead of returning it; a waiter may borrow anew. */
  void discard(Connection connection) {
    Tablet.close(hikari, connection);
    released();
  }

  /**
   * A connection of this pool became a session's reserved connection: HikariCP has grown by one
   * for it, so a waiter may borrow anew.
   */
  void adopted() {
    released();
  }

  /** One lent connection is gone: the oldest waiter may borrow in its place. */
  private void released() {
    Waiter served;
    lock.lock();
    try {
      served = waiters.pollFirst();
      if (served == null) {
        lent--;
      } else {
        served.done = true;
      }
    } finally {
      lock.unlock();
    }
    if (served != null) {
      wake(served);
    }
  }

  private static void wake(Waiter served) {
    LockSupport.unpark(served.thread);
  }

  /**
   * The waiter to hand a connection carrying {@code carried}: the first that wants exactly those
   * settings, unless one ahead of it was passed over too often; removed from the list. Caller
   * holds the lock.
   */
  private Waiter waiterFor(Settings carried) {
    Waiter target = waiters.peekFirst();
    if (target == null) {
      return null;
    }
    int maxSkips = Math.max(MIN_SKIPS, waiters.size());
    for (Waiter w : waiters) {
      if (w.skipped >= maxSkips || w.want.equals(carried)) {
        target = w;
        break;
      }
    }
    for (Waiter w : waiters) {
      if (w == target) {
        break;
      }
      w.skipped++;
    }
    waiters.remove(target);
    return target;
  }

  /** An idle connection carrying exactly {@code want}, or null. Caller holds the lock. */
  private Idle pop(Settings want) {
    ArrayDeque<Idle> stack = want.isEmpty() ? null : stacks.get(want);
    Idle found = stack == null ? null : stack.pollFirst();
    if (found != null) {
      idle--;
    }
    return found;
  }

  /** An idle connection carrying any settings, or null. Caller holds the lock. */
  private Idle popAny() {
    if (idle == 0) {
      return null;
    }
    for (ArrayDeque<Idle> stack : stacks.values()) {
      Idle found = stack.pollFirst();
      if (found != null) {
        idle--;
        return found;
      }
    }
    return null;
  }

  /** Hands connections idle in a stack for too long back to HikariCP, clean. */
  private void retireStale() {
    List<Idle> stale = new ArrayList<>();
    long now = System.nanoTime();
    lock.lock();
    try {
      for (ArrayDeque<Idle> stack : stacks.values()) {
        Idle oldest = stack.peekLast();
        if (oldest != null && now - oldest.since > IDLE_NANOS) {
          stale.add(stack.pollLast());
          idle--;
        }
      }
    } finally {
      lock.unlock();
    }
    for (Idle entry : stale) {
      try {
        Physical.run(entry.connection, entry.carried.resetSql());
        entry.connection.close();
        released();
      } catch (SQLException e) {
        discard(entry.connection);
      }
    }
  }

  /** Connections lent and not idle in a stack: what sessions use now. */
  int inUse() {
    lock.lock();
    try {
      return lent - idle;
    } finally {
      lock.unlock();
    }
  }

  /** Connections idle in the stacks now. */
  int idle() {
    lock.lock();
    try {
      return idle;
    } finally {
      lock.unlock();
    }
  }

  /** How many distinct settings have idle connections now. */
  int stacks() {
    lock.lock();
    try {
      int count = 0;
      for (ArrayDeque<Idle> stack : stacks.values()) {
        count += stack.isEmpty() ? 0 : 1;
      }
      return count;
    } finally {
      lock.unlock();
    }
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }

  /** Borrows that found every connection lent and waited, ever. */
  long waits() {
    return waits.sum();
  }

  /** Closes every idle connection (the tablet is closing). */
  void close() {
    List<Idle> all = new ArrayList<>();
    lock.lock();
    try {
      for (ArrayDeque<Idle> stack : stacks.values()) {
        for (Iterator<Idle> it = stack.iterator(); it.hasNext(); ) {
          all.add(it.next());
          it.remove();
        }
      }
      lent -= idle;
      idle = 0;
    } finally {
      lock.unlock();
    }
    for (Idle entry : all) {
      Tablet.close(hikari, entry.connection);
    }
  }

  private static boolean isValid(Connection connection) {
    try {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }
}
