package io.sluice.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only status page ({@code status_port}, {@code status_bind}), served by the JDK's own
 * {@link HttpServer} on one daemon thread: {@code /} is the page, {@code /status.json} what it
 * polls. Only GET and HEAD are answered.
 *
 * <p>On a loopback address, requests must name a loopback host ({@code Host: 127.0.0.1:port},
 * {@code localhost}, {@code [::1]}): a web page elsewhere cannot then read the status through a
 * DNS name rebound to 127.0.0.1.
 */
public final class StatusServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusServer.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Supplier<String> json;
  private final boolean loopbackOnly;

  private StatusServer(HttpServer server, ExecutorService executor, Supplier<String> json) {
    this.server = server;
    this.executor = executor;
    this.json = json;
    this.loopbackOnly = server.getAddress().getAddress().isLoopbackAddress();
  }

  /**
   * Serves the page, or logs one warning naming the keys and returns {@code null} when it cannot
   * (the port is taken, the address is not this host's...): a status page must never stop the
   * application.
   *
   * @param json renders the current status as JSON, on the server's thread
   */
  public static StatusServer start(String bind, int port, Supplier<String> json) {
    ExecutorService executor = null;
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bind), port), 8);
      executor =
          Executors.newSingleThreadExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "sluice-status-http");
                thread.setDaemon(true);
                thread.setContextClassLoader(StatusServer.class.getClassLoader());
                return thread;
              });
      server.setExecutor(executor);
      StatusServer status = new StatusServer(server, executor, json);
      server.createContext("/", status::handle);
      // The JDK's dispatcher thread inherits the daemon flag of the thread that starts the
      // server: started on the application's thread, it would keep the JVM from exiting.
      CompletableFuture.runAsync(server::start, executor).join();
      log.info("status page at http://{}/", hostAndPort(server.getAddress()));
      return status;
    } catch (IOException | RuntimeException e) {
      if (executor != null) {
        executor.shutdownNow();
      }
      log.warn(
          "no status page: cannot serve on status_bind={} status_port={}: {}",
          bind,
          port,
          e.toString());
      return null;
    }
  }

  /** The port served, useful when started on port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain", "read-only: GET and HEAD only\n", false);
        return;
      }
      if (loopbackOnly && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
        send(exchange, 403, "text/plain", "ask for 127.0.0.1, localhost or [::1]\n", head);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/", "/index.html" -> send(exchange, 200, "text/html", StatusPage.HTML, head);
        case "/status.json" -> send(exchange, 200, "application/json", json.get(), head);
        default -> send(exchange, 404, "text/plain", "not found\n", head);
      }
    } catch (RuntimeException e) {
      log.debug("status page request failed", e);
    }
  }

  private static void send(
      HttpExchange exchange, int status, String type, String body, boolean head)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", type + "; charset=utf-8");
    headers.set("Cache-Control", "no-store");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
            + " connect-src 'self'; frame-ancestors 'none'");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Whether a Host header names a loopback host (with or without a port). */
  static boolean loopbackHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && h.substring(1, end).equals("::1");
    }
    int colon = h.indexOf(':');
    String name = colon < 0 ? h : h.substring(0, colon);
    return name.equals("localhost") || name.matches("127(\\.\\d{1,3}){3}");
  }

  private static String hostAndPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
