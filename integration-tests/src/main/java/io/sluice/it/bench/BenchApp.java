package io.sluice.it.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The load harness's application: plain {@link DriverManager} and Connector/J, nothing of Sluice,
 * so the same code runs with and without the agent. It runs one mode and prints one {@code RESULT
 * k=v ...} line on stdout:
 *
 * <ul>
 *   <li>{@code --mode=select}: {@code --threads} threads, each on its own connection, run
 *       primary-key point selects through a {@code PreparedStatement} ({@link PointSelects}),
 *       after setting session variables as {@code --settings} says;
 *   <li>{@code --mode=sessions}: {@code --sessions} virtual threads each open and hold a connection
 *       ({@link IdleSessions});
 *   <li>{@code --mode=tpcc}: {@code --threads} threads share a HikariCP pool and run a TPC-C-like
 *       transaction mix ({@link PooledLoad}, {@link TpccMix});
 *   <li>{@code --mode=short}: the same pool and threads run autocommit point selects and short
 *       transactions ({@link ShortMix}).
 * </ul>
 *
 * <p>Arguments: {@code --url= --user= --rows=} and the mode's own; the password comes from the
 * environment variable {@code BENCH_PASSWORD}, never the command line.
 */
public final class BenchApp {
  /** The statement every mode runs. */
  static final String POINT_SELECT = "SELECT name, n FROM items WHERE id = ?";

  private final Map<String, String> args;
  private final String password;
  private final int rows;

  private BenchApp(Map<String, String> args, String password) {
    this.args = args;
    this.password = password;
    this.rows = number("rows");
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = arguments(argv);
    BenchApp app = new BenchApp(args, System.getenv().getOrDefault("BENCH_PASSWORD", ""));
    String result =
        switch (app.text("mode")) {
          case "select" -> new PointSelects(app).run();
          case "sessions" -> new IdleSessions(app).run();
          case "tpcc" -> new PooledLoad(app, new TpccMix()).run();
          case "short" -> new PooledLoad(app, new ShortMix()).run();
          default -> throw new IllegalArgumentException("Unknown --mode=" + app.text("mode"));
        };
    System.out.println("RESULT " + result);
  }

  /** {@code --name=value} arguments by name; fails on any other form. */
  static Map<String, String> arguments(String[] argv) {
    Map<String, String> args = new HashMap<>();
    for (String arg : argv) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 3) {
        throw new IllegalArgumentException("Expected --name=value, got " + arg);
      }
      args.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return args;
  }

  /** A new connection to the bench database. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(text("url"), text("user"), password);
  }

  /** Runs one point select for a random id and reads the row; fails unless it found one. */
  void selectRandom(PreparedStatement select) throws SQLException {
    select.setLong(1, 1 + ThreadLocalRandom.current().nextLong(rows));
    try (ResultSet rs = select.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("A point select found no row");
      }
      rs.getString(1);
      rs.getInt(2);
    }
  }

  /** One point select on {@code connection}, with its own statement. */
  void selectOnce(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(POINT_SELECT)) {
      selectRandom(select);
    }
  }

  /** The application user's password. */
  String password() {
    return password;
  }

  String text(String name) {
    String value = args.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Missing --" + name + "=");
    }
    return value;
  }

  String textOr(String name, String otherwise) {
    return args.getOrDefault(name, otherwise);
  }

  int number(String name) {
    return Integer.parseInt(text(name));
  }
}
