package io.sluice.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the packaged agent jar's layout, in the manner of Datadog's {@code
 * verifyAgentJarContents}: the manifest, what the application's loaders can see at the root, and
 * that everything bundled is hidden and relocated.
 */
class AgentJarIT {
  /** What may sit at the root, visible to the system loader (and, once appended, to bootstrap). */
  private static final Pattern ROOT =
      Pattern.compile(
          "META-INF/MANIFEST\\.MF"
              + "|io/sluice/agent/(SluiceAgent|AgentClassLoader)\\.class"
              + "|io/sluice/bootstrap/[A-Za-z0-9_$/]+\\.class");

  private static final String HIDDEN = "inst/";
  private static final Pattern VERSIONED =
      Pattern.compile("META-INF/versions/[0-9]+/inst/(io/sluice/shaded/.+)\\.classdata");

  /** The bundled libraries' own package paths, which must appear only under io/sluice/shaded. */
  private static final Pattern UNRELOCATED =
      Pattern.compile("(?<!io/sluice/shaded/)(net/bytebuddy|com/zaxxer|org/slf4j)/");

  private static final Pattern UNRELOCATED_NAME =
      Pattern.compile("(?<!io\\.sluice\\.shaded\\.)(net\\.bytebuddy|com\\.zaxxer|org\\.slf4j)\\.");
  private static final String SLF4J_PROVIDERS =
      "inst/META-INF/services/io.sluice.shaded.org.slf4j.spi.SLF4JServiceProvider";

  /** Names that must not appear in the root classes: only java.base and java.instrument there. */
  private static final List<String> NOT_AT_ROOT =
      List.of(
          "java/sql",
          "java/util/logging",
          "java/lang/management",
          "javax/management",
          "org/slf4j",
          "io/sluice/shaded");

  private static JarFile jar;
  private static List<String> files;

  @BeforeAll
  static void open() throws IOException {
    jar = new JarFile(Path.of(System.getProperty("sluice.agent.jar")).toFile());
    files =
        jar.stream()
            .filter(e -> !e.isDirectory())
            .map(JarEntry::getName)
            .collect(Collectors.toList());
  }

  @AfterAll
  static void close() throws IOException {
    jar.close();
  }

  @Test
  void manifestDeclaresBothEntryPointsAndRetransformation() throws IOException {
    Attributes main = jar.getManifest().getMainAttributes();
    assertEquals("io.sluice.agent.SluiceAgent", main.getValue("Premain-Class"));
    assertEquals("io.sluice.agent.SluiceAgent", main.getValue("Agent-Class"));
    assertEquals("true", main.getValue("Can-Retransform-Classes"));
    assertEquals("true", main.getValue("Can-Redefine-Classes"));
    assertEquals("true", main.getValue("Multi-Release"));
  }

  @Test
  void rootHoldsOnlyThePremainTheBridgeAndTheManifest() {
    assertEquals(
        List.of(),
        files.stream()
            .filter(name -> !name.startsWith(HIDDEN))
            .filter(name -> !ROOT.matcher(name).matches() && !VERSIONED.matcher(name).matches())
            .collect(Collectors.toList()));
    assertTrue(files.contains("io/sluice/bootstrap/SluiceBridge.class"));
  }

  @Test
  void everyHiddenClassIsClassdataUnderIoSluice() {
    assertEquals(
        List.of(),
        files.stream()
            .filter(name -> name.startsWith(HIDDEN))
            .filter(
                name ->
                    name.endsWith(".class")
                        || name.endsWith(".classdata") && !name.startsWith(HIDDEN + "io/sluice/"))
            .collect(Collectors.toList()));
    assertTrue(files.contains("inst/io/sluice/agent/install/AgentInstaller.classdata"));
    assertTrue(files.contains("inst/io/sluice/shaded/net/bytebuddy/ByteBuddy.classdata"));
    assertTrue(
        files.contains("inst/io/sluice/shaded/com/zaxxer/hikari/HikariDataSource.classdata"));
    assertTrue(files.contains("inst/io/sluice/shaded/org/slf4j/LoggerFactory.classdata"));
  }

  @Test
  void nothingBundledKeepsItsOwnPackageName() {
    assertEquals(
        List.of(),
        files.stream()
            .filter(name -> UNRELOCATED.matcher(name).find())
            .collect(Collectors.toList()));
    for (String name : files) {
      if (name.startsWith(HIDDEN + "META-INF/services/")) {
        String service = name.substring(name.lastIndexOf('/') + 1);
        assertFalse(UNRELOCATED_NAME.matcher(service + ".").find(), name);
        assertFalse(UNRELOCATED_NAME.matcher(read(name)).find(), name + ": " + read(name));
      }
    }
  }

  @Test
  void noModuleInfoAndNoDriverServiceAnywhere() {
    assertEquals(
        List.of(),
        files.stream()
            .filter(
                name -> name.contains("module-info.") || name.endsWith("services/java.sql.Driver"))
            .collect(Collectors.toList()));
  }

  @Test
  void slf4jFindsSluicesOwnProvider() {
    String provider = read(SLF4J_PROVIDERS).trim();
    assertTrue(provider.startsWith("io.sluice."), provider);
    assertTrue(files.contains(HIDDEN + provider.replace('.', '/') + ".classdata"), provider);
  }

  @Test
  void versionedClassesAreRelocatedUnderTheirOwnName() {
    for (String name : files) {
      Matcher versioned = VERSIONED.matcher(name);
      if (versioned.matches()) {
        // The class file names itself: its path must be that name, relocation included.
        assertTrue(read(name).contains(versioned.group(1)), name);
      }
    }
  }

  @Test
  void rootClassesNameOnlyJdkTypesThatLoadEarly() {
    for (String name : files) {
      if (ROOT.matcher(name).matches() && name.endsWith(".class")) {
        String classFile = read(name);
        for (String forbidden : NOT_AT_ROOT) {
          assertFalse(classFile.contains(forbidden), name + " names " + forbidden);
        }
      }
    }
  }

  /** The entry's bytes as ISO-8859-1 text, so class-file names can be searched for. */
  private static String read(String name) {
    try (InputStream in = jar.getInputStream(jar.getJarEntry(name))) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
