package io.sluice.status;

import io.sluice.pinning.Reservation;
import io.sluice.tablet.TabletStats;
import java.time.Instant;
import java.util.List;

/**
 * Everything the status page shows, read at one moment: the same counters JMX shows, so that the
 * page and JMX never disagree on what they mean.
 *
 * @param mode {@code multiplex} or {@code advise}
 * @param at when it was read
 * @param openSessions logical sessions open now
 * @param reservedSessions sessions holding (in advise mode: that would hold) a reserved
 *     connection now
 * @param tablets each multiplexed tablet's counters, in name order
 * @param advisor advise mode's projection, or {@code null} when multiplexing
 * @param reservations the reservations held now (in advise mode: those that would be), oldest
 *     first
 * @param history connection counts of the last minutes, oldest first
 */
public record StatusSnapshot(
    String mode,
    Instant at,
    long openSessions,
    long reservedSessions,
    List<TabletRow> tablets,
    Advice advisor,
    List<Reservation> reservations,
    List<Sample> history) {

  /** One multiplexed tablet: its name and its counters. */
  public record TabletRow(String name, TabletStats stats) {}

  /**
   * Advise mode's view of one tablet.
   *
   * @param name {@code user@host:port/db}
   * @param openSessions sessions open now, each on its own MySQL connection
   * @param peakSessions the most open at once
   * @param wouldReserve sessions that would hold a reserved connection now
   * @param projectedNow physical connections multiplexing would hold now
   * @param projectedPeak the most it would have held at once
   * @param peakPooled the most pooled connections it would have opened
   * @param peakTransactions the most transaction connections it would have opened
   */
  public record AdvisedTabletRow(
      String name,
      int openSessions,
      int peakSessions,
      int wouldReserve,
      int projectedNow,
      int projectedPeak,
      int peakPooled,
      int peakTransactions) {}

  /**
   * Advise mode's projection for the whole JVM.
   *
   * @param projectedPeak the most physical connections multiplexing would have needed at once
   * @param wouldReserveSessions sessions that would hold a reserved connection now
   * @param statements statements classified
   * @param tablets per tablet, in name order
   */
  public record Advice(
      int projectedPeak, int wouldReserveSessions, long statements, List<AdvisedTabletRow> tablets) {}
}
