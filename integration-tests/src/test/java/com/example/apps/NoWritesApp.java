package com.example.apps;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports which of the places a JVM might write to accept a new file (the temporary directory,
 * the working directory, {@code /tmp}, the directories in {@code dirs=a:b}), then runs {@link
 * ConnectionIdApp} with the same arguments.
 *
 * <pre>
 * WRITABLE places=none
 * IDS sessions=16 ...
 * </pre>
 */
public final class NoWritesApp {
  private NoWritesApp() {}

  public static void main(String[] argv) throws Exception {
    AppArgs args = AppArgs.parse(argv);
    List<String> places = new ArrayList<>();
    try {
      File.createTempFile("sluice-probe", ".tmp").delete();
      places.add("java.io.tmpdir");
    } catch (IOException expected) {
      // the point: nowhere to write
    }
    List<Path> dirs = new ArrayList<>(List.of(Path.of("").toAbsolutePath(), Path.of("/tmp")));
    for (String dir : args.get("dirs").split(File.pathSeparator)) {
      dirs.add(Path.of(dir));
    }
    for (Path dir : dirs) {
      try {
        Files.delete(Files.createTempFile(dir, "sluice-probe", ".tmp"));
        places.add(dir.toString());
      } catch (IOException expected) {
        // read-only, as intended
      }
    }
    System.out.println("WRITABLE places=" + (places.isEmpty() ? "none" : String.join(",", places)));
    ConnectionIdApp.main(argv);
  }
}
