package io.sluice.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sluice's configuration: the agent args, parsed and validated as a whole before anything starts,
 * so that Sluice never runs half-configured. Immutable.
 *
 * <p>The args are {@code key=value} pairs separated by commas, for example {@code
 * queryserver-config-pool-size=8,mode=advise}. Keys are the Vitess flag names of {@link ConfigKey};
 * a key may start with {@code -} or {@code --}, {@code -} and {@code _} are the same, case does not
 * matter, and whitespace around keys and values is ignored. {@code config=FILE} reads the same keys
 * from a {@link java.util.Properties} file (a relative name is resolved against the working
 * directory); a key given in the args wins over the same key in the file. Each key may be given
 * once per source. Booleans are {@code true} or {@code false}; durations are Go durations ({@code
 * 30s}, {@code 500ms}, {@code 1m30s}, {@code 1.5s}) or a plain number of seconds, and must be
 * positive.
 */
public final class SluiceConfig {
  private static final SluiceConfig DEFAULTS = parse(null);

  private final Map<ConfigKey, Object> values;

  private SluiceConfig(Map<ConfigKey, Object> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Parses the agent's argument string.
   *
   * @param agentArgs the text after {@code =} in {@code -javaagent:sluice-agent.jar=...}; {@code
   *     null} or blank means all defaults
   * @throws ConfigException for an unknown key, a bad value, a key given twice, a pair without
   *     {@code =}, or a config file that cannot be read; the message names it and what to change
   */
  public static SluiceConfig parse(String agentArgs) {
    Map<ConfigKey, AgentArgs.Given> given = AgentArgs.read(agentArgs);
    Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      AgentArgs.Given text = given.get(key);
      values.put(key, text == null ? key.defaultValue() : key.parse(text.text(), text.origin()));
    }
    return new SluiceConfig(values);
  }

  /** The configuration with every key at its default. */
  public static SluiceConfig defaults() {
    return DEFAULTS;
  }

  /** {@code enable_system_settings}: honour SETs of system variables (false: ignore them). */
  public boolean enableSystemSettings() {
    return get(ConfigKey.ENABLE_SYSTEM_SETTINGS);
  }

  /** {@code enable_set_var}: carry eligible settings as per-statement SET_VAR hints. */
  public boolean enableSetVar() {
    return get(ConfigKey.ENABLE_SET_VAR);
  }

  /** {@code queryserver_enable_settings_pool}: pool connections with settings, not reserve. */
  public boolean settingsPoolEnabled() {
    return get(ConfigKey.QUERYSERVER_ENABLE_SETTINGS_POOL);
  }

  /** {@code queryserver_config_pool_size}: pooled physical connections per tablet, at least 1. */
  public int poolSize() {
    return get(ConfigKey.QUERYSERVER_CONFIG_POOL_SIZE);
  }

  /** {@code queryserver_config_transaction_cap}: transaction connections per tablet, at least 1. */
  public int transactionCap() {
    return get(ConfigKey.QUERYSERVER_CONFIG_TRANSACTION_CAP);
  }

  /** {@code max_reserved_connections}: reserved connections per tablet at most; 0 = no cap. */
  public int maxReservedConnections() {
    return get(ConfigKey.MAX_RESERVED_CONNECTIONS);
  }

  /** {@code reserved_keepalive_interval}: ping period for reserved connections holding locks. */
  public Duration reservedKeepaliveInterval() {
    return get(ConfigKey.RESERVED_KEEPALIVE_INTERVAL);
  }

  /** {@code queryserver_config_query_pool_timeout}: longest wait for a pooled connection. */
  public Duration queryPoolTimeout() {
    return get(ConfigKey.QUERYSERVER_CONFIG_QUERY_POOL_TIMEOUT);
  }

  /** {@code queryserver_config_txpool_timeout}: longest wait for a transaction connection. */
  public Duration txPoolTimeout() {
    return get(ConfigKey.QUERYSERVER_CONFIG_TXPOOL_TIMEOUT);
  }

  /** {@code release_reserved_when_clean}: give a reserved connection back once provably clean. */
  public boolean releaseReservedWhenClean() {
    return get(ConfigKey.RELEASE_RESERVED_WHEN_CLEAN);
  }

  /** {@code mode}: multiplex, or only advise. */
  public Mode mode() {
    return get(ConfigKey.MODE);
  }

  /** {@code status_port}: the status page's port; 0 = no status page. */
  public int statusPort() {
    return get(ConfigKey.STATUS_PORT);
  }

  /**
   * {@code status_bind}: the status page's address, an IP literal or a host name. Only its spelling
   * is checked here; it is resolved when the page starts.
   */
  public String statusBind() {
    return get(ConfigKey.STATUS_BIND);
  }

  /** {@code jmx}: register Sluice's MBeans. */
  public boolean jmx() {
    return get(ConfigKey.JMX);
  }

  /** {@code enabled}: false means the agent installs nothing. */
  public boolean enabled() {
    return get(ConfigKey.ENABLED);
  }

  /**
   * The keys that differ from their defaults, as {@code key=value} pairs separated by {@code ", "}
   * in table order; empty when all are defaults. The text is itself valid agent args, so it can be
   * logged at start and pasted back.
   */
  public String describe() {
    return Arrays.stream(ConfigKey.values())
        .filter(key -> !values.get(key).equals(key.defaultValue()))
        .map(key -> key.key() + "=" + key.format(values.get(key)))
        .collect(Collectors.joining(", "));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SluiceConfig && values.equals(((SluiceConfig) other).values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** {@code SluiceConfig{}} around {@link #describe()}. */
  @Override
  public String toString() {
    return "SluiceConfig{" + describe() + "}";
  }

  // The table guarantees each key's value has the accessor's type.
  @SuppressWarnings("unchecked")
  private <T> T get(ConfigKey key) {
    return (T) values.get(key);
  }
}
