package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  private Path write(String content) throws IOException {
    Path file = dir.resolve("sluice.properties");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void aFileGivesTheSameKeysInTheSameSpellings() throws IOException {
    Path file =
        write(
            "# Sluice\n"
                + "--queryserver-config-pool-size = 4\n"
                + "mode: advise\n"
                + "queryserver_config_txpool_timeout=1m \n"
                + "STATUS_PORT 9090\n");
    SluiceConfig config = SluiceConfig.parse("config=" + file);
    assertEquals(4, config.poolSize());
    assertEquals(Mode.ADVISE, config.mode());
    assertEquals(Duration.ofMinutes(1), config.txPoolTimeout());
    assertEquals(9090, config.statusPort());
  }

  @Test
  void argsWinOverTheFileWhereverConfigStands() throws IOException {
    Path file = write("queryserver_config_pool_size=4\nqueryserver_config_transaction_cap=9\n");
    for (String args :
        new String[] {
          "config=" + file + ",queryserver-config-pool-size=2",
          "queryserver-config-pool-size=2,--config=" + file
        }) {
      SluiceConfig config = SluiceConfig.parse(args);
      assertEquals(2, config.poolSize(), args);
      assertEquals(9, config.transactionCap(), args);
    }
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("absent.properties");
    ConfigException e =
        assertThrows(ConfigException.class, () -> SluiceConfig.parse("config=" + missing));
    assertTrue(
        e.getMessage().startsWith("Cannot read Sluice config file " + missing + ": "),
        e.getMessage());
  }

  @Test
  void aRelativeNameIsNamedAbsolute() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> SluiceConfig.parse("config=no-such-sluice.properties"));
    assertTrue(
        e.getMessage().contains(Path.of("no-such-sluice.properties").toAbsolutePath().toString()),
        e.getMessage());
  }

  @Test
  void anEmptyFileNameIsRejected() {
    ConfigException e = assertThrows(ConfigException.class, () -> SluiceConfig.parse("config="));
    assertEquals("Sluice agent arg config needs a file name: config=FILE", e.getMessage());
  }

  @Test
  void aBadValueInTheFileNamesTheFile() throws IOException {
    Path file = write("status_port=http\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> SluiceConfig.parse("config=" + file));
    assertEquals(
        "Bad value 'http' for Sluice agent arg status_port in config file "
            + file
            + ": expected an integer from 0 to 65535",
        e.getMessage());
  }

  @Test
  void anUnknownKeyInTheFileNamesTheFile() throws IOException {
    Path file = write("transaction_cap=3\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> SluiceConfig.parse("config=" + file));
    assertTrue(
        e.getMessage()
            .startsWith(
                "Unknown Sluice agent arg 'transaction_cap' in config file "
                    + file
                    + ". Did you mean queryserver_config_transaction_cap?"),
        e.getMessage());
  }

  @Test
  void aKeyTwiceInTheFileIsRejectedEvenInTheSameSpelling() throws IOException {
    for (String content :
        new String[] {
          "jmx=true\njmx=false\n", "max-reserved-connections=1\n" + "max_reserved_connections=1\n"
        }) {
      Path file = write(content);
      ConfigException e =
          assertThrows(ConfigException.class, () -> SluiceConfig.parse("config=" + file));
      assertTrue(
          e.getMessage().contains("is given more than once in config file " + file),
          e.getMessage());
    }
  }

  @Test
  void aFileCannotNameAnotherFile() throws IOException {
    Path file = write("config=other.properties\n");
    ConfigException e =
        assertThrows(ConfigException.class, () -> SluiceConfig.parse("config=" + file));
    assertEquals("Sluice config file " + file + " cannot name another config file", e.getMessage());
  }

  @Test
  void configTwiceInTheArgsIsRejected() throws IOException {
    Path file = write("jmx=false\n");
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> SluiceConfig.parse("config=" + file + ",config=" + file));
    assertTrue(e.getMessage().contains("config is given more than once"), e.getMessage());
  }
}
