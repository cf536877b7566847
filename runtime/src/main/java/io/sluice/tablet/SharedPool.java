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
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A tablet's one set of physical connections, as sessions borrow them for a statement or a
 * transaction: Vitess' smartconnpool over HikariCP. HikariCP opens, validates and resets the
 * connections; this pool decides who gets which, so that a session rarely waits, rarely pays a
 * round trip for its state, and MySQL sees no more connections than the sessions use at once.
 *
 * <ul>
 *   <li><b>One set, two caps.</b> Statements and transactions draw from the same idle connections.
 *       At most {@code queryserver_config_pool_size} are lent for statements and {@code
 *       queryserver_config_transaction_cap} for transactions; a new connection is opened only when
 *       none is idle, so the connections open follow the sessions' real concurrency.
 *   <li><b>Stacks by state.</b> An idle connection waits in a stack keyed by what it {@link
 *       Carried carries}: settings, auto-commit, isolation, read-only. A borrower takes, in this
 *       order: an idle connection carrying exactly what it wants (a hit); one carrying its
 *       settings; any idle one; a new one from HikariCP. It then changes only what differs.
 *   <li><b>The wait lists.</b> A borrower whose use is at its cap waits on that use's list, first
 *       come first served. A waiter is handed the next connection returned from the same use,
 *       with no trip through HikariCP: the first waiter that wants the returned connection's
 *       state gets it, else the oldest, and a waiter passed over as often as there are waiters (at
 *       least {@link #MIN_SKIPS} times) comes first, as smartconnpool ages its waiters, so that
 *       nobody starves. A connection HikariCP must reset (state the pool does not key) or that was
 *       discarded leaves the pool, and the waiter is handed the right to borrow instead. While a
 *       borrower waits in HikariCP for a connection being opened, returned connections go to
 *       HikariCP too, first to that borrower.
 * </ul>
 *
 * One lock guards the stacks, the wait lists and the counts; it is held for a few field updates,
 * never across I/O. Connections in a stack are lent out as far as HikariCP knows: one idle there
 * longer than {@link #IDLE_NANOS} is closed, so that a burst's connections go once it is over,
 * and one idle longer than {@link #ALIVE_BYPASS_NANOS} is validated before use, as HikariCP
 * validates its own.
 */
final class SharedPool {
  /** How long an idle connection in a stack is trusted without a ping (HikariCP's window). */
  private static final long ALIVE_BYPASS_NANOS = 500_000_000L;

  /** How long a connection may wait in a stack before it is closed. */
  static final long IDLE_NANOS = 30_000_000_000L;

  /**
   * How often a waiter may be passed over for one wanting the returned state, at least: with a
   * longer wait list, as often as it has waiters (one more turn of the list).
   */
  private static final int MIN_SKIPS = 8;

  private record Idle(Connection connection, Carried carried, long since) {}

  /**
   * A borrower waiting: handed a connection, or a slot of its use to fill from the idle
   * connections or HikariCP.
   */
  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    final Carried want;
    int skipped;
    Connection handed;
    Carried carried;
    /** Set under the lock, with {@link #handed} and {@link #carried}; read by the waiter. */
    volatile boolean done;

    Waiter(Carried want) {
      this.want = want;
    }
  }

  /** Borrows from HikariCP (an idle connection there, else a new one), failing as the tablet says. */
  @FunctionalInterface
  interface Source {
    Connection borrow(LentFor use) throws SQLException;
  }

  private final HikariDataSource hikari;
  private final Source source;
  private final String name;
  private final Carried clean;
  private final int[] caps = new int[LentFor.values().length];
  private final boolean parksSettings;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Carried, ArrayDeque<Idle>> stacks = new HashMap<>();
  private final List<ArrayDeque<Waiter>> waiters = List.of(new ArrayDeque<>(), new ArrayDeque<>());
  /** Connections lent for each use now (not idle in a stack). */
  private final int[] lent = new int[LentFor.values().length];
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
  private final LongAdder[] waits = {new LongAdder(), new LongAdder()};

  /**
   * @param hikari the tablet's HikariCP pool, sized the sum of the caps (it grows by one for each
   *     connection a reservation adopts: see {@link #adopted})
   * @param source how to borrow from it
   * @param name the tablet's name, for errors
   * @param clean what a connection from HikariCP carries
   * @param poolSize {@code queryserver_config_pool_size}: connections lent for statements at most
   * @param transactionCap {@code queryserver_config_transaction_cap}: for transactions at most
   * @param parksSettings whether the settings pool is on
   */
  SharedPool(
      HikariDataSource hikari,
      Source source,
      String name,
      Carried clean,
      int poolSize,
      int transactionCap,
      boolean parksSettings) {
    this.hikari = hikari;
    this.source = source;
    this.name = name;
    this.clean = clean;
    this.caps[LentFor.STATEMENT.ordinal()] = poolSize;
    this.caps[LentFor.TRANSACTION.ordinal()] = transactionCap;
    this.parksSettings = parksSettings;
  }

  /**
   * A connection carrying exactly {@code want}, lent for {@code use}, waiting up to {@code
   * timeoutNanos} for one to be returned when that use is at its cap.
   */
  Connection borrow(LentFor use, Carried want, long timeoutNanos) throws SQLException {
    int u = use.ordinal();
    Waiter waiter = null;
    Idle found = null;
    lock.lock();
    try {
      if (lent[u] < caps[u]) {
        lent[u]++;
        found = take(want);
      } else {
        waiter = new Waiter(want);
        waiters.get(u).addLast(waiter);
        waits[u].increment();
      }
    } finally {
      lock.unlock();
    }
    if (waiter != null) {
      await(use, waiter, System.nanoTime() + timeoutNanos, timeoutNanos);
      if (waiter.handed != null) {
        return carrying(use, waiter.handed, waiter.carried, want);
      }
      found = takeLocked(want); // handed the slot of a connection that left the pool
    }
    while (found != null
        && System.nanoTime() - found.since >= ALIVE_BYPASS_NANOS
        && !isValid(found.connection)) {
      Tablet.close(hikari, found.connection); // died while idle: nothing of the session ran on it
      found = takeLocked(want);
    }
    if (found != null) {
      return carrying(use, found.connection, found.carried, want);
    }
    return fromHikari(use, want);
  }

  /** Waits until the waiter is served, or fails with the pool's timeout or an interrupt. */
  private void await(LentFor use, Waiter waiter, long deadline, long timeoutNanos)
      throws SQLException {
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
          waiters.get(use.ordinal()).remove(waiter);
        } finally {
          lock.unlock();
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
          throw new SQLTransientConnectionException(
              "Sluice: interrupted waiting for a physical connection to " + name, "08004");
        }
        throw Tablet.poolTimeout(name, use.capFlag, caps[use.ordinal()], timeoutNanos, null);
      }
      LockSupport.parkNanos(this, left);
    }
  }

  /** A connection from HikariCP (this pool counted it lent), changed to {@code want}. */
  private Connection fromHikari(LentFor use, Carried want) throws SQLException {
    Connection connection;
    try {
      connection = source.borrow(use);
    } catch (SQLException | RuntimeException e) {
      released(use);
      throw e;
    }
    Settings carried;
    try {
      carried = carriedInHikari.isEmpty() ? Settings.NONE : carriedBy(connection);
    } catch (SQLException | RuntimeException e) {
      discard(use, connection);
      throw e;
    }
    return carrying(use, connection, clean.with(carried), want);
  }

  /** Changes a connection from what it carries to {@code want}; counts settings hits. */
  private Connection carrying(LentFor use, Connection connection, Carried carried, Carried want)
      throws SQLException {
    if (!want.settings().isEmpty()) {
      (carried.settings().equals(want.settings()) ? hits : misses).increment();
    }
    try {
      carried.changeTo(connection, want);
    } catch (SQLException | RuntimeException e) {
      discard(use, connection);
      throw e;
    }
    return connection;
  }

  private Settings carriedBy(Connection borrowed) throws SQLException {
    Settings carried = carriedInHikari.remove(borrowed.unwrap(Connection.class));
    return carried == null ? Settings.NONE : carried;
  }

  /**
   * Takes back a connection lent for {@code use} and carrying {@code carried}: to a waiter of
   * that use, onto its stack, or back to HikariCP, which resets it, with its settings noted for the
   * next borrower to change. A connection that cannot go back is evicted; either way it is no
   * longer the caller's. A connection with auto-commit off must hold no open transaction.
   *
   * @param parkable whether the connection holds no state but what {@code carried} says (one
   *     whose catalog, schema, network timeout or client info a session changed, or whose state
   *     the application changed behind the driver, goes back to HikariCP, which resets it)
   */
  void giveBack(LentFor use, Connection connection, Carried carried, boolean parkable) {
    if (parkable && !waitingInHikari()) {
      Waiter served;
      boolean parked = false;
      lock.lock();
      try {
        served = waiterFor(use, carried);
        if (served != null) {
          served.handed = connection;
          served.carried = carried;
          served.done = true; // under the lock: a waiter timing out sees it served
        } else if (parksSettings || carried.settings().isEmpty()) {
          lent[use.ordinal()]--;
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
        retireStale(System.nanoTime());
        return;
      }
    }
    try {
      if (!carried.settings().isEmpty()) {
        carriedInHikari.put(connection.unwrap(Connection.class), carried.settings());
      }
      connection.close();
    } catch (SQLException | RuntimeException e) {
      hikari.evictConnection(connection);
    } finally {
      released(use);
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

  /** Closes a connection lent for {@code use} instead of returning it; a waiter may borrow anew. */
  void discard(LentFor use, Connection connection) {
    Tablet.close(hikari, connection);
    released(use);
  }

  /**
   * A connection lent for {@code use} became a session's reserved connection: HikariCP has grown
   * by one for it, so a waiter may borrow anew.
   */
  void adopted(LentFor use) {
    released(use);
  }

  /** One connection lent for {@code use} left the pool: that use's oldest waiter may borrow. */
  private void released(LentFor use) {
    Waiter served;
    lock.lock();
    try {
      served = waiters.get(use.ordinal()).pollFirst();
      if (served == null) {
        lent[use.ordinal()]--;
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
   * The waiter of {@code use} to hand a connection carrying {@code carried}: the first that wants
   * exactly that, unless one ahead of it was passed over too often; removed from the list. Caller
   * holds the lock.
   */
  private Waiter waiterFor(LentFor use, Carried carried) {
    ArrayDeque<Waiter> list = waiters.get(use.ordinal());
    Waiter target = list.peekFirst();
    if (target == null) {
      return null;
    }
    int maxSkips = Math.max(MIN_SKIPS, list.size());
    for (Waiter w : list) {
      if (w.skipped >= maxSkips || w.want.equals(carried)) {
        target = w;
        break;
      }
    }
    for (Waiter w : list) {
      if (w == target) {
        break;
      }
      w.skipped++;
    }
    list.remove(target);
    return target;
  }

  private Idle takeLocked(Carried want) {
    lock.lock();
    try {
      return take(want);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The idle connection that serves {@code want} at least cost: one carrying exactly it, else one
   * carrying its settings, else any; null when none is idle. Caller holds the lock.
   */
  private Idle take(Carried want) {
    if (idle == 0) {
      return null;
    }
    ArrayDeque<Idle> stack = stacks.get(want);
    if (stack == null || stack.isEmpty()) {
      stack = null;
      for (Map.Entry<Carried, ArrayDeque<Idle>> entry : stacks.entrySet()) {
        if (entry.getValue().isEmpty()) {
          continue;
        }
        if (entry.getKey().settings().equals(want.settings())) {
          stack = entry.getValue();
          break;
        }
        if (stack == null) {
          stack = entry.getValue();
        }
      }
    }
    Idle found = stack.pollFirst();
    idle--;
    return found;
  }

  /**
   * Closes the connections idle in a stack for longer than {@link #IDLE_NANOS} at {@code now}: the
   * burst that opened them is over. Runs when a connection is parked, and periodically on the
   * tablet's housekeeping thread, so that a pool gone quiet closes them too.
   */
  void retireStale(long now) {
    List<Idle> stale = new ArrayList<>();
    lock.lock();
    try {
      for (Iterator<ArrayDeque<Idle>> stacked = stacks.values().iterator(); stacked.hasNext(); ) {
        ArrayDeque<Idle> stack = stacked.next();
        // A stack is pushed and popped at its head: the oldest idle are at its tail.
        while (!stack.isEmpty() && now - stack.peekLast().since > IDLE_NANOS) {
          stale.add(stack.pollLast());
          idle--;
        }
        if (stack.isEmpty()) {
          stacked.remove(); // sessions' distinct settings must not grow the map for good
        }
      }
    } finally {
      lock.unlock();
    }
    for (Idle entry : stale) {
      Tablet.close(hikari, entry.connection);
    }
  }

  /** Connections lent for {@code use} now. */
  int inUse(LentFor use) {
    lock.lock();
    try {
      return lent[use.ordinal()];
    } finally {
      lock.unlock();
    }
  }

  /** Connections idle in the stacks now that carry settings. */
  int settingsIdle() {
    lock.lock();
    try {
      int count = 0;
      for (Map.Entry<Carried, ArrayDeque<Idle>> entry : stacks.entrySet()) {
        count += entry.getKey().settings().isEmpty() ? 0 : entry.getValue().size();
      }
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** How many distinct settings the idle connections carry now. */
  int stacks() {
    lock.lock();
    try {
      Set<Settings> distinct = new HashSet<>();
      for (Map.Entry<Carried, ArrayDeque<Idle>> entry : stacks.entrySet()) {
        if (!entry.getValue().isEmpty() && !entry.getKey().settings().isEmpty()) {
          distinct.add(entry.getKey().settings());
        }
      }
      return distinct.size();
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

  /** Borrows for {@code use} that found it at its cap and waited, ever. */
  long waits(LentFor use) {
    return waits[use.ordinal()].sum();
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
