package io.sluice.agent.install;

import io.sluice.bootstrap.SluiceBridge;
import java.util.Properties;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code com.mysql.cj.jdbc.NonRegisteringDriver#connect(String, Properties)}, the
 * method every Connector/J path ends in (DriverManager, {@code MysqlDataSource}, an app's pool).
 *
 * <p>When the bridge returns a logical session, the driver's body is skipped, so no socket is
 * opened, and the session is returned instead. When it returns {@code null}, or anything in the
 * advice throws (the bridge not visible to an unusual loader, say), the driver runs as if Sluice
 * were absent: the agent fails open. Being inlined, this code may name only what the driver's own
 * loader can see: {@code java.base} and the bridge on the bootstrap class path.
 */
final class ConnectAdvice {
  private ConnectAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  static Object enter(
      @Advice.This Object driver,
      @Advice.Argument(0) String url,
      @Advice.Argument(1) Properties info) {
    return SluiceBridge.connect(driver, url, info);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object session,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object connection) {
    if (session != null) {
      connection = session; // becomes the method's return value
    }
  }
}
