package io.sluice.status;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the runtime once a second into a {@link History} and serves the status page, both
 * started lazily by the first tablet (like JMX, never in premain) and on daemon threads only.
 * The same tick drives other once-a-second work (advise mode's summary log).
 */
public final class StatusService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusService.class);

  private final String bind;
  private final int port;
  private final StatusSource source;
  private final Runnable everySecond;
  private final History history = new History();
  private ScheduledExecutorService ticker;
  private StatusServer server;
  private boolean closed;

  /**
   * @param port the page's port; 0 serves no page (the tick still runs)
   * @param everySecond also run on each tick; must not throw
   */
  public StatusService(String bind, int port, StatusSource source, Runnable everySecond) {
    this.bind = bind;
    this.port = port;
    this.source = source;
    this.everySecond = everySecond;
  }

  /** Starts the tick and the page, once; later calls do nothing. */
  public synchronized void start() {
    if (ticker != null || closed) {
      return;
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sluice-status-sampler");
              thread.setDaemon(true);
              thread.setContextClassLoader(StatusService.class.getClassLoader());
              return thread;
            });
    tick();
    ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    if (port > 0) {
      try {
        server = StatusServer.start(bind, port, this::json);
      } catch (LinkageError e) { // a runtime image built without the jdk.httpserver module
        log.warn("no status page (status_port={}): this JVM lacks jdk.httpserver: {}", port, e);
      }
    }
  }

  /** The page's JSON now. */
  public String json() {
    return StatusJson.render(source.snapshot(history.samples()));
  }

  /** The samples kept, oldest first. */
  public History history() {
    return history;
  }

  private void tick() {
    try {
      history.add(source.sample(System.currentTimeMillis() / 1000));
      everySecond.run();
    } catch (RuntimeException e) {
      log.debug("status sample failed", e); // a missed sample only leaves a gap in the chart
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (server != null) {
      server.close();
      server = null;
    }
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }
}
