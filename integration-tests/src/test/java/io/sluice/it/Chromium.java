package io.sluice.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium (Debian's {@code chromium}, which {@code .ci/run} installs) loading a
 * page the way an operator's browser would, scripts and all.
 */
final class Chromium {
  private static final List<Path> CANDIDATES =
      List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));

  private final Path binary;

  private Chromium(Path binary) {
    this.binary = binary;
  }

  /** The installed Chromium, or null when there is none. */
  static Chromium find() {
    return CANDIDATES.stream().filter(Files::isExecutable).findFirst().map(Chromium::new).orElse(null);
  }

  /** The page's DOM after its scripts ran for {@code virtualMillis} of virtual time. */
  String dumpDom(String url, int virtualMillis) throws IOException, InterruptedException {
    return run(List.of("--virtual-time-budget=" + virtualMillis, "--dump-dom", url));
  }

  /** Saves a screenshot of the page after its scripts ran. */
  void screenshot(String url, Path png, int virtualMillis) throws IOException, InterruptedException {
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    run(
        List.of(
            "--virtual-time-budget=" + virtualMillis,
            "--hide-scrollbars",
            "--window-size=1200,900",
            "--screenshot=" + png.toAbsolutePath(),
            url));
    if (!Files.isRegularFile(png) || Files.size(png) == 0) {
      throw new AssertionError("Chromium wrote no screenshot to " + png);
    }
  }

  private String run(List<String> args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("sluice-chromium");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox", // runs as root on CI machines
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--user-data-dir=" + profile));
    command.addAll(args);
    Path out = Files.createTempFile("sluice-chromium", ".out");
    Path err = Files.createTempFile("sluice-chromium", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .directory(profile.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("Chromium did not finish in 60 s: " + command);
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "Chromium exited with "
              + process.exitValue()
              + ": "
              + command
              + "\n"
              + Files.readString(err, StandardCharsets.UTF_8));
    }
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    deleteTree(profile);
    return stdout;
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // a temporary profile left behind is harmless
    }
  }
}
