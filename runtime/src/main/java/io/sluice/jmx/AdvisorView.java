package io.sluice.jmx;

import io.sluice.advisor.Advisor;

/** Shows advise mode's projection; each attribute reads it afresh. */
final class AdvisorView implements AdvisorMXBean {
  private final Advisor advisor;

  AdvisorView(Advisor advisor) {
    this.advisor = advisor;
  }

  @Override
  public int getProjectedPeakPhysicalConnections() {
    return advisor.projectedPeak();
  }

  @Override
  public int getProjectedPhysicalConnections() {
    return advisor.projectedNow();
  }

  @Override
  public int getProjectedPeakPooled() {
    return advisor.peakPooled();
  }

  @Override
  public int getProjectedPeakTransactions() {
    return advisor.peakTransactions();
  }

  @Override
  public int getWouldReserveSessions() {
    return advisor.wouldReserveSessions();
  }

  @Override
  public int getOpenSessions() {
    return advisor.openSessions();
  }

  @Override
  public int getPeakSessions() {
    return advisor.peakSessions();
  }

  @Override
  public long getStatementsClassified() {
    return advisor.statements();
  }
}
