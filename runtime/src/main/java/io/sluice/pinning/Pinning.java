package io.sluice.pinning;

import io.sluice.sql.ReserveReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Why sessions hold reserved connections: the reservations held now, the causes of every
 * reservation made (reason, statement digest, application call site) with their counts, and the
 * log line for each new cause. Sessions report here only when they reserve and when the
 * reservation ends, so statements that reserve nothing never touch it.
 */
public final class Pinning {
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Reservation> held = new ConcurrentHashMap<>();
  private final CauseTable causes;
  private final NewCauseLog newCauses;

  public Pinning() {
    this(false);
  }

  /**
   * @param advisory advise mode: the reservations recorded are those multiplexing would have made
   *     (no session is pinned, none is multiplexed), and the log says so
   */
  public Pinning(boolean advisory) {
    this(new CauseTable(), new NewCauseLog(advisory));
  }

  Pinning(CauseTable causes, NewCauseLog newCauses) {
    this.causes = causes;
    this.newCauses = newCauses;
  }

  /**
   * Records that a session reserved a connection, naming the application's code on the current
   * thread's stack as the call site. Call on the thread that ran the statement.
   *
   * @param digest the statement's digest (no literals), or the JDBC call that reserved
   * @return the reservation, to hand to {@link #ended} when it ends
   */
  public Reservation reserved(ReserveReason reason, String tablet, String digest) {
    Reservation reservation =
        new Reservation(
            ids.incrementAndGet(), reason, tablet, digest, CallSite.current(), Instant.now());
    held.put(reservation.id(), reservation);
    if (causes.count(reservation.cause(), reservation.since())) {
      newCauses.first(reservation);
    }
    return reservation;
  }

  /** Forgets a reservation that ended; {@code null} (none was recorded) does nothing. */
  public void ended(Reservation reservation) {
    if (reservation != null) {
      held.remove(reservation.id());
    }
  }

  /** The reservations held now, oldest first. */
  public List<Reservation> reservations() {
    List<Reservation> now = new ArrayList<>(held.values());
    now.sort(Comparator.comparingLong(Reservation::id));
    return now;
  }

  /** Every cause still in the bounded table, most reservations first. */
  public List<CauseCount> causes() {
    return causes.ranked();
  }
}
