package io.sluice.tablet;

import java.sql.SQLException;

/**
 * The driver connected, but Sluice could not read what a tablet needs from that connection (its
 * baseline, its server's hint support...): the tablet's connections pass through to the driver,
 * said once at WARN. Unlike the driver's own connect failure, the driver would not raise this.
 */
public final class UnusableTabletException extends SQLException {
  UnusableTabletException(String tablet, Exception cause) {
    super("Sluice cannot multiplex " + tablet + ": " + cause, "S1000", cause);
  }
}
