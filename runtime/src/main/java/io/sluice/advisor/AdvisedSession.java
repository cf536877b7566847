package io.sluice.advisor;

import io.sluice.pinning.Reservation;
import io.sluice.sql.ReserveReason;
import io.sluice.sql.Route;
import io.sluice.sql.SessionEvent;
import io.sluice.sql.SessionRules;
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
 * <p>It goes where {@code io.sluice.session.Session} goes, by the same {@link Route}s of {@link
 * SessionRules}: the first statement or JDBC call ({@link SessionEvent}) whose route reserves
 * would have reserved a connection until the session closes (inside a transaction, the
 * transaction's connection); a statement whose route opens a transaction would have taken a
 * transaction connection until one ends it; any other statement a pooled connection while it runs.
 * What only the session's own state or a statement's result could tell (a user variable no literal
 * carries, the server's session-state tracker, the values of a SET) is not predicted, except a SET
 * of auto-commit to a literal.
 */
final class AdvisedSession implements InvocationHandler {
  private final Advisor advisor;
  private final AdvisedTablet tablet;
  private final Connection physical;
  private Connection proxy;
  private boolean autoCommit;
  private boolean inTransaction;
  /** The transaction was begun with BEGIN, as the session's {@code explicitTransaction}. */
  private boolean explicitTransaction;
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
        reserveFor(SessionEvent.PREPARE_CALL, plan((String) args[0]).digest());
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
        unwrapping(physical, (Class<?>) args[0], SessionEvent.CONNECTION_UNWRAP, "Connection");
        return Proxies.call(physical, method, args);
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
   * Runs one execution of a statement with these plans (several for a plain statement's batch),
   * counting what a multiplexed session would have held meanwhile.
   *
   * @param batch whether it is {@code executeBatch}, which the session routes as one
   */
  Object execute(
      List<StatementPlan> plans, boolean batch, Method method, Object target, Object[] args)
      throws Throwable {
    // A batch runs as its strictest statement; a single execution's list is its one plan.
    StatementPlan plan = plans.isEmpty() ? null : SessionRules.batchPlan(plans);
    boolean pooled = begin(plan, batch && SessionRules.batchControlsSession(plans));
    advisor.classified(plans.size());
    boolean succeeded = false;
    try {
      Object result = Proxies.call(target, method, args);
      succeeded = true;
      return result;
    } finally {
      if (pooled) {
        tablet.statementEnded();
      }
      if (plan != null) {
        after(plan, succeeded);
      }
    }
  }

  /**
   * As the session acquires a connection for a statement with this plan.
   *
   * @return whether the statement would have run on a pooled connection
   */
  private synchronized boolean begin(StatementPlan plan, boolean batchControlsSession) {
    if (batchControlsSession) {
      reserveOnce(
          SessionEvent.BATCH_CONTROLS_SESSION.reason(), "batch with transaction or schema control");
    }
    Route route = plan == null ? null : plan.route();
    if (route != null && route.reserves()) {
      reserveOnce(route.reason(), plan.digest());
    }
    if (wouldReserve || inTransaction) {
      return false;
    }
    if (route == null ? !autoCommit : route.opensTransaction(autoCommit)) {
      inTransaction = true;
      tablet.transactionBegan();
      return false;
    }
    tablet.statementStarted();
    return true;
  }

  /** As the session follows a statement that ran: its transaction, and auto-commit set by SQL. */
  private synchronized void after(StatementPlan plan, boolean succeeded) {
    if (!succeeded) {
      return;
    }
    Route route = plan.route();
    if (route.absorb() == Route.Absorb.SET && plan.has(StatementPlan.SET_AUTOCOMMIT)) {
      // Connector/J never learns auto-commit from SQL, so the SET's value tells.
      Boolean set = SessionRules.autocommitSetTo(plan);
      if (set != null && set != autoCommit) {
        reserveOnce(SessionEvent.AUTOCOMMIT_SET_BY_SQL.reason(), plan.digest());
      }
    }
    if (route.begins()) {
      explicitTransaction = true;
    } else if (route.endsTransaction(explicitTransaction, autoCommit)) {
      transactionEnded();
    }
  }

  /**
   * As the logical connection and statement do: unwrapping to a driver type hands out the
   * physical object itself, which reserves.
   *
   * @param what {@code Connection} or {@code Statement}, for the cause
   */
  void unwrapping(java.sql.Wrapper physical, Class<?> type, SessionEvent event, String what) {
    boolean driverType;
    try {
      driverType = !type.getName().startsWith("java.") && physical.isWrapperFor(type);
    } catch (java.sql.SQLException | RuntimeException e) {
      return; // the driver's refusal follows, from its own unwrap
    }
    if (driverType) {
      reserveFor(event, what + ".unwrap(" + type.getName() + ")");
    }
  }

  /** A JDBC call whose route reserves. */
  private void reserveFor(SessionEvent event, String cause) {
    synchronized (this) {
      reserveOnce(event.reason(), cause);
    }
  }

  /** A multiplexed session would reserve here, until it closes, unless it has already. */
  private void reserveOnce(ReserveReason reason, String digest) {
    if (wouldReserve) {
      return;
    }
    wouldReserve = true;
    tablet.reservationStarted();
    advisor.metrics().wouldReserve(reason);
    reservation = advisor.pinning().reserved(reason, tablet.name(), digest);
  }

  // A reserved session keeps its transaction connection (adopted) until it closes.
  private void transactionEnded() {
    explicitTransaction = false;
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
