package io.sluice.agent.install;

import io.sluice.Sluice;
import io.sluice.bootstrap.ConnectHook;
import io.sluice.bootstrap.SluiceBridge;
import java.sql.Driver;
import java.util.Properties;

/**
 * Connects the bridge to the runtime: the bridge speaks {@code java.base} types only, the runtime
 * {@code java.sql}. The cast is safe: {@code java.sql.Driver} is the platform loader's, the same
 * class for the application's driver and for this loader.
 */
final class SluiceHook implements ConnectHook {
  private final Sluice sluice;

  private SluiceHook(Sluice sluice) {
    this.sluice = sluice;
  }

  /**
   * Makes {@code sluice} answer every advised connect in this JVM.
   *
   * @return {@code false} if another Sluice already does
   */
  static boolean install(Sluice sluice) {
    return SluiceBridge.install(new SluiceHook(sluice));
  }

  @Override
  public Object connect(Object driver, String url, Properties info) {
    return sluice.connect((Driver) driver, url, info);
  }
}
