package io.sluice.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusServerTest {

  @Test
  void servesThePageAndItsJsonReadOnly() throws IOException {
    try (StatusServer server = StatusServer.start("127.0.0.1", 0, () -> "{\"x\":1}")) {
      String base = "http://127.0.0.1:" + server.port();
      HttpURLConnection page = open(base + "/", "GET");
      assertEquals(200, page.getResponseCode());
      assertEquals("text/html; charset=utf-8", page.getContentType());
      String html = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(html.contains("fetch(\"status.json\""), html);
      assertFalse(html.contains("http://") && html.contains("src=\"http"), "no external resource");
      assertTrue(page.getHeaderField("Content-Security-Policy").contains("default-src 'none'"));

      HttpURLConnection json = open(base + "/status.json", "GET");
      assertEquals(200, json.getResponseCode());
      assertEquals("application/json; charset=utf-8", json.getContentType());
      assertEquals(
          "{\"x\":1}", new String(json.getInputStream().readAllBytes(), StandardCharsets.UTF_8));

      assertEquals(405, open(base + "/status.json", "POST").getResponseCode());
      assertEquals(405, open(base + "/", "DELETE").getResponseCode());
      assertEquals(404, open(base + "/admin", "GET").getResponseCode());
      assertEquals(200, open(base + "/", "HEAD").getResponseCode());
    }
  }

  @Test
  void refusesHostsOtherThanLoopbackOnALoopbackAddress() throws IOException {
    assertTrue(StatusServer.loopbackHost("127.0.0.1:8080"));
    assertTrue(StatusServer.loopbackHost("localhost"));
    assertTrue(StatusServer.loopbackHost("[::1]:80"));
    assertFalse(StatusServer.loopbackHost("evil.example:8080"));
    assertFalse(StatusServer.loopbackHost("127.0.0.1.evil.example"));
    assertFalse(StatusServer.loopbackHost(null));
    try (StatusServer server = StatusServer.start("127.0.0.1", 0, () -> "{}");
        Socket socket = new Socket("127.0.0.1", server.port())) {
      // As a browser sends it after DNS rebinding: another name, resolved to 127.0.0.1.
      socket
          .getOutputStream()
          .write(
              ("GET /status.json HTTP/1.1\r\nHost: rebound.example:"
                      + server.port()
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(response.startsWith("HTTP/1.1 403 "), response);
    }
  }

  @Test
  void aTakenPortLogsOneWarningNamingTheKeysAndServesNothing() throws IOException {
    PrintStream original = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try (StatusServer first = StatusServer.start("127.0.0.1", 0, () -> "{}")) {
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      try {
        assertNull(StatusServer.start("127.0.0.1", first.port(), () -> "{}"));
      } finally {
        System.setErr(original);
      }
      String log = stderr.toString(StandardCharsets.UTF_8);
      assertEquals(1, log.lines().count(), log);
      assertTrue(log.contains("WARN"), log);
      assertTrue(log.contains("status_port=" + first.port()), log);
      assertTrue(log.contains("status_bind=127.0.0.1"), log);
    }
  }

  private static HttpURLConnection open(String url, String method) throws IOException {
    URL target = URI.create(url).toURL();
    HttpURLConnection connection = (HttpURLConnection) target.openConnection();
    connection.setRequestMethod(method);
    return connection;
  }
}
