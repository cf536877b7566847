package io.sluice.session;

import static io.sluice.testkit.Queries.rootRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.SluiceUnderTest;
import io.sluice.testkit.Drivers;
import io.sluice.testkit.EmbeddedMysql;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A detached result is Connector/J's own result set: every getter on every MySQL type gives what a
 * direct connection gives, over the text protocol and over server-side prepared statements, read
 * after the physical connection went back to the pool and served another session.
 */
class DetachedResultsTest {
  private static final String TABLE =
      "CREATE TABLE IF NOT EXISTS typed.every_type ("
          + " id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, mi MEDIUMINT,"
          + " i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, de DECIMAL(20,6), fl FLOAT,"
          + " db DOUBLE, b1 BIT(1), b8 BIT(8), d DATE, t TIME(3), dt DATETIME(6), ts TIMESTAMP(3) NULL,"
          + " y YEAR, c CHAR(5), vc VARCHAR(64), bn BINARY(4), vb VARBINARY(16), bl BLOB, tx TEXT,"
          + " en ENUM('a','b'), st SET('x','y'), js JSON, g GEOMETRY)";
  private static final String[] ROWS = {
    "(1, -128, 255, -32768, 8388607, -2147483648, 4294967295, -9223372036854775808,"
        + " 18446744073709551615, 12345678901234.567891, 1.5, 2.25, b'1', b'10101010', '2024-02-29',"
        + " '-838:59:58.123', '2024-01-02 03:04:05.678901', '2024-01-02 03:04:05.678', 2024, 'ab',"
        + " 'héllo 😀 wörld', x'00ff10', x'cafebabe', x'00010203', 'long text', 'b', 'x,y',"
        + " '{\"k\": [1, 2]}', ST_GeomFromText('POINT(1 2)'))",
    "(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'0', b'0', '1000-01-01', '00:00:00', '1000-01-01"
        + " 00:00:00', '1970-01-01 00:00:01', 1901, '', '', '', '', '', '', 'a', '', 'null', NULL)",
    "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
        + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
  };
  private static final Class<?>[] OBJECT_CLASSES = {
    String.class, Integer.class, Long.class, java.math.BigDecimal.class, Boolean.class,
    Double.class, byte[].class, LocalDate.class, LocalTime.class, LocalDateTime.class,
    OffsetDateTime.class, java.sql.Timestamp.class, java.sql.Date.class, java.sql.Time.class
  };

  private static EmbeddedMysql mysql;
  @RegisterExtension
  static final SluiceUnderTest sluice =
      SluiceUnderTest.wholeClass("queryserver_config_pool_size=1");
  private static final Driver driver = Drivers.connectorJ();

  @BeforeAll
  static void start() throws SQLException {
    mysql = EmbeddedMysql.shared();
    mysql.jdbcUrl("typed");
    rootRun(
        mysql,
        "DROP TABLE IF EXISTS typed.every_type",
        TABLE,
        "INSERT INTO typed.every_type VALUES " + String.join(", ", ROWS));
  }

