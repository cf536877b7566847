package com.example.apps;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Opens {@code count} connections through {@code source}, runs a query of its physical connection's id on
 * each from {@code threads} threads at once, and holds them all open until told {@code close}; then
 * uses each once more and closes them.
 *
 * <pre>
 * OPEN count=200 distinctIds=4 driverOnClasspath=true
 * CLOSED count=200
 * </pre>
 */
public final class HoldConnectionsApp {
  private HoldConnectionsApp() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    ConnectionSource source = ConnectionSource.valueOf(args.get("source"));
    int count = args.getInt("count");
    ExecutorService threads = Executors.newFixedThreadPool(args.getInt("threads"));
    try (ConnectionSource.Opener opener = source.open(args)) {
      List<Connection> held = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        held.add(opener.open());
      }
      Set<Long> ids = ConcurrentHashMap.newKeySet();
      runOnEach(threads, held, c -> ids.add(AppArgs.queryLong(c, AppArgs.physicalIdQuery())));
      System.out.printf(
          "OPEN count=%d distinctIds=%d driverOnClasspath=%s%n",
          held.size(), ids.size(), ConnectionSource.driverOnClasspath());

      AppArgs.awaitCommand("close");
      runOnEach(threads, held, c -> AppArgs.queryLong(c, "SELECT 1"));
      for (Connection connection : held) {
        connection.close();
      }
      System.out.printf("CLOSED count=%d%n", held.size());
    } finally {
      threads.shutdown();
    }
  }

  private interface Use {
    void accept(Connection connection) throws Exception;
  }

  /** Uses every connection once, each from one task, many tasks at once. */
  private static void runOnEach(ExecutorService threads, List<Connection> connections, Use use)
      throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (Connection connection : connections) {
      done.add(
          threads.submit(
              () -> {
                use.accept(connection);
                return null;
              }));
    }
    for (Future<?> future : done) {
      future.get();
    }
  }
}
