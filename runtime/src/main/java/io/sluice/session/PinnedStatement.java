package io.sluice.session;

import io.sluice.sql.SessionEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The physical statement a logical one handed out by {@code unwrap} to a driver type, and its
 * text for a prepared one: it lives on the session's reserved connection (the physical statement
 * must outlive an execution), and every execution there runs on it, so that what the application
 * set on it (a LOAD DATA LOCAL stream, an interceptor...) takes effect as on its own connection.
 * Made on the first such unwrap only.
 */
final class PinnedStatement {
  private final LogicalStatement owner;
  private Statement statement;
  private Connection on;
  private String text;

  PinnedStatement(LogicalStatement owner) {
    this.owner = owner;
  }

  /**
   * Unwraps to a driver type: the session reserves its connection, and the physical statement
   * made there becomes the logical one's for every execution on it.
   */
  <T> T unwrap(Class<T> iface) throws SQLException {
    return SessionEntry.onReserved(owner.session, SessionEvent.STATEMENT_UNWRAP.reason(),
        "Statement.unwrap(" + iface.getName() + ")",
        reserved -> {
          if (statement == null || on != reserved) {
            Execution.closeQuietly(statement);
            String made = owner.pinnedTextOn();
            statement = owner.newPhysical(reserved, made);
            on = reserved;
            text = owner.madeFor(made);
          }
          return statement.unwrap(iface);
        });
  }

  /** The pinned statement if it was made on {@code c} for a statement made for {@code made}. */
  Statement on(Connection c, String made) {
    return statement != null && on == c && Objects.equals(text, made) ? statement : null;
  }

  boolean is(Statement physical) {
    return physical == statement;
  }

  void close() {
    Execution.closeQuietly(statement);
    statement = null;
    on = null;
  }

  /** A call on a physical statement made the owner's way, on a pooled connection. */
  static <T> T onPooled(LogicalStatement owner, PhysicalStatementCall<T> call)
      throws SQLException {
    return owner.session.reproduceOnPooled(c -> {
      try (Statement physical = owner.newPhysical(c, owner.pinnedTextOn())) {
        return call.apply(physical);
      }
    });
  }

  @FunctionalInterface
  interface PhysicalStatementCall<T> {
    T apply(Statement physical) throws SQLException;
  }
}
