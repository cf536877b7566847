package io.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A reserved callable statement is the driver's in every CallableStatement method but
 * getConnection(), which names the logical connection; identity is its own, text the driver's.
 */
class ReservedCallableStatementTest {

  private static final Connection LOGICAL =
      (Connection)
          Proxy.newProxyInstance(
              ReservedCallableStatementTest.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> null);

  private final ForwardingCheck<CallableStatement> check =
      new ForwardingCheck<>(CallableStatement.class);

  private final ReservedCallableStatement statement =
      new ReservedCallableStatement(check.delegate, LOGICAL);

  @Test
  void forwardsEveryMethodButGetConnection() throws Exception {
    check.assertForwards(
        statement,
        Set.of("getConnection"),
        ForwardingCheck.methodCount(CallableStatement.class) - 1);
  }

  @Test
  void getConnectionAnswersTheLogicalConnectionAfterTheDriversCheck() throws Exception {
    assertSame(LOGICAL, statement.getConnection());
    assertEquals(CallableStatement.class.getMethod("getConnection"), check.lastCall());
  }

  @Test
  void identityIsItsOwnAndTextTheDrivers() {
    assertEquals(check.delegate.toString(), statement.toString());
    assertNotEquals(statement, new ReservedCallableStatement(check.delegate, LOGICAL));
    assertEquals(statement, statement);
  }
}
