package io.sluice.session;

import io.sluice.tablet.Tablet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The window in which {@code cancel()}, or a KILL from another session, may reach the physical
 * statement a logical statement is executing: it may come from any thread while the execution
 * runs, and the execution waits for one under way before its physical connection can be handed
 * on (that connection is then evicted: a {@code KILL QUERY} may still be on its way).
 */
final class Cancellation {
  private Statement running;
  private boolean inFlight;
  private boolean requested;

  /** Opens the window on the execution's physical statement. */
  synchronized void begin(Statement statement) {
    running = statement;
    requested = false;
  }

  /**
   * Closes the window, waiting for a cancel that is under way: only then can the physical
   * connection be handed on.
   *
   * @return whether a cancel was requested during the execution
   */
  synchronized boolean end() {
    running = null;
    boolean interrupted = false;
    while (inFlight) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return requested;
  }

  /** Whether a cancel was requested during the execution under way (or the last one). */
  synchronized boolean requested() {
    return requested;
  }

  /** An interruption of a physical statement: its cancel, or a KILL of its thread. */
  @FunctionalInterface
  interface Interrupt {
    void apply(Statement running) throws SQLException;
  }

  /**
   * Applies {@code interrupt} to the physical statement that is executing, if any; the execution
   * waits for it to finish before its connection can be handed on.
   *
   * @return whether a statement was executing
   */
  boolean interrupt(Interrupt interrupt) throws SQLException {
    Statement target;
    synchronized (this) {
      target = running;
      if (target == null) {
        return false;
      }
      inFlight = true;
      requested = true;
    }
    try {
      interrupt.apply(target);
    } finally {
      synchronized (this) {
        inFlight = false;
        notifyAll();
      }
    }
    return true;
  }

  /**
   * Kills the query (or, with {@code connection}, the connection) of the physical statement that
   * is executing, if any, by its MySQL thread id: for a KILL from another session, whose error
   * must be the one MySQL gives a killed statement, not the driver's "cancelled".
   *
   * @return whether a statement was executing
   */
  boolean kill(Tablet tablet, boolean connection) throws SQLException {
    return interrupt(
        target -> tablet.kill(connection, DriverAccess.threadId(target.getConnection())));
  }
}
