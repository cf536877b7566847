package io.sluice.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the agent's argument string, and the properties file its {@code config} key names, into the
 * text given for each key. Spelling rules: a key may start with {@code -} or {@code --}, and {@code
 * -} and {@code _} are the same; case does not matter; whitespace around keys and values is
 * ignored. Keys given in the args win over the same keys in the file, wherever {@code config}
 * stands. Values are checked later, by {@link ConfigKey}.
 */
final class AgentArgs {
  /** The key that names a properties file rather than a setting. */
  private static final String CONFIG = "config";

  private static final String ARGS_ORIGIN = "agent args";

  /** The text given for one key and where it was given, for messages. */
  record Given(String text, String origin) {}

  private AgentArgs() {}

  /** The keys {@code agentArgs} and its config file give, each with its text. */
  static Map<ConfigKey, Given> read(String agentArgs) {
    Map<ConfigKey, Given> given = new EnumMap<>(ConfigKey.class);
    String configFile = null;
    for (String pair : agentArgs == null ? new String[0] : agentArgs.split(",")) {
      if (pair.isBlank()) {
        continue; // a trailing or doubled comma is harmless
      }
      int equals = pair.indexOf('=');
      if (equals < 0) {
        throw new ConfigException(
            "Sluice agent arg '"
                + pair.trim()
                + "' in "
                + ARGS_ORIGIN
                + " is not key=value; pairs are separated by commas");
      }
      String spelled = pair.substring(0, equals).trim();
      String text = pair.substring(equals + 1).trim();
      if (normalize(spelled).equals(CONFIG)) {
        if (configFile != null) {
          throw duplicate(CONFIG, ARGS_ORIGIN);
        }
        configFile = text;
      } else {
        put(given, spelled, text, ARGS_ORIGIN);
      }
    }
    if (configFile != null) {
      readFile(configFile).forEach(given::putIfAbsent);
    }
    return given;
  }

  private static Map<ConfigKey, Given> readFile(String fileName) {
    if (fileName.isEmpty()) {
      throw new ConfigException("Sluice agent arg config needs a file name: config=FILE");
    }
    Path path;
    try {
      path = Path.of(fileName).toAbsolutePath();
    } catch (InvalidPathException e) {
      throw new ConfigException("Sluice config file '" + fileName + "' is not a valid path", e);
    }
    String origin = "config file " + path;
    Map<ConfigKey, Given> given = new EnumMap<>(ConfigKey.class);
    // Properties.load hands every entry to put(), so spelling checks and duplicates are seen here.
    Properties collector =
        new Properties() {
          @Override
          public synchronized Object put(Object key, Object value) {
            String spelled = ((String) key).trim();
            if (normalize(spelled).equals(CONFIG)) {
              throw new ConfigException("Sluice " + origin + " cannot name another config file");
            }
            AgentArgs.put(given, spelled, ((String) value).trim(), origin);
            return null;
          }
        };
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      collector.load(reader);
    } catch (IOException e) {
      throw new ConfigException("Cannot read Sluice " + origin + ": " + e, e);
    }
    return given;
  }

  private static void put(Map<ConfigKey, Given> given, String spelled, String text, String origin) {
    String normalized = normalize(spelled);
    ConfigKey key = ConfigKey.byKey(normalized);
    if (key == null) {
      throw unknown(spelled, normalized, origin);
    }
    if (given.putIfAbsent(key, new Given(text, origin)) != null) {
      throw duplicate(key.key(), origin);
    }
  }

  /** The canonical spelling of a key: no leading dashes, underscores, lower case. */
  static String normalize(String spelled) {
    String key = spelled.startsWith("--") ? spelled.substring(2) : spelled;
    key = key.startsWith("-") ? key.substring(1) : key;
    return key.replace('-', '_').toLowerCase(Locale.ROOT);
  }

  private static ConfigException duplicate(String key, String origin) {
    return new ConfigException(
        "Sluice agent arg " + key + " is given more than once in " + origin + "; give it once");
  }

  private static ConfigException unknown(String spelled, String normalized, String origin) {
    List<String> valid =
        Stream.concat(Stream.of(CONFIG), Arrays.stream(ConfigKey.values()).map(ConfigKey::key))
            .collect(Collectors.toList());
    List<String> near = nearest(normalized, valid);
    String suggestion = near.isEmpty() ? "" : " Did you mean " + String.join(" or ", near) + "?";
    return new ConfigException(
        "Unknown Sluice agent arg '"
            + spelled
            + "' in "
            + origin
            + "."
            + suggestion
            + " Valid keys: "
            + String.join(", ", valid));
  }

  /**
   * The keys {@code typed} most likely meant: those containing it (a short form such as {@code
   * pool_size}), else those within two edits of it (a typo).
   */
  private static List<String> nearest(String typed, List<String> valid) {
    if (typed.length() >= 3) {
      List<String> containing =
          valid.stream().filter(key -> key.contains(typed)).collect(Collectors.toList());
      if (!containing.isEmpty()) {
        return containing;
      }
    }
    return valid.stream().filter(key -> editDistance(typed, key) <= 2).collect(Collectors.toList());
  }

  /** Levenshtein distance, two rows at a time. */
  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
