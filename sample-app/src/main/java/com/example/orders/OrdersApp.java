package com.example.orders;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * An order service's database workload, as an ordinary application writes it: HikariCP over MySQL
 * Connector/J, many threads, point reads, range scans, a join and short transactions. It knows
 * nothing of Sluice. At the end it prints one machine-readable line:
 *
 * <pre>
 * RESULT threads=64 appConnections=64 ops=N seconds=20.0 throughput=N p50Ms=N p99Ms=N errors=0
 * </pre>
 *
 * <p>Usage: {@code java -jar sample-app.jar --url=jdbc:mysql://host:port/orders --user=U
 * --password=P [--threads=64] [--pool-size=64] [--duration=20] [--warmup=5]
 * [--housekeeping=false] [--hold=0]} (or {@code ORDERS_URL}, {@code ORDERS_USER}, ... in the
 * environment). With {@code --hold=N} it prints {@code HOLDING} after the RESULT line and keeps
 * its pool open N seconds more.
 */
public final class OrdersApp {
  private OrdersApp() {}

  public static void main(String[] args) throws Exception {
    AppConfig config;
    try {
      config = AppConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try (HikariDataSource dataSource = new HikariDataSource(hikari(config))) {
      Schema.recreate(dataSource);
      if (config.housekeeping()) {
        Housekeeping.run(dataSource);
      }
      System.err.printf(
          "orders: %d threads, pool of %d, %ds warm-up, %ds measured%n",
          config.threads(), config.poolSize(), config.warmupSeconds(), config.durationSeconds());
      LoadRunner.Result result = new LoadRunner(dataSource, config).run();
      System.out.println(result.line());
      if (config.holdSeconds() > 0) {
        System.out.println("HOLDING seconds=" + config.holdSeconds());
        Thread.sleep(config.holdSeconds() * 1000L);
      }
    }
  }

  private static HikariConfig hikari(AppConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName("orders");
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(config.poolSize());
    return hikari;
  }
}
