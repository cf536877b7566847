package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmForkTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  @TempDir Path output;

  /** The forked program: echoes stdin lines until "exit", logging like the agent on stderr. */
  public static final class Echo {
    public static void main(String[] args) throws Exception {
      System.out.println("READY " + String.join(",", args) + " " + System.getenv("ECHO_ENV"));
      System.err.println("[sluice] INFO io.sluice.Agent: started");
      System.err.println("[sluice] WARN io.sluice.Pool: pinned");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
        System.out.println("ECHO " + line);
      }
      System.exit(3);
    }
  }

  @Test
  void drivesAForkedJvmThroughStdinAndCapturesItsOutput() throws Exception {
    try (ForkedJvm jvm =
        JvmFork.mainClass(Echo.class.getName())
            .classpath(classpath())
            .args("a", "b")
            .env("ECHO_ENV", "e")
            .jvmArgs("-Xmx64m")
            .outputDir(output, "echo")
            .start()) {
      assertEquals("READY a,b e", jvm.awaitLine("READY", TIMEOUT));
      jvm.send("hello");
      assertEquals("ECHO hello", jvm.awaitLine("ECHO", TIMEOUT));
      jvm.send("exit");
      assertEquals(3, jvm.awaitExit(TIMEOUT));

      assertEquals(List.of("[sluice] WARN io.sluice.Pool: pinned"), jvm.sluiceProblems());
      assertThrows(AssertionError.class, jvm::assertNoSluiceProblems);
      assertTrue(
          Files.readString(jvm.stderrFile()).contains("[sluice] INFO io.sluice.Agent: started"));
      assertEquals(List.of("READY a,b e", "ECHO hello"), Files.readAllLines(jvm.stdoutFile()));
    }
  }

  @Test
  void awaitingALineFailsOnceTheJvmHasEnded() {
    try (ForkedJvm jvm =
        JvmFork.mainClass(Echo.class.getName())
            .classpath(classpath())
            .outputDir(output, "ended")
            .start()) {
      jvm.send("exit");
      AssertionError error =
          assertThrows(AssertionError.class, () -> jvm.awaitLine("NEVER", TIMEOUT));
      assertTrue(error.getMessage().contains("READY"), error.getMessage());
    }
  }

  private static List<Path> classpath() {
    return List.of(Path.of("target", "test-classes"), Path.of("target", "classes"));
  }
}
