package io.sluice.testkit.oracle;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens one application connection: through {@code DriverManager} (direct, or under the agent),
 * through an in-process {@code Sluice}, or any other way. Each call returns a new connection the
 * caller closes.
 */
@FunctionalInterface
public interface ConnectionSource {
  /** A new connection; never {@code null}. */
  Connection open() throws SQLException;
}
