package io.sluice.session;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CONNECTION_ID() of every live session of this JVM, so that a {@code KILL} naming one reaches
 * that session and no other.
 *
 * <p>A session's statements run on whichever physical connection is free, so MySQL's own
 * CONNECTION_ID() would change from statement to statement and name connections other sessions
 * use next: an application that keys locks or logs by it, or kills a statement with {@code KILL
 * QUERY}, would hit someone else. As vtgate numbers its client connections itself, each session
 * gets an id of its own for its whole life, reserved connection or not (a reserved connection's
 * id is a physical detail that may change when it is lost).
 *
 * <p>The ids come from {@code [2^31 - 2^28, 2^31)}: far above the thread ids a MySQL server hands
 * out in practice (one per connection since it started), so that a {@code KILL} of a Sluice id
 * that reaches MySQL (from another JVM, or a {@code mysql} client) fails with 1094 "Unknown thread
 * id" instead of killing an unrelated connection; below 2^32, because MySQL truncates a larger
 * KILL operand to 32 bits (measured on 8.0.31: {@code KILL QUERY 2^32 + n} kills thread n); and
 * below 2^31, so that {@code ResultSet.getInt} reads it as it reads a real id. Ids are unique
 * among live sessions of this JVM only, as vtgate's are per vtgate.
 *
 * <p>Sessions are held weakly: one the application drops without closing it does not stay here.
 */
final class SessionIds {
  static final long FIRST = (1L << 31) - (1L << 28);
  private static final long COUNT = 1L << 28;
  /** How often a new id also sweeps out sessions collected without being closed. */
  private static final long SWEEP_EVERY = 4096;

  private static final ConcurrentHashMap<Long, WeakReference<Session>> LIVE =
      new ConcurrentHashMap<>();
  private static final AtomicLong NEXT = new AtomicLong();

  private SessionIds() {}

  /** A new id for {@code session}, unused by any live session. */
  static long register(Session session) {
    WeakReference<Session> reference = new WeakReference<>(session);
    while (true) {
      long n = NEXT.getAndIncrement();
      if (n % SWEEP_EVERY == SWEEP_EVERY - 1) {
        LIVE.values().removeIf(r -> r.get() == null);
      }
      long id = FIRST + Math.floorMod(n, COUNT);
      WeakReference<Session> previous = LIVE.putIfAbsent(id, reference);
      if (previous == null || (previous.get() == null && LIVE.replace(id, previous, reference))) {
        return id;
      }
    }
  }

  /** The live session with this id, or null. */
  static Session live(long id) {
    WeakReference<Session> reference = LIVE.get(id);
    return reference == null ? null : reference.get();
  }

  /** Frees a closed session's id. */
  static void forget(long id, Session session) {
    LIVE.computeIfPresent(id, (key, reference) -> reference.get() == session ? null : reference);
  }
}
