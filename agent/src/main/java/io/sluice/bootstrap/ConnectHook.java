package io.sluice.bootstrap;

import java.util.Properties;

/**
 * What {@link SluiceBridge#connect} forwards to: the agent's runtime, installed once at start.
 *
 * <p>Only {@code java.base} types appear here: this interface lives on the bootstrap class path,
 * where {@code java.sql} does not resolve (it belongs to the platform loader).
 */
public interface ConnectHook {

  /**
   * Decides one {@code Driver.connect(url, info)} call.
   *
   * @param driver the {@code java.sql.Driver} whose {@code connect} was called
   * @return the logical {@code java.sql.Connection} to hand to the caller, or {@code null} to let
   *     the driver connect as it would without Sluice
   */
  Object connect(Object driver, String url, Properties info);
}
