package io.sluice.config;

/**
 * An agent arg Sluice cannot accept: an unknown key, a bad value, a malformed pair or an unreadable
 * config file. The message names the offending key or file and says what to change, so the agent
 * can print it as is and refuse to start.
 */
public final class ConfigException extends IllegalArgumentException {
  ConfigException(String message) {
    super(message);
  }

  ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
