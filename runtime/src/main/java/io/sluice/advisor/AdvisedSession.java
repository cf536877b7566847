package io.sluice.advisor;

import io.sluice.pinning.Reservation;
import io.sluice.sql.Consequence;
import io.sluice.sql.ReserveReason;
import io.sluice.sql.StatementKind;
import io.sluice.sql.StatementPlan;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

/**
 * One application connection in advise mode: the driver's own connection, used exactly as
 * without Sluice, behind a proxy that follows what a multiplexed session would do with each
 * statement. It never changes a call or its result; it only counts.
 *
 * <p>It follows the session's rules as {@code io.sluice.session.Session} applies them: the first
 * statement whose plan names a reason to reserve would have reserved a connection until the
 * session closes (inside a transaction, the transaction's connection); a statement with auto-commit
 * off, or BEGIN, would have taken a transaction connection until COMMIT or ROLLBACK; any other
 * statement a pooled connection while it runs. What only a statement's result could tell (the
 * server's session-state tracker) is not predicted.
 */
final class AdvisedSession implements InvocationHandler {
  private final Advisor advisor;
  private final AdvisedTablet tablet;
  private final Connection physical;
  private Connection proxy;
  private boolean autoCommit;
  private boolean inTransaction;
  private Reservation reservation;
  private boolean wouldReserve;
  private boolean closed;

  private AdvisedSession(Advisor advisor, AdvisedTablet tablet, Connection physical)
      throws java.sql.SQLException {
    this.advisor = advisor;
    this.tablet = tablet;
    this.physical = physical;
    this.autoCommit = physical.getAutoCommit();
  }

  /** The application's connection: {@code physical} behind a classifying proxy. */
  static Connection open(Advisor advisor, AdvisedTablet tablet, Connection physical)
      throws java.sql.SQLException {
    AdvisedSession session = new AdvisedSession(advisor, tablet, physical);
    session.proxy = Proxies.wrap(physical, Connection.class, session);
    tablet.sessionOpened();
    advisor.metrics().advisedSessionOpened();
    return session.proxy;
  }

  @Override
  public Object invoke(Object self, Method method, Object[] args) throws Throwable {
    Object answer = Proxies.objectMethod(self, physical, method, args);
    if (answer != null) {
      return answer;
    }
    String name = method.getName();
    switch (name) {
      case "createStatement":
        return AdvisedStatement.wrap(
            this, (Statement) Proxies.call(physical, method, args), Statement.class, null);
      case "prepareStatement":
        return AdvisedStatement.wrap(
            this,
            (PreparedStatement) Proxies.call(physical, method, args),
            PreparedStatement.class,
            plan((String) args[0]));
      case "prepareCall":
        return AdvisedStatement.wrap(
            this,
            (CallableStatement) Proxies.call(physical, method, args),
            CallableStatement.class,
            plan((String) args[0]));
      case "setAutoCommit":
        {
          Object result = Proxies.call(physical, method, args);
          boolean on = (Boolean) args[0];
          synchronized (this) {
            if (on) {
              transactionEnded(); // turning auto-commit on commits
            }
            autoCommit = on;
          }
          return result;
        }
      case "commit":
      case "rollback":
        {
          Object result = Proxies.call(physical, method, args);
          if (args == null || args.length == 0) {
            synchronized (this) {
              transactionEnded();
            }
          }
          return result;
        }
      case "close":
      case "abort":
        try {
          return Proxies.call(physical, method, args);
        } finally {
          closed();
        }
      case "unwrap":
        return unwrap(method, args);
      default:
        return Proxies.call(physical, method, args);
    }
  }

  /** This session's connection as the application sees it. */
  Connection proxy() {
    return proxy;
  }

  StatementPlan plan(String sql) {
    return tablet.plans().plan(sql);
  }

  /**
   * Runs one execution of a statement with these plans (several for a batch), counting what a
   * multiplexed session would have held meanwhile.
   */
  Object execute(List<StatementPlan> plans, Method method, Object target, Object[] args)
      throws Throwable {
    boolean pooled = begin(plans);
    advisor.classified(plans.size());
    try {
      return Proxies.call(target, method, args);
    } finally {
      if (pooled) {
        tablet.statementEnded();
      }
      for (StatementPlan plan : plans) {
        after(plan);
      }
    }
  }

  /** @return whether the statement would have run on a pooled connection */
  private synchronized boolean begin(List<StatementPlan> plans) {
    boolean begins = false;
    for (StatementPlan plan : plans) {
      ReserveReason reason = plan.reserveReason();
      if (reason != null && !wouldReserve) {
        reserve(reason, plan.digest());
      }
      begins |= plan.kind() == StatementKind.BEGIN;
    }
    if (wouldReserve || inTransaction) {
      return false;
    }
    if (!autoCommit || begins) {
      inTransaction = true;
      tablet.transactionBegan();
      return false;
    }
    tablet.statementStarted();
    return true;
  }

  private void after(StatementPlan plan) {
    if (plan.consequence() != Consequence.TRANSACTION_CONTROL) {
      return;
    }
    synchronized (this) {
      try {
        autoCommit = physical.getAutoCommit(); // the driver tracks the server's flag; no round trip
      } catch (java.sql.SQLException | RuntimeException e) {
        // a closed connection: nothing more to follow
      }
      StatementKind kind = plan.kind();
      if (kind == StatementKind.COMMIT || kind == StatementKind.ROLLBACK || autoCommit) {
        transactionEnded();
      }
    }
  }

  private Object unwrap(Method method, Object[] args) throws Throwable {
    Class<?> type = (Class<?>) args[0];
    // As a logical connection does: unwrapping to a driver type hands out the connection itself.
    if (!type.getName().startsWith("java.") && physical.isWrapperFor(type)) {
      synchronized (this) {
        if (!wouldReserve) {
          reserve(ReserveReason.UNTRACKED_STATE, "Connection.unwrap(" + type.getName() + ")");
        }
      }
    }
    return Proxies.call(physical, method, args);
  }

  /** A multiplexed session would reserve here, until it closes. */
  private void reserve(ReserveReason reason, String digest) {
    wouldReserve = true;
    tablet.reservationStarted();
    advisor.metrics().wouldReserve(reason);
    reservation = advisor.pinning().reserved(reason, tablet.name(), digest);
  }

  // A reserved session keeps its transaction connection (adopted) until it closes.
  private void transactionEnded() {
    if (inTransaction && !wouldReserve) {
      inTransaction = false;
      tablet.transactionEnded();
    }
  }

  private synchronized void closed() {
    if (closed) {
      return;
    }
    closed = true;
    if (inTransaction) {
      inTransaction = false;
      tablet.transactionEnded();
    }
    if (wouldReserve) {
      wouldReserve = false;
      tablet.reservationEnded();
      advisor.metrics().wouldReserveEnded();
      advisor.pinning().ended(reservation);
      reservation = null;
    }
    tablet.sessionClosed();
    advisor.metrics().advisedSessionClosed();
  }
}