  private static Properties root(String extra) {
    Properties info = new Properties();
    info.setProperty("user", "root");
    info.setProperty("password", "");
    for (String pair : extra.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        info.setProperty(kv[0], kv[1]);
      }
    }
    return info;
  }

  @ParameterizedTest(name = "properties: [{0}]")
  @ValueSource(
      strings = {
        "",
        "useServerPrepStmts=true",
        "connectionTimeZone=+05:00&forceConnectionTimeZoneToSession=true",
        "zeroDateTimeBehavior=CONVERT_TO_NULL&jdbcCompliantTruncation=false",
        "characterEncoding=latin1"
      })
  void everyGetterMatchesADirectConnection(String properties) throws SQLException {
    String url = mysql.jdbcUrl("typed");
    try (Connection direct = driver.connect(url, root(properties));
        Connection logical = sluice.connect(driver, url, root(properties));
        Connection other = sluice.connect(driver, url, root(properties))) {
      assertTrue(logical instanceof LogicalConnection);
      List<String> expected = describe(query(direct));
      ResultSet detached = query(logical);
      // The pool's only connection serves another session before the result is read.
      try (Statement s = other.createStatement();
          ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
        assertTrue(rs.next());
      }
      List<String> actual = describe(detached);
      assertEquals(expected.size(), actual.size());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), actual.get(i));
      }
    }
  }

  private static ResultSet query(Connection c) throws SQLException {
    PreparedStatement s = c.prepareStatement("SELECT * FROM every_type WHERE id > ? ORDER BY id");
    s.setInt(1, 0);
    return s.executeQuery();
  }

  /** Every getter's answer on every cell, and the metadata, as comparable text. */
  private static List<String> describe(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    ResultSetMetaData md = rs.getMetaData();
    for (int c = 1; c <= md.getColumnCount(); c++) {
      out.add(
          "meta "
              + c
              + " "
              + md.getColumnLabel(c)
              + " "
              + md.getColumnTypeName(c)
              + " "
              + md.getColumnType(c)
              + " "
              + md.getColumnClassName(c)
              + " "
              + md.getPrecision(c)
              + " "
              + md.getScale(c)
              + " "
              + md.isNullable(c)
              + " "
              + md.isSigned(c));
    }
    while (rs.next()) {
      for (int column = 1; column <= md.getColumnCount(); column++) {
        int c = column;
        String at = "row " + rs.getRow() + " col " + md.getColumnLabel(c) + " ";
        out.add(at + "getString " + attempt(() -> rs.getString(c)));
        out.add(at + "getObject " + attempt(() -> rs.getObject(c)));
        out.add(at + "wasNull " + rs.wasNull());
        out.add(at + "getBytes " + attempt(() -> rs.getBytes(c)));
        out.add(at + "getInt " + attempt(() -> rs.getInt(c)));
        out.add(at + "getLong " + attempt(() -> rs.getLong(c)));
        out.add(at + "getDouble " + attempt(() -> rs.getDouble(c)));
        out.add(at + "getBigDecimal " + attempt(() -> rs.getBigDecimal(c)));
        out.add(at + "getBoolean " + attempt(() -> rs.getBoolean(c)));
        out.add(at + "getDate " + attempt(() -> rs.getDate(c)));
        out.add(at + "getTime " + attempt(() -> rs.getTime(c)));
        out.add(at + "getTimestamp " + attempt(() -> rs.getTimestamp(c)));
        for (Class<?> type : OBJECT_CLASSES) {
          out.add(at + "getObject(" + type.getSimpleName() + ") " + attempt(() -> rs.getObject(c, type)));
        }
      }
    }
    rs.close();
    assertFalse(out.isEmpty());
    return out;
  }

  @FunctionalInterface
  private interface Getter {
    Object get() throws SQLException;
  }

  /** The value as text, or the exception's class, SQLState and message. */
  private static String attempt(Getter getter) {
    try {
      Object value = getter.get();
      if (value instanceof byte[]) {
        return "bytes" + Arrays.toString((byte[]) value);
      }
      return value == null ? "null" : value.getClass().getName() + ":" + value;
    } catch (SQLException e) {
      return "threw " + e.getClass().getName() + " " + e.getSQLState() + " " + e.getMessage();
    } catch (RuntimeException e) {
      return "threw " + e.getClass().getName() + " " + e.getMessage();
    }
  }

  @ParameterizedTest(name = "properties: [{0}]")
  @ValueSource(strings = {"", "useServerPrepStmts=true"})
  void bytesAreTheSameForBinaryColumns(String properties) throws SQLException {
    String url = mysql.jdbcUrl("typed");
    try (Connection direct = driver.connect(url, root(properties));
        Connection logical = sluice.connect(driver, url, root(properties))) {
      ResultSet a = query(direct);
      ResultSet b = query(logical);
      while (a.next()) {
        assertTrue(b.next());
        assertArrayEquals(a.getBytes("vb"), b.getBytes("vb"));
        assertArrayEquals(a.getBytes("bl"), b.getBytes("bl"));
      }
      assertFalse(b.next());
    }
  }
}
