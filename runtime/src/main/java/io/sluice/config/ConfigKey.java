package io.sluice.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every agent arg Sluice accepts, with its default, its type and what it means: the one table the
 * parser, the validation messages and the README's table are all made from. A constant's name is
 * its Vitess flag name in upper case.
 */
public enum ConfigKey {
  ENABLE_SYSTEM_SETTINGS(
      "true", ValueType.BOOLEAN, "honour SETs of system variables (false: ignore them)"),
  ENABLE_SET_VAR(
      "true", ValueType.BOOLEAN, "carry eligible settings as per-statement SET_VAR hints"),
  QUERYSERVER_ENABLE_SETTINGS_POOL(
      "true", ValueType.BOOLEAN, "keep connections with settings in the pool instead of reserving"),
  QUERYSERVER_CONFIG_POOL_SIZE(
      "16", ValueType.integer(1, Integer.MAX_VALUE), "pooled physical connections per tablet"),
  QUERYSERVER_CONFIG_TRANSACTION_CAP(
      "20",
      ValueType.integer(1, Integer.MAX_VALUE),
      "physical connections per tablet for open transactions"),
  MAX_RESERVED_CONNECTIONS(
      "0",
      ValueType.integer(0, Integer.MAX_VALUE),
      "reserved connections per tablet at most; 0 = no cap"),
  RESERVED_KEEPALIVE_INTERVAL(
      "30s", ValueType.POSITIVE_DURATION, "ping period for reserved connections that hold locks"),
  QUERYSERVER_CONFIG_QUERY_POOL_TIMEOUT(
      "30s",
      ValueType.POSITIVE_DURATION,
      "longest wait for a pooled connection before a clear `SQLException`"),
  QUERYSERVER_CONFIG_TXPOOL_TIMEOUT(
      "30s", ValueType.POSITIVE_DURATION, "longest wait for a transaction connection"),
  RELEASE_RESERVED_WHEN_CLEAN(
      "false",
      ValueType.BOOLEAN,
      "give a reserved connection back once its state is provably gone"
          + " (Vitess keeps it until disconnect)"),
  MODE(
      "multiplex",
      ValueType.oneOf(Mode.class),
      "`advise`: no multiplexing, but report what would pin and the projected connection peak"),
  STATUS_PORT(
      "0", ValueType.integer(0, 65535), "serve a read-only status page on this port (0 = off)"),
  STATUS_BIND("127.0.0.1", ValueType.HOST, "address of the status page"),
  JMX("true", ValueType.BOOLEAN, "register Sluice's MBeans (domain `io.sluice`)"),
  ENABLED("true", ValueType.BOOLEAN, "false: the agent installs nothing (a kill switch)");

  private static final Map<String, ConfigKey> BY_KEY =
      Arrays.stream(values()).collect(Collectors.toMap(ConfigKey::key, Function.identity()));

  private final String key;
  private final String defaultText;
  private final ValueType<?> type;
  private final Object defaultValue;
  private final String meaning;

  ConfigKey(String defaultText, ValueType<?> type, String meaning) {
    this.key = name().toLowerCase(Locale.ROOT);
    this.defaultText = defaultText;
    this.type = type;
    this.defaultValue = parse(defaultText, "the table of defaults"); // a typo here fails loudly
    this.meaning = meaning;
  }

  /** The key as Vitess spells the flag, with underscores: {@code queryserver_config_pool_size}. */
  public String key() {
    return key;
  }

  /** The default as a user would write it: {@code 30s}, {@code multiplex}. */
  public String defaultText() {
    return defaultText;
  }

  /** What the key does, in one line of Markdown. */
  public String meaning() {
    return meaning;
  }

  /** What the key accepts, in words that complete "expected ...". */
  public String accepted() {
    return type.accepted();
  }

  /**
   * The table of keys as Markdown ({@code | key | default | meaning |}), so the README's table can
   * be regenerated from this one instead of drifting from it.
   */
  public static String markdownTable() {
    StringBuilder table = new StringBuilder("| key | default | meaning |\n| --- | --- | --- |\n");
    for (ConfigKey key : values()) {
      table.append("| `").append(key.key).append("` | ").append(key.defaultText);
      table.append(" | ").append(key.meaning).append(" |\n");
    }
    return table.toString();
  }

  /** The key whose canonical spelling is {@code key}, or {@code null}. */
  static ConfigKey byKey(String key) {
    return BY_KEY.get(key);
  }

  Object defaultValue() {
    return defaultValue;
  }

  /**
   * The value {@code text} spells for this key.
   *
   * @param origin where the text came from, for the message: "agent args", "config file X"
   * @throws ConfigException naming the key, the text and what is accepted
   */
  Object parse(String text, String origin) {
    Object value = type.parse(text);
    if (value == null) {
      throw new ConfigException(
          "Bad value '"
              + text
              + "' for Sluice agent arg "
              + key
              + " in "
              + origin
              + ": expected "
              + type.accepted());
    }
    return value;
  }

  /** Spells {@code value}, a value of this key, so that {@link #parse} reads it back. */
  String format(Object value) {
    return type.format(value);
  }
}
