package io.sluice.jmx;

import io.sluice.tablet.Tablet;

/** Shows one tablet's counters; each attribute reads a fresh snapshot. */
final class TabletView implements TabletMXBean {
  private final Tablet tablet;

  TabletView(Tablet tablet) {
    this.tablet = tablet;
  }

  @Override
  public int getCapacity() {
    return tablet.stats().capacity();
  }

  @Override
  public int getInUse() {
    return tablet.stats().inUse();
  }

  @Override
  public int getAvailable() {
    return tablet.stats().available();
  }

  @Override
  public long getWaitCount() {
    return tablet.stats().waitCount();
  }

  @Override
  public long getSettingsPoolHits() {
    return tablet.stats().settingsPoolHits();
  }

  @Override
  public long getSettingsPoolMisses() {
    return tablet.stats().settingsPoolMisses();
  }

  @Override
  public int getSettingsIdle() {
    return tablet.stats().settingsIdle();
  }

  @Override
  public int getSettingsStacks() {
    return tablet.stats().settingsStacks();
  }

  @Override
  public int getReservedConnections() {
    return tablet.stats().reservedConnections();
  }

  @Override
  public long getReservedConnectionsCreated() {
    return tablet.stats().reservedConnectionsCreated();
  }

  @Override
  public int getTransactionConnections() {
    return tablet.stats().transactionConnections();
  }

  @Override
  public int getPhysicalConnections() {
    return tablet.stats().physicalConnections();
  }
}
