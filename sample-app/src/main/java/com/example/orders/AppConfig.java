package com.example.orders;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's settings: each from {@code --name=value}, else the environment variable {@code
 * ORDERS_NAME} (upper case, dashes as underscores), else its default.
 *
 * @param url JDBC URL of the orders database
 * @param user database user
 * @param password database password
 * @param threads worker threads, each serving requests back to back
 * @param poolSize HikariCP's maximum (and minimum idle) pool size
 * @param durationSeconds how long the measured phase runs
 * @param warmupSeconds how long the unmeasured warm-up before it runs
 * @param housekeeping whether the housekeeping jobs run first (they leave a temporary table and
 *     a named lock on two of the pool's connections, as real services do)
 * @param holdSeconds how long to keep the pool open after the run, for a look at its connections
 */
record AppConfig(
    String url,
    String user,
    String password,
    int threads,
    int poolSize,
    int durationSeconds,
    int warmupSeconds,
    boolean housekeeping,
    int holdSeconds) {

  private static final List<String> NAMES =
      List.of(
          "url",
          "user",
          "password",
          "threads",
          "pool-size",
          "duration",
          "warmup",
          "housekeeping",
          "hold");

  static AppConfig parse(String[] args, Map<String, String> environment) {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : null;
      if (name == null || !NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "Unknown argument " + arg + "; expected --NAME=VALUE, NAME one of " + NAMES);
      }
      given.put(name, arg.substring(eq + 1));
    }
    Settings settings = new Settings(given, environment);
    return new AppConfig(
        settings.required("url"),
        settings.get("user", "root"),
        settings.get("password", ""),
        settings.positive("threads", 64),
        settings.positive("pool-size", 64),
        settings.positive("duration", 20),
        Integer.parseInt(settings.get("warmup", "5")),
        Boolean.parseBoolean(settings.get("housekeeping", "false")),
        Integer.parseInt(settings.get("hold", "0")));
  }

  /** The lookup order: argument, environment, default. */
  private record Settings(Map<String, String> given, Map<String, String> environment) {
    String get(String name, String fallback) {
      String value = given.get(name);
      if (value == null) {
        value = environment.get("ORDERS_" + name.toUpperCase().replace('-', '_'));
      }
      return value == null ? fallback : value;
    }

    String required(String name) {
      String value = get(name, null);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(
            "Missing --" + name + "=... (or ORDERS_" + name.toUpperCase() + ")");
      }
      return value;
    }

    int positive(String name, int fallback) {
      int value = Integer.parseInt(get(name, Integer.toString(fallback)));
      if (value <= 0) {
        throw new IllegalArgumentException("--" + name + " must be positive: " + value);
      }
      return value;
    }
  }
}
