package io.sluice.bench;

import io.sluice.Sluice;
import io.sluice.config.SluiceConfig;
import io.sluice.tablet.PhysicalConnector;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * The figures of ARCHITECTURE.md's "A statement's path", measured: JDK 25's JFR method tracing
 * ({@code jdk.MethodTrace}, JEP 520) of every runtime class around (a) a SELECT on a pooled
 * connection and (b) a transaction's first UPDATE, on a warm session of the embedded MySQL 8.0.31.
 * Needs JDK 25 or later (an older JDK records no trace and this says so):
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.sluice.bench.StatementPath
 * </pre>
 *
 * <p>The trace is started in this JVM after the warm-up (plan cache hit, pool open, a few thousand
 * executions of both statements), so the recording holds only the two measured calls; its filter
 * names every class of package {@code io.sluice} in the jar, except this module's ({@code bench}),
 * the test kit's and relocated libraries' ({@code shaded}). Lambdas and other hidden classes are
 * not traced: a call through one counts as a call from the traced method around it.
 *
 * <p>Definitions: an <em>entry</em> is one {@code jdk.MethodTrace} event of the main thread
 * within the measured call's marks; a method is a class and a name (overloads count once); a
 * call's caller is the traced method whose interval encloses it most closely. A <em>hop</em> is a
 * call from one Sluice class into another, nested classes counting as their outer class; calls
 * into HikariCP and Connector/J are not traced, so never counted, and the calls from this program
 * into the runtime are not hops. "Classes" counts outer classes. The call tree prints every entry
 * (getters included), identical consecutive calls (same callee, same subtree) as one line with a
 * count.
 */
public final class StatementPath {
  private static final String USER = "path_app";
  private static final String PASSWORD = "path-secret";
  private static final String SELECT = "SELECT v FROM t WHERE id = 1";
  private static final String UPDATE = "UPDATE t SET v = v + 1 WHERE id = 1";
  private static final int WARM_UP = 3_000;
  private static final String MARK = "io.sluice.bench.StatementPath.Mark";

  private StatementPath() {}

  /** The start and end of one measured call, on the recording's clock. */
  @Name(MARK)
  @Label("Measured call")
  static final class Mark extends Event {
    @Label("Call")
    String call;

