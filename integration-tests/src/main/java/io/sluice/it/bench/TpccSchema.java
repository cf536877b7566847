package io.sluice.it.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import java.util.Random;

/**
 * The transactional scenarios' database: the nine tables of the public TPC-C specification
 * (warehouse, district, customer, history, orders, new_order, order_line, item, stock), written for
 * this harness, at a scale that loads in seconds: {@value #WAREHOUSES} warehouses of {@value
 * #DISTRICTS} districts, {@value #CUSTOMERS} customers and as many initial orders per district,
 * {@value #ITEMS} items. The forked app reads the scale from these constants; the harness loads
 * it, afresh before every side, so both sides start from the same data.
 */
final class TpccSchema {
  static final int WAREHOUSES = 2;
  static final int DISTRICTS = 10;
  /** Customers per district, and initial orders per district (one per customer). */
  static final int CUSTOMERS = 300;
  static final int ITEMS = 10_000;
  /** The newest initial orders of each district are still undelivered: rows of new_order. */
  static final int UNDELIVERED = 90;
  /** Distinct last names: each is shared by {@code CUSTOMERS / LAST_NAMES} customers per district. */
  static final int LAST_NAMES = 100;

  private static final String[] SYLLABLES = {
    "BAR", "OUGHT", "ABLE", "PRI", "PRES", "ESE", "ANTI", "CALLY", "ATION", "EING"
  };
  private static final int BATCH = 1_000;

  private static final List<String> DDL =
      List.of(
          "CREATE TABLE warehouse (w_id SMALLINT PRIMARY KEY, w_name VARCHAR(10), w_street_1"
              + " VARCHAR(20), w_street_2 VARCHAR(20), w_city VARCHAR(20), w_state CHAR(2), w_zip"
              + " CHAR(9), w_tax DECIMAL(4,4), w_ytd DECIMAL(12,2))",
          "CREATE TABLE district (d_w_id SMALLINT, d_id TINYINT, d_name VARCHAR(10), d_street_1"
              + " VARCHAR(20), d_street_2 VARCHAR(20), d_city VARCHAR(20), d_state CHAR(2), d_zip"
              + " CHAR(9), d_tax DECIMAL(4,4), d_ytd DECIMAL(12,2), d_next_o_id INT,"
              + " PRIMARY KEY (d_w_id, d_id))",
          "CREATE TABLE customer (c_w_id SMALLINT, c_d_id TINYINT, c_id INT, c_first VARCHAR(16),"
              + " c_middle CHAR(2), c_last VARCHAR(16), c_street_1 VARCHAR(20), c_city VARCHAR(20),"
              + " c_state CHAR(2), c_zip CHAR(9), c_phone CHAR(16), c_since DATETIME, c_credit"
              + " CHAR(2), c_credit_lim DECIMAL(12,2), c_discount DECIMAL(4,4), c_balance"
              + " DECIMAL(12,2), c_ytd_payment DECIMAL(12,2), c_payment_cnt INT, c_delivery_cnt INT,"
              + " c_data VARCHAR(500), PRIMARY KEY (c_w_id, c_d_id, c_id),"
              + " KEY by_name (c_w_id, c_d_id, c_last, c_first))",
          "CREATE TABLE history (h_id BIGINT AUTO_INCREMENT PRIMARY KEY, h_c_id INT, h_c_d_id"
              + " TINYINT, h_c_w_id SMALLINT, h_d_id TINYINT, h_w_id SMALLINT, h_date DATETIME,"
              + " h_amount DECIMAL(6,2), h_data VARCHAR(24))",
          "CREATE TABLE orders (o_w_id SMALLINT, o_d_id TINYINT, o_id INT, o_c_id INT, o_entry_d"
              + " DATETIME, o_carrier_id TINYINT, o_ol_cnt TINYINT, o_all_local TINYINT,"
              + " PRIMARY KEY (o_w_id, o_d_id, o_id), KEY by_customer (o_w_id, o_d_id, o_c_id,"
              + " o_id))",
          "CREATE TABLE new_order (no_w_id SMALLINT, no_d_id TINYINT, no_o_id INT,"
              + " PRIMARY KEY (no_w_id, no_d_id, no_o_id))",
          "CREATE TABLE order_line (ol_w_id SMALLINT, ol_d_id TINYINT, ol_o_id INT, ol_number"
              + " TINYINT, ol_i_id INT, ol_supply_w_id SMALLINT, ol_delivery_d DATETIME,"
              + " ol_quantity TINYINT, ol_amount DECIMAL(6,2), ol_dist_info CHAR(24),"
              + " PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number))",
          "CREATE TABLE item (i_id INT PRIMARY KEY, i_im_id INT, i_name VARCHAR(24), i_price"
              + " DECIMAL(5,2), i_data VARCHAR(50))",
          "CREATE TABLE stock (s_w_id SMALLINT, s_i_id INT, s_quantity SMALLINT, "
              + String.join(" CHAR(24), ", distColumns())
              + " CHAR(24), s_ytd INT, s_order_cnt SMALLINT, s_remote_cnt SMALLINT, s_data"
              + " VARCHAR(50), PRIMARY KEY (s_w_id, s_i_id))");

