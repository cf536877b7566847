package io.sluice.testkit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Reads one output stream of a child process to its end on a daemon thread, keeping every line in
 * memory and in a file, and lets callers wait for a line (no polling: waiters are woken per line).
 */
final class OutputCapture {
  private final Path file;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  private boolean ended;

  OutputCapture(InputStream stream, Path file, String threadName) {
    this.file = file;
    this.reader = new Thread(() -> pump(stream), threadName);
    reader.setDaemon(true);
    reader.start();
  }

  Path file() {
    return file;
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * The first line matching {@code match}, waiting for it until the deadline or the stream's end.
   */
  synchronized Optional<String> awaitLine(Predicate<String> match, long deadlineNanos)
      throws InterruptedException {
    for (int next = 0; ; ) {
      for (; next < lines.size(); next++) {
        if (match.test(lines.get(next))) {
          return Optional.of(lines.get(next));
        }
      }
      long left = deadlineNanos - System.nanoTime();
      if (ended || left <= 0) {
        return Optional.empty();
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /**
   * Waits until the stream has been read to its end (the process closed it, usually by exiting).
   */
  void awaitEnd(long timeoutMillis) throws InterruptedException {
    reader.join(timeoutMillis);
  }

  private void pump(InputStream stream) {
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        out.write(line);
        out.newLine();
        out.flush(); // the file is for people reading along while a test runs
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }
}
