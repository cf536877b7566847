package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SluiceConfigTest {
  /** DESIGN.md's table of agent args, key and default, in its order. */
  private static final Map<String, String> DESIGN_DEFAULTS = new LinkedHashMap<>();

  static {
    DESIGN_DEFAULTS.put("enable_system_settings", "true");
    DESIGN_DEFAULTS.put("enable_set_var", "true");
    DESIGN_DEFAULTS.put("queryserver_enable_settings_pool", "true");
    DESIGN_DEFAULTS.put("queryserver_config_pool_size", "16");
    DESIGN_DEFAULTS.put("queryserver_config_transaction_cap", "20");
    DESIGN_DEFAULTS.put("max_reserved_connections", "0");
    DESIGN_DEFAULTS.put("reserved_keepalive_interval", "30s");
    DESIGN_DEFAULTS.put("queryserver_config_query_pool_timeout", "30s");
    DESIGN_DEFAULTS.put("queryserver_config_txpool_timeout", "30s");
    DESIGN_DEFAULTS.put("release_reserved_when_clean", "false");
    DESIGN_DEFAULTS.put("mode", "multiplex");
    DESIGN_DEFAULTS.put("status_port", "0");
    DESIGN_DEFAULTS.put("status_bind", "127.0.0.1");
    DESIGN_DEFAULTS.put("jmx", "true");
    DESIGN_DEFAULTS.put("enabled", "true");
  }

  @Test
  void theTableHoldsExactlyDesignsKeysAndDefaultsInItsOrder() {
    Map<String, String> table = new LinkedHashMap<>();
    Arrays.stream(ConfigKey.values()).forEach(key -> table.put(key.key(), key.defaultText()));
    assertEquals(DESIGN_DEFAULTS, table);
    assertEquals(
        DESIGN_DEFAULTS.keySet().stream().toList(),
        Arrays.stream(ConfigKey.values()).map(ConfigKey::key).toList());
  }

  @Test
  void defaultsAreDesignsDefaults() {
    SluiceConfig config = SluiceConfig.defaults();
    assertTrue(config.enableSystemSettings());
    assertTrue(config.enableSetVar());
    assertTrue(config.settingsPoolEnabled());
    assertEquals(16, config.poolSize());
    assertEquals(20, config.transactionCap());
    assertEquals(0, config.maxReservedConnections());
    assertEquals(Duration.ofSeconds(30), config.reservedKeepaliveInterval());
    assertEquals(Duration.ofSeconds(30), config.queryPoolTimeout());
    assertEquals(Duration.ofSeconds(30), config.txPoolTimeout());
    assertFalse(config.releaseReservedWhenClean());
    assertEquals(Mode.MULTIPLEX, config.mode());
    assertEquals(0, config.statusPort());
    assertEquals("127.0.0.1", config.statusBind());
    assertTrue(config.jmx());
    assertTrue(config.enabled());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", ",", " , ,"})
  void nullOrBlankArgsMeanDefaults(String args) {
    assertEquals(SluiceConfig.defaults(), SluiceConfig.parse(args));
    assertEquals(SluiceConfig.defaults(), SluiceConfig.parse(null));
  }

  @Test
  void everyKeyParses() {
    SluiceConfig config =
        SluiceConfig.parse(
            "enable_system_settings=false,enable_set_var=false,"
                + "queryserver_enable_settings_pool=false,queryserver_config_pool_size=4,"
                + "queryserver_config_transaction_cap=7,max_reserved_connections=50,"
                + "reserved_keepalive_interval=1m30s,queryserver_config_query_pool_timeout=500ms,"
                + "queryserver_config_txpool_timeout=2h,release_reserved_when_clean=true,"
                + "mode=advise,status_port=8080,status_bind=0.0.0.0,jmx=false,enabled=false");
    assertFalse(config.enableSystemSettings());
    assertFalse(config.enableSetVar());
    assertFalse(config.settingsPoolEnabled());
    assertEquals(4, config.poolSize());
    assertEquals(7, config.transactionCap());
    assertEquals(50, config.maxReservedConnections());
    assertEquals(Duration.ofSeconds(90), config.reservedKeepaliveInterval());
    assertEquals(Duration.ofMillis(500), config.queryPoolTimeout());
    assertEquals(Duration.ofHours(2), config.txPoolTimeout());
    assertTrue(config.releaseReservedWhenClean());
    assertEquals(Mode.ADVISE, config.mode());
    assertEquals(8080, config.statusPort());
    assertEquals("0.0.0.0", config.statusBind());
    assertFalse(config.jmx());
    assertFalse(config.enabled());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "queryserver_config_pool_size=4",
        "queryserver-config-pool-size=4",
        "--queryserver-config-pool-size=4",
        "--queryserver_config_pool_size=4",
        "-queryserver-config-pool-size=4",
        "QUERYSERVER_CONFIG_POOL_SIZE=4",
        "  queryserver-config_pool-size  =  4  ",
        "jmx=true, queryserver_config_pool_size=4 ,",
      })
  void keysMaySpellDashesUnderscoresAndLeadingDashesAlike(String args) {
    assertEquals(4, SluiceConfig.parse(args).poolSize());
  }

  @ParameterizedTest
  @CsvSource({"true, true", "TRUE, true", "True, true", "false, false", "FALSE, false"})
  void booleansIgnoreCase(String text, boolean value) {
    assertEquals(
        value,
        SluiceConfig.parse("release_reserved_when_clean=" + text).releaseReservedWhenClean());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ADVISE", "Advise", "advise"})
  void modeIgnoresCase(String text) {
    assertEquals(Mode.ADVISE, SluiceConfig.parse("mode=" + text).mode());
  }

  @ParameterizedTest
  @CsvSource({
    "30s, 30000",
    "500ms, 500",
    "1m30s, 90000",
    "2h, 7200000",
    "1.5s, 1500",
    ".5s, 500",
    "1h2m3s, 3723000",
    "90, 90000",
    "0.25, 250",
    "1000us, 1",
    "1000000ns, 1",
    "1000µs, 1",
  })
  void durationsAreGoDurationsOrSeconds(String text, long millis) {
    SluiceConfig config = SluiceConfig.parse("queryserver_config_query_pool_timeout=" + text);
    assertEquals(Duration.ofMillis(millis), config.queryPoolTimeout());
  }

  @ParameterizedTest
  @CsvSource({
    "queryserver_config_pool_size, 0",
    "queryserver_config_pool_size, -1",
    "queryserver_config_pool_size, abc",
    "queryserver_config_pool_size, 1e3",
    "queryserver_config_pool_size, 99999999999",
    "queryserver_config_pool_size, ''",
    "queryserver_config_transaction_cap, 0",
    "max_reserved_connections, -1",
    "reserved_keepalive_interval, 0",
    "reserved_keepalive_interval, 0s",
    "reserved_keepalive_interval, -1s",
    "queryserver_config_query_pool_timeout, 1m30",
    "queryserver_config_query_pool_timeout, 10x",
    "queryserver_config_query_pool_timeout, s",
    "queryserver_config_query_pool_timeout, 1 s",
    "queryserver_config_txpool_timeout, 0.1ns",
    "queryserver_config_txpool_timeout, 3000000h",
    "enable_system_settings, yes",
    "enable_set_var, 1",
    "queryserver_enable_settings_pool, on",
    "release_reserved_when_clean, ''",
    "jmx, tru",
    "enabled, no",
    "mode, proxy",
    "status_port, 65536",
    "status_port, -1",
    "status_bind, 256.1.1.1",
    "status_bind, 1.2.3",
    "status_bind, host:80",
    "status_bind, -bad.example",
    "status_bind, under_score",
    "status_bind, ::g",
    "status_bind, .:1",
    "status_bind, ''",
  })
  void aBadValueNamesTheKeyTheValueAndWhatIsAccepted(String key, String value) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> SluiceConfig.parse(key + "=" + value));
    String expected = ConfigKey.byKey(key).accepted();
    assertEquals(
        "Bad value '"
            + value
            + "' for Sluice agent arg "
            + key
            + " in agent args: expected "
            + expected,
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1", "0.0.0.0", "::", "::1", "fe80::1", "2001:db8::8:800:200c:417a",
        "::ffff:10.0.0.1", "localhost", "status.example.com", "my-host", "host.", "10.1.2.3"
      })
  void statusBindTakesAddressLiteralsAndHostNames(String bind) {
    assertEquals(bind, SluiceConfig.parse("status_bind=" + bind).statusBind());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "65535"})
  void statusPortTakesZeroToPortMax(String port) {
    assertEquals(Integer.parseInt(port), SluiceConfig.parse("status_port=" + port).statusPort());
  }

  @Test
  void anUnknownKeyIsNamedWithTheNearestKeysAndAllValidKeys() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> SluiceConfig.parse("jmx=true,pool-size=4"));
    assertTrue(e.getMessage().startsWith("Unknown Sluice agent arg 'pool-size' in agent args."));
    assertTrue(e.getMessage().contains("Did you mean queryserver_config_pool_size?"));
    for (ConfigKey key : ConfigKey.values()) {
      assertTrue(e.getMessage().contains(key.key()), key.key());
    }
    assertTrue(e.getMessage().contains("Valid keys: config, enable_system_settings"));
  }

  @Test
  void aTypoIsAnsweredWithTheKeyItMeant() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> SluiceConfig.parse("enabeld=false"));
    assertTrue(e.getMessage().contains("Did you mean enabled?"), e.getMessage());
  }

  @Test
  void aKeyGivenTwiceInAnySpellingIsRejected() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                SluiceConfig.parse(
                    "queryserver-config-pool-size=4,queryserver_config_pool_size=4"));
    assertEquals(
        "Sluice agent arg queryserver_config_pool_size is given more than once in agent args;"
            + " give it once",
        e.getMessage());
  }

  @Test
  void aPairWithoutEqualsIsRejected() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> SluiceConfig.parse("jmx=false,advise"));
    assertEquals(
        "Sluice agent arg 'advise' in agent args is not key=value; pairs are separated by commas",
        e.getMessage());
  }

  @Test
  void aConfigExceptionIsAnIllegalArgumentException() {
    assertThrows(IllegalArgumentException.class, () -> SluiceConfig.parse("nope=1"));
  }

  @Test
  void describeNamesOnlyWhatDiffersFromDefaultsAndReadsBack() {
    assertEquals("", SluiceConfig.defaults().describe());
    assertEquals(
        "",
        SluiceConfig.parse(
                "queryserver_config_pool_size=16,mode=MULTIPLEX,"
                    + "reserved_keepalive_interval=30000ms")
            .describe());
    SluiceConfig config =
        SluiceConfig.parse(
            "mode=ADVISE,--queryserver-config-pool-size=4,reserved_keepalive_interval=90,"
                + "queryserver_config_query_pool_timeout=1.5s,status_bind=::1");
    assertEquals(
        "queryserver_config_pool_size=4, reserved_keepalive_interval=1m30s,"
            + " queryserver_config_query_pool_timeout=1500ms, mode=advise, status_bind=::1",
        config.describe());
    assertEquals(config, SluiceConfig.parse(config.describe()));
    assertEquals("SluiceConfig{" + config.describe() + "}", config.toString());
  }

  @Test
  void theMarkdownTableHasOneRowPerKeyWithDefaultAndMeaning() {
    String[] lines = ConfigKey.markdownTable().split("\n");
    assertEquals("| key | default | meaning |", lines[0]);
    assertEquals("| --- | --- | --- |", lines[1]);
    assertEquals(2 + ConfigKey.values().length, lines.length);
    assertEquals(
        "| `queryserver_config_pool_size` | 16 | pooled physical connections per tablet |",
        lines[2 + ConfigKey.QUERYSERVER_CONFIG_POOL_SIZE.ordinal()]);
    for (ConfigKey key : ConfigKey.values()) {
      assertFalse(key.meaning().isBlank(), key.key());
    }
  }
}