  private TpccSchema() {}

  /** The last name of customer number {@code n} (0 ≤ n < 1000): three syllables, by its digits. */
  static String lastName(int n) {
    return SYLLABLES[n / 100] + SYLLABLES[n / 10 % 10] + SYLLABLES[n % 10];
  }

  /** The stock column holding district {@code d}'s distribution info: {@code s_dist_01}... */
  static String distColumn(int d) {
    return String.format("s_dist_%02d", d);
  }

  private static List<String> distColumns() {
    return java.util.stream.IntStream.rangeClosed(1, DISTRICTS)
        .mapToObj(TpccSchema::distColumn)
        .toList();
  }

  /** Drops and recreates the tables of {@code url}'s database, and fills them. */
  static void load(String url, String user, String password) throws SQLException {
    Random random = new Random(42);
    try (Connection c =
            DriverManager.getConnection(url + "&rewriteBatchedStatements=true", user, password);
        Statement ddl = c.createStatement()) {
      for (String table :
          List.of(
              "warehouse", "district", "customer", "history", "orders", "new_order", "order_line",
              "item", "stock")) {
        ddl.execute("DROP TABLE IF EXISTS " + table);
      }
      for (String create : DDL) {
        ddl.execute(create);
      }
      c.setAutoCommit(false);
      loadItems(c, random);
      for (int w = 1; w <= WAREHOUSES; w++) {
        loadWarehouse(c, random, w);
      }
      c.commit();
    }
  }

  private static void loadItems(Connection c, Random random) throws SQLException {
    try (Batch item = new Batch(c, "INSERT INTO item VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 1; i <= ITEMS; i++) {
        item.add(i, 1 + random.nextInt(10_000), text(random, 14, 24), price(random), data(random));
      }
    }
  }

