package io.sluice.jmx;

/**
 * {@code io.sluice:type=Advisor}, in advise mode only: what multiplexing would need for the
 * sessions this JVM runs on their own connections. The sessions that would pin, and why, are
 * {@code io.sluice:type=Sessions}' {@code reservedSessions()} and {@code topPinningCauses()}.
 */
public interface AdvisorMXBean {
  /** The most physical connections multiplexing would have held at once. */
  int getProjectedPeakPhysicalConnections();

  /** Physical connections multiplexing would hold now. */
  int getProjectedPhysicalConnections();

  /** Pooled connections it would have opened: the most statements at once, up to the pool size. */
  int getProjectedPeakPooled();

  /** Transaction connections it would have opened, up to the transaction cap. */
  int getProjectedPeakTransactions();

  /** Sessions that would hold a reserved connection now. */
  int getWouldReserveSessions();

  /** Sessions open now, each on its own MySQL connection. */
  int getOpenSessions();

  /** The most sessions open at once: the MySQL connections this JVM needed without Sluice. */
  int getPeakSessions();

  /** Statement executions classified. */
  long getStatementsClassified();
}