    Mark(String call) {
      this.call = call;
    }
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("sluice.mysql.dir") == null) {
      System.setProperty("sluice.mysql.dir", besideJar().resolve("mysql-8.0.31").toString());
    }
    Path file = Files.createTempFile("statement-path", ".jfr");
    try (EmbeddedMysql mysql = EmbeddedMysql.start(EmbeddedMysql.Options.defaults())) {
      record(mysql, file);
    }
    try {
      List<RecordedEvent> events = RecordingFile.readAllEvents(file);
      long main = Thread.currentThread().getId();
      List<RecordedEvent> marks =
          events.stream()
              .filter(e -> e.getEventType().getName().equals(MARK))
              .sorted(Comparator.comparing(RecordedEvent::getStartTime))
              .collect(Collectors.toList());
      for (RecordedEvent mark : marks) {
        report(mark.getString("call"), traced(events, mark, main));
      }
    } finally {
      Files.delete(file);
    }
  }

  // Warms a session up, then records (a) and (b) with method tracing on.
  private static void record(EmbeddedMysql mysql, Path file) throws SQLException, IOException {
    String url = mysql.jdbcUrl("path");
    mysql.createUser(USER, PASSWORD);
    try (Connection root = mysql.rootConnection();
        Statement ddl = root.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS path.t");
      ddl.execute("CREATE TABLE path.t (id INT PRIMARY KEY, v INT NOT NULL)");
      ddl.execute("INSERT INTO path.t VALUES (1, 0)");
    }
    Properties info = new Properties();
    info.setProperty("user", USER);
    info.setProperty("password", PASSWORD);
    Driver driver = Drivers.connectorJ();
    try (Sluice sluice =
            new Sluice(
                SluiceConfig.parse("queryserver_config_pool_size=4"), PhysicalConnector.DIRECT);
        Connection connection = sluice.connect(driver, url, info);
        Statement statement = connection.createStatement()) {
      for (int i = 0; i < WARM_UP; i++) {
        select(statement, null);
        update(connection, statement, null);
      }
      try (Recording recording = new Recording()) {
        recording.enable("jdk.MethodTrace").with("filter", runtimeClasses()).withoutThreshold();
        recording.enable(Mark.class);
        recording.start();
        select(statement, new Mark("(a) executeQuery + next + close, autocommit"));
        update(connection, statement, new Mark("(b) executeUpdate, a transaction's first"));
        recording.stop();
        recording.dump(file);
      }
    }
  }

  private static void select(Statement statement, Mark mark) throws SQLException {
    begin(mark);
    try (ResultSet rs = statement.executeQuery(SELECT)) {
      rs.next();
    }
    end(mark);
  }

  private static void update(Connection connection, Statement statement, Mark mark)
      throws SQLException {
    connection.setAutoCommit(false);
    begin(mark);
    statement.executeUpdate(UPDATE);
    end(mark);
    connection.commit();
    connection.setAutoCommit(true);
  }

  private static void begin(Mark mark) {
    if (mark != null) {
      mark.begin();
    }
  }

  private static void end(Mark mark) {
    if (mark != null) {
      mark.commit();
    }
  }

  // The tracing filter: every runtime class in the jar (or classes directory) holding Sluice.
  private static String runtimeClasses() throws IOException {
    URL url = StatementPath.class.getClassLoader().getResource("io/sluice/Sluice.class");
    if (url == null) {
      throw new IllegalStateException("io.sluice.Sluice not on the class path");
    }
    List<String> entries;
    String where = url.toString();
    if (where.startsWith("jar:file:")) {
      Path jarPath = Path.of(toUri(where.substring("jar:".length(), where.indexOf("!/"))));
      try (JarFile jar = new JarFile(jarPath.toFile())) {
        entries = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
      }
    } else {
      Path root = Path.of(toUri(where)).getParent().getParent().getParent();
      try (Stream<Path> files = Files.walk(root)) {
        entries =
            files
                .map(p -> root.relativize(p).toString().replace('\\', '/'))
                .collect(Collectors.toList());
      }
    }
    return entries.stream()
        .filter(e -> e.startsWith("io/sluice/") && e.endsWith(".class"))
        .filter(e -> !e.startsWith("io/sluice/bench/") && !e.startsWith("io/sluice/testkit/"))
        .filter(e -> !e.startsWith("io/sluice/shaded/") && !e.endsWith("-info.class"))
        .map(e -> e.substring(0, e.length() - ".class".length()).replace('/', '.'))
        .sorted()
        .collect(Collectors.joining(";"));
  }

  private static URI toUri(String url) {
    try {
      return new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One traced call: its method, its interval, and its caller's index (-1: called from here). */
  private record Call(RecordedMethod method, Instant start, Instant end, int caller, int depth) {
    String type() {
      return method.getType().getName();
    }

    String outer() {
      String type = type();
      int nested = type.indexOf('$');
      return nested < 0 ? type : type.substring(0, nested);
    }

    String label() {
      String type = type();
      return type.substring(type.lastIndexOf('.') + 1).replace('$', '.') + "." + method.getName();
    }
  }

  // The main thread's traced calls within the mark, ordered by start, each with its caller.
  private static List<Call> traced(List<RecordedEvent> events, RecordedEvent mark, long thread) {
    List<RecordedEvent> inside =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("jdk.MethodTrace"))
            .filter(e -> e.getThread() != null && e.getThread().getJavaThreadId() == thread)
            .filter(e -> !e.getStartTime().isBefore(mark.getStartTime()))
            .filter(e -> !e.getEndTime().isAfter(mark.getEndTime()))
            .sorted(
                Comparator.comparing(RecordedEvent::getStartTime)
                    .thenComparing(RecordedEvent::getEndTime, Comparator.reverseOrder()))
            .collect(Collectors.toList());
    List<Call> calls = new ArrayList<>();
    Deque<Integer> open = new ArrayDeque<>();
    for (RecordedEvent e : inside) {
      while (!open.isEmpty() && calls.get(open.peek()).end().isBefore(e.getEndTime())) {
        open.pop();
      }
      int caller = open.isEmpty() ? -1 : open.peek();
      calls.add(
          new Call(
              e.getValue("method"), e.getStartTime(), e.getEndTime(), caller, open.size()));
      open.push(calls.size() - 1);
    }
    return calls;
  }

  private static void report(String name, List<Call> calls) {
    System.out.println();
    System.out.println(name);
    if (calls.isEmpty()) {
      System.out.println("  no traced calls: run on JDK 25 or later (JFR method tracing)");
      return;
    }
    Set<String> methods = new HashSet<>();
    Set<String> classes = new HashSet<>();
    int hops = 0;
    Map<String, Integer> intoSessionPackage = new TreeMap<>();
    for (Call call : calls) {
      methods.add(call.type() + "." + call.method().getName());
      classes.add(call.outer());
      if (call.caller() >= 0 && !calls.get(call.caller()).outer().equals(call.outer())) {
        hops++;
        if (call.outer().startsWith("io.sluice.session.")) {
          String simple = call.outer().substring("io.sluice.session.".length());
          intoSessionPackage.merge(simple, 1, Integer::sum);
        }
      }
    }
    System.out.printf(
        "  %d method entries, %d distinct methods, %d classes, %d hops, %d into Session%n",
        calls.size(),
        methods.size(),
        classes.size(),
        hops,
        intoSessionPackage.getOrDefault("Session", 0));
    System.out.println("  hops into io.sluice.session: " + intoSessionPackage);
    System.out.println("  call tree:");
    printTree(calls, -1, "    ");
  }

  // The calls whose caller is `caller`, in order; identical consecutive subtrees on one line.
  private static void printTree(List<Call> calls, int caller, String indent) {
    List<Integer> children = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).caller() == caller) {
        children.add(i);
      }
    }
    for (int c = 0; c < children.size(); ) {
      int first = children.get(c);
      String shape = shape(calls, first);
      int same = 1;
      while (c + same < children.size() && shape(calls, children.get(c + same)).equals(shape)) {
        same++;
      }
      System.out.println(indent + calls.get(first).label() + (same > 1 ? " x" + same : ""));
      printTree(calls, first, indent + "  ");
      c += same;
    }
  }

  private static String shape(List<Call> calls, int index) {
    StringBuilder sb = new StringBuilder(calls.get(index).label()).append('(');
    for (int i = index + 1; i < calls.size(); i++) {
      if (calls.get(i).caller() == index) {
        sb.append(shape(calls, i)).append(',');
      }
    }
    return sb.append(')').toString();
  }

  private static Path besideJar() {
    try {
      Path code =
          Path.of(StatementPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