  private static void loadWarehouse(Connection c, Random random, int w) throws SQLException {
    try (Batch warehouse = new Batch(c, "INSERT INTO warehouse VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      warehouse.add(w, "W" + w, "street", "street", "city", "ST", "123451111", tax(random), 300_000);
    }
    try (Batch stock =
        new Batch(
            c,
            "INSERT INTO stock VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)")) {
      for (int i = 1; i <= ITEMS; i++) {
        Object[] row = new Object[4 + DISTRICTS];
        row[0] = w;
        row[1] = i;
        row[2] = 10 + random.nextInt(91);
        for (int d = 1; d <= DISTRICTS; d++) {
          row[2 + d] = text(random, 24, 24);
        }
        row[3 + DISTRICTS] = data(random);
        stock.add(row);
      }
    }
    for (int d = 1; d <= DISTRICTS; d++) {
      loadDistrict(c, random, w, d);
    }
  }

  private static void loadDistrict(Connection c, Random random, int w, int d)
      throws SQLException {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    try (Batch district =
        new Batch(c, "INSERT INTO district VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      district.add(
          w, d, "D" + d, "street", "street", "city", "ST", "123451111", tax(random), 30_000,
          CUSTOMERS + 1);
    }
    try (Batch customer =
            new Batch(
                c,
                "INSERT INTO customer VALUES (?, ?, ?, ?, 'OE', ?, 'street', 'city', 'ST',"
                    + " '123451111', '0123456789012345', ?, ?, 50000, ?, -10, 10, 1, 0, ?)");
        Batch history =
            new Batch(
                c,
                "INSERT INTO history (h_c_id, h_c_d_id, h_c_w_id, h_d_id, h_w_id, h_date,"
                    + " h_amount, h_data) VALUES (?, ?, ?, ?, ?, ?, 10, ?)")) {
      for (int id = 1; id <= CUSTOMERS; id++) {
        customer.add(
            w,
            d,
            id,
            text(random, 8, 16),
            lastName((id - 1) % LAST_NAMES),
            now,
            random.nextInt(10) == 0 ? "BC" : "GC",
            random.nextInt(5_000) / 10_000.0,
            text(random, 300, 500));
        history.add(id, d, w, d, w, now, text(random, 12, 24));
      }
    }
    try (Batch order = new Batch(c, "INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, 1)");
        Batch line =
            new Batch(c, "INSERT INTO order_line VALUES (?, ?, ?, ?, ?, ?, ?, 5, ?, ?)");
        Batch newOrder = new Batch(c, "INSERT INTO new_order VALUES (?, ?, ?)")) {
      int[] customers = permutation(random, CUSTOMERS);
      for (int o = 1; o <= CUSTOMERS; o++) {
        boolean delivered = o <= CUSTOMERS - UNDELIVERED;
        int lines = 5 + random.nextInt(11);
        order.add(w, d, o, customers[o - 1], now, delivered ? 1 + random.nextInt(10) : null, lines);
        for (int n = 1; n <= lines; n++) {
          line.add(
              w, d, o, n, 1 + random.nextInt(ITEMS), w, delivered ? now : null,
              delivered ? 0 : (1 + random.nextInt(999_999)) / 100.0, text(random, 24, 24));
        }
        if (!delivered) {
          newOrder.add(w, d, o);
        }
      }
    }
  }

  private static int[] permutation(Random random, int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i + 1;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
    return values;
  }

  private static double tax(Random random) {
    return random.nextInt(2_001) / 10_000.0;
  }

  private static double price(Random random) {
    return (100 + random.nextInt(9_901)) / 100.0;
  }

  /** Item and stock data: a tenth of it holds "ORIGINAL", as the specification's does. */
  private static String data(Random random) {
    String text = text(random, 26, 50);
    return random.nextInt(10) == 0 ? "ORIGINAL" + text.substring(8) : text;
  }

  private static String text(Random random, int min, int max) {
    char[] chars = new char[min + random.nextInt(max - min + 1)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(chars);
  }

  /** A prepared insert whose rows go in batches of {@value #BATCH}, the rest on close. */
  private static final class Batch implements AutoCloseable {
    private final PreparedStatement insert;
    private int pending;

    Batch(Connection c, String sql) throws SQLException {
      this.insert = c.prepareStatement(sql);
    }

    void add(Object... row) throws SQLException {
      for (int i = 0; i < row.length; i++) {
        insert.setObject(i + 1, row[i]);
      }
      insert.addBatch();
      if (++pending == BATCH) {
        insert.executeBatch();
        pending = 0;
      }
    }

    @Override
    public void close() throws SQLException {
      if (pending > 0) {
        insert.executeBatch();
      }
      insert.close();
    }
  }
}
