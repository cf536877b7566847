package io.sluice.advisor;

import io.sluice.sql.PlanCache;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Advise mode's view of one tablet: what its sessions do, counted as a multiplexed tablet would
 * need connections for it.
 *
 * <p>The projection mirrors how a tablet holds physical connections. Statements and transactions
 * share one set, opened on demand and kept while in use within the last seconds, so it holds about
 * as many as the most statements and transactions that ever ran at once, each up to its cap;
 * reserved connections are held while their sessions are open. So the projection now is {@code
 * the most min(pool size, statements) + min(transaction cap, transactions) at once + sessions
 * that would be reserved}, and its peak is the most that ever was.
 */
final class AdvisedTablet {
  private final String name;
  private final PlanCache plans;
  private final int poolSize;
  private final int transactionCap;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger peakOpen = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peakRunning = new AtomicInteger();
  private final AtomicInteger transactions = new AtomicInteger();
  private final AtomicInteger peakTransactions = new AtomicInteger();
  /** The most pooled and transaction connections lent at once. */
  private final AtomicInteger peakShared = new AtomicInteger();
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicInteger projectedPeak = new AtomicInteger();

  AdvisedTablet(String name, int poolSize, int transactionCap) {
    this.name = name;
    this.plans = new PlanCache();
    this.poolSize = poolSize;
    this.transactionCap = transactionCap;
  }

  String name() {
    return name;
  }

  PlanCache plans() {
    return plans;
  }

  void sessionOpened() {
    peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
  }

  void sessionClosed() {
    open.decrementAndGet();
  }

  /** An autocommit statement began: multiplexed, it would hold a pooled connection meanwhile. */
  void statementStarted() {
    int now = running.incrementAndGet();
    if (now > peakRunning.get()) {
      peakRunning.accumulateAndGet(now, Math::max);
    }
    lent(now, transactions.get());
  }

  void statementEnded() {
    running.decrementAndGet();
  }

  /** A transaction began: multiplexed, it would hold a transaction connection until it ends. */
  void transactionBegan() {
    int now = transactions.incrementAndGet();
    if (now > peakTransactions.get()) {
      peakTransactions.accumulateAndGet(now, Math::max);
    }
    lent(running.get(), now);
  }

  void transactionEnded() {
    transactions.decrementAndGet();
  }

  /** Statements and transactions running now: the connections the tablet would lend at once. */
  private void lent(int statements, int openTransactions) {
    int lent = Math.min(poolSize, statements) + Math.min(transactionCap, openTransactions);
    if (lent > peakShared.get()) {
      peakShared.accumulateAndGet(lent, Math::max);
      projected();
    }
  }

  /** A session would have reserved a connection, held until it closes. */
  void reservationStarted() {
    reserved.incrementAndGet();
    projected();
  }

  void reservationEnded() {
    reserved.decrementAndGet();
  }

  int openSessions() {
    return open.get();
  }

  int peakSessions() {
    return peakOpen.get();
  }

  int wouldReserve() {
    return reserved.get();
  }

  /** Pooled connections multiplexing would hold: the most statements at once, up to the size. */
  int peakPooled() {
    return Math.min(poolSize, peakRunning.get());
  }

  /** Transaction connections it would hold: the most transactions at once, up to the cap. */
  int peakTransactions() {
    return Math.min(transactionCap, peakTransactions.get());
  }

  /** Physical connections multiplexing would hold now. */
  int projectedNow() {
    return peakShared.get() + reserved.get();
  }

  /** The most physical connections multiplexing would have held at once. */
  int projectedPeak() {
    return Math.max(projectedPeak.get(), projectedNow());
  }

  private void projected() {
    projectedPeak.accumulateAndGet(projectedNow(), Math::max);
  }
}
