package io.sluice.agent.install;

import io.sluice.bootstrap.SluiceBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into Connector/J's XA and {@code ConnectionPoolDataSource} factory methods: every connect
 * they make runs the driver unchanged, because they cast the connection to the driver's own {@code
 * JdbcConnection} class. The scope closes however the method ends.
 */
final class PassThroughAdvice {
  private PassThroughAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter() {
    SluiceBridge.enterPassThrough();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit() {
    SluiceBridge.exitPassThrough();
  }
}
