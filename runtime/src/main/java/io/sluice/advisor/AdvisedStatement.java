package io.sluice.advisor;

import io.sluice.sql.SessionEvent;
import io.sluice.sql.StatementPlan;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's own statement behind a proxy that hands each execution to its {@link
 * AdvisedSession} to be classified and counted. Everything else passes straight through.
 */
final class AdvisedStatement implements InvocationHandler {
  private final AdvisedSession session;
  private final Statement physical;
  /** The prepared text's plan; null for a plain statement. */
  private final StatementPlan prepared;
  /** A plain statement's batch, as added. */
  private final List<StatementPlan> batch = new ArrayList<>();

  private AdvisedStatement(AdvisedSession session, Statement physical, StatementPlan prepared) {
    this.session = session;
    this.physical = physical;
    this.prepared = prepared;
  }

  static <T extends Statement> T wrap(
      AdvisedSession session, T physical, Class<T> type, StatementPlan prepared) {
    return Proxies.wrap(physical, type, new AdvisedStatement(session, physical, prepared));
  }

  @Override
  public Object invoke(Object self, Method method, Object[] args) throws Throwable {
    Object answer = Proxies.objectMethod(self, physical, method, args);
    if (answer != null) {
      return answer;
    }
    String name = method.getName();
    boolean text = args != null && args.length > 0 && args[0] instanceof String;
    if (name.startsWith("execute")) {
      return session.execute(
          plans(name, text, args), name.contains("Batch"), method, physical, args);
    }
    switch (name) {
      case "getConnection":
        return session.proxy();
      case "unwrap":
        session.unwrapping(physical, (Class<?>) args[0], SessionEvent.STATEMENT_UNWRAP, "Statement");
        return Proxies.call(physical, method, args);
      case "addBatch":
        if (text) {
          synchronized (batch) {
            batch.add(session.plan((String) args[0]));
          }
        }
        return Proxies.call(physical, method, args);
      case "clearBatch":
        synchronized (batch) {
          batch.clear();
        }
        return Proxies.call(physical, method, args);
      default:
        return Proxies.call(physical, method, args);
    }
  }

  private List<StatementPlan> plans(String name, boolean text, Object[] args) {
    if (text) {
      return List.of(session.plan((String) args[0]));
    }
    if (prepared != null) {
      return List.of(prepared);
    }
    if (name.contains("Batch")) {
      synchronized (batch) {
        List<StatementPlan> plans = List.copyOf(batch);
        batch.clear(); // the driver clears its batch after running it, too
        return plans;
      }
    }
    return List.of();
  }
}
