package io.sluice.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The conformance matrix's axes, as data: the Connector/J jars the build copied, the URL profiles
 * production apps run, and the differences that are documented pins rather than bugs.
 */
final class ConformanceMatrix {
  private ConformanceMatrix() {}

  /** URL properties that change what the driver does behind JDBC. */
  enum Profile {
    PLAIN("plain", ""),
    /** HikariCP's recommended MySQL settings. */
    HIKARI(
        "hikari",
        "cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048"
            + "&useServerPrepStmts=true&useLocalSessionState=true&rewriteBatchedStatements=true"
            + "&cacheResultSetMetadata=true&cacheServerConfiguration=true"
            + "&elideSetAutoCommits=true&maintainTimeStats=false"),
    MULTI_QUERIES("multi-queries", "allowMultiQueries=true"),
    CURSOR_FETCH("cursor-fetch", "useCursorFetch=true&defaultFetchSize=100"),
    STREAMING("streaming", "defaultFetchSize=-2147483648"),
    SESSION_VARIABLES(
        "session-variables", "sessionVariables=group_concat_max_len=2048,div_precision_increment=8"),
    TIME_ZONE("time-zone", "connectionTimeZone=%2B05:00&forceConnectionTimeZoneToSession=true"),
    SOCKET_TIMEOUT("socket-timeout", "socketTimeout=20000");

    private final String label;
    private final String properties;

    Profile(String label, String properties) {
      this.label = label;
      this.properties = properties;
    }

    String properties() {
      return properties;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** One driver jar with one profile. */
  record Cell(Path driver, Profile profile) {
    String driverName() {
      return driver.getFileName().toString().replaceFirst("\\.jar$", "");
    }

    @Override
    public String toString() {
      return "[" + driverName() + " / " + profile + "]";
    }
  }

  /**
   * A difference the project knows of, in one profile ({@code null}: any) at one scenario's step:
   * a pin, where Sluice by design gives what a direct connection does not; or open, a difference
   * not fixed yet, kept in the README's list and on the issue tracker until it is. Either is
   * printed beside the difference in the report; any other difference fails the build.
   */
  record Known(Profile profile, String scenario, String step, boolean pin, String why) {
    @Override
    public String toString() {
      return (pin ? "pin: " : "open: ") + why;
    }
  }

  static final List<Known> KNOWN = List.of();

  /** What the project knows of this difference, or null when it is a new one. */
  static Known known(Cell cell, TranscriptDiff.Difference difference) {
    return KNOWN.stream()
        .filter(k -> (k.profile == null || k.profile == cell.profile())
            && k.scenario.equals(difference.scenario())
            && k.step.equals(difference.step()))
        .findFirst()
        .orElse(null);
  }

  /**
   * The cells to run: {@code full} is every driver with every profile; {@code ci} every driver on
   * the plain URL and every profile on the newest driver; {@code DRIVER/PROFILE} the cells whose
   * jar name contains DRIVER and whose profile is PROFILE ({@code *} for any).
   */
  static List<Cell> cells(String size) {
    List<Path> drivers = drivers();
    List<Cell> cells = new ArrayList<>();
    switch (size) {
      case "full" -> drivers.forEach(d -> Stream.of(Profile.values())
          .forEach(p -> cells.add(new Cell(d, p))));
      case "ci" -> {
        drivers.forEach(d -> cells.add(new Cell(d, Profile.PLAIN)));
        Path newest = drivers.get(drivers.size() - 1);
        Stream.of(Profile.values())
            .filter(p -> p != Profile.PLAIN)
            .forEach(p -> cells.add(new Cell(newest, p)));
      }
      default -> {
        // DRIVER/PROFILE, either side a part of the name or *: one corner of the matrix.
        String[] parts = size.split("/", 2);
        if (parts.length != 2) {
          throw new IllegalArgumentException(
              "sluice.conformance=" + size + ": expected ci, full or DRIVER/PROFILE");
        }
        drivers.stream()
            .filter(d -> parts[0].equals("*") || d.getFileName().toString().contains(parts[0]))
            .forEach(d -> Stream.of(Profile.values())
                .filter(p -> parts[1].equals("*") || p.label.equals(parts[1]))
                .forEach(p -> cells.add(new Cell(d, p))));
        if (cells.isEmpty()) {
          throw new IllegalArgumentException("sluice.conformance=" + size + " matches no cell");
        }
      }
    }
    return cells;
  }

  /** The URL with more properties. */
  static String withProperties(String url, String properties) {
    if (properties.isEmpty()) {
      return url;
    }
    return url + (url.contains("?") ? "&" : "?") + properties;
  }

  private static final Pattern VERSION = Pattern.compile("-(\\d+)\\.(\\d+)\\.(\\d+)\\.jar$");

  /** The jars the build copied ({@link Forks#driverJars}), oldest version first. */
  private static List<Path> drivers() {
    List<Path> jars =
        Forks.driverJars().stream()
            .filter(f -> VERSION.matcher(f.getFileName().toString()).find())
            .sorted(Comparator.comparingLong(ConformanceMatrix::version))
            .toList();
    if (jars.isEmpty()) {
      throw new IllegalStateException("no Connector/J jars in " + Forks.path("sluice.it.drivers"));
    }
    return jars;
  }

  private static long version(Path jar) {
    Matcher m = VERSION.matcher(jar.getFileName().toString());
    m.find();
    return Long.parseLong(m.group(1)) * 1_000_000
        + Long.parseLong(m.group(2)) * 1_000
        + Long.parseLong(m.group(3));
  }
}
