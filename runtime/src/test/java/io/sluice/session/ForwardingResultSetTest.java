package io.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The generated {@link ResultSetForwarder} forwards every ResultSet method, and {@link
 * ForwardingResultSet} every one but getStatement() and close(), arguments and result intact.
 */
class ForwardingResultSetTest {

  private static final Statement OWNER =
      (Statement)
          Proxy.newProxyInstance(
              ForwardingResultSetTest.class.getClassLoader(),
              new Class<?>[] {Statement.class},
              (proxy, method, args) -> null);

  private final ForwardingCheck<ResultSet> check = new ForwardingCheck<>(ResultSet.class);

  private final ForwardingResultSet forwarding =
      new ForwardingResultSet(check.delegate, OWNER) {
        @Override
        public void close() {}
      };

  @Test
  void generatedForwarderForwardsEveryMethod() throws Exception {
    ResultSet forwarder = new ResultSetForwarder(check.delegate) {};
    check.assertForwards(forwarder, Set.of(), ForwardingCheck.methodCount(ResultSet.class));
  }

  @Test
  void forwardsEveryMethodButTheTwoASessionOwns() throws Exception {
    check.assertForwards(
        forwarding,
        Set.of("getStatement", "close"),
        ForwardingCheck.methodCount(ResultSet.class) - 2);
  }

  @Test
  void closeIsTheSubclasssOwn() throws Exception {
    forwarding.close();
    assertNull(check.lastCall());
  }

  @Test
  void getStatementAnswersTheLogicalStatementAfterTheDriversCheck() throws Exception {
    assertSame(OWNER, forwarding.getStatement());
    assertEquals(ResultSet.class.getMethod("getStatement"), check.lastCall());
  }

  @Test
  void delegateIsTheDriversResultSet() {
    assertSame(check.delegate, forwarding.delegate);
  }
}
