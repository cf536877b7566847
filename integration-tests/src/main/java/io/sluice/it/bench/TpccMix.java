package io.sluice.it.bench;

import static io.sluice.it.bench.TpccSchema.CUSTOMERS;
import static io.sluice.it.bench.TpccSchema.DISTRICTS;
import static io.sluice.it.bench.TpccSchema.ITEMS;
import static io.sluice.it.bench.TpccSchema.LAST_NAMES;
import static io.sluice.it.bench.TpccSchema.WAREHOUSES;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TPC-C-like mix on {@link TpccSchema}, written for this harness after the public
 * specification's new-order (45%), payment (43%) and order-status (12%, in place of the
 * specification's three small ones) transactions, through {@code PreparedStatement}s on a
 * connection whose autocommit is off: each transaction ends with its own commit, or, for 1% of
 * new-orders (an unknown item), a rollback. Statements per transaction: new-order 22–30, payment
 * 7–11 (its history row is inserted with an explicit column list and {@code
 * RETURN_GENERATED_KEYS}, as JPA inserts an {@code IDENTITY} entity), order-status 3–5, each
 * plus its commit. A new-order line's amount goes to its {@code DECIMAL(6,2)} column unrounded, so
 * that MySQL rounds it and the insert reports a note, which the app never reads: a statement
 * with warnings, as applications run many.
 */
final class TpccMix implements PooledLoad.Mix {
  /** Per the specification's non-uniform random, constants chosen once per run. */
  private static final int CUSTOMER_C = ThreadLocalRandom.current().nextInt(256);
  private static final int ITEM_C = ThreadLocalRandom.current().nextInt(1024);
  private static final int NAME_C = ThreadLocalRandom.current().nextInt(256);

  private final AtomicLong newOrders = new AtomicLong();
  private final AtomicLong payments = new AtomicLong();
  private final AtomicLong orderStatuses = new AtomicLong();
  private final AtomicLong rolledBack = new AtomicLong();
  private final AtomicLong generatedKeys = new AtomicLong();

  @Override
  public PooledLoad.Transaction next(ThreadLocalRandom random) {
    int pick = random.nextInt(100);
    int w = 1 + random.nextInt(WAREHOUSES);
    int d = 1 + random.nextInt(DISTRICTS);
    if (pick < 45) {
      return newOrder(random, w, d);
    }
    if (pick < 88) {
      return payment(random, w, d);
    }
    return orderStatus(random, w, d);
  }

  @Override
  public String counters() {
    return String.format(
        "newOrders=%d payments=%d orderStatuses=%d rolledBack=%d generatedKeys=%d",
        newOrders.get(), payments.get(), orderStatuses.get(), rolledBack.get(), generatedKeys.get());
  }

  /** The specification's NURand(A, 1, n). */
  private static int nonUniform(ThreadLocalRandom random, int a, int c, int n) {
    return ((random.nextInt(a + 1) | (1 + random.nextInt(n))) + c) % n + 1;
  }

  /** Who a payment or order-status is for: a customer id, or a last name shared by several. */
  private record Customer(int w, int d, int id, String lastName) {
    static Customer draw(ThreadLocalRandom random, int w, int d) {
      return random.nextInt(100) < 60
          ? new Customer(w, d, 0, TpccSchema.lastName(nonUniform(random, 255, NAME_C, LAST_NAMES) - 1))
          : new Customer(w, d, nonUniform(random, 255, CUSTOMER_C, CUSTOMERS), null);
    }

    /** The customer's id: by last name, the middle one by first name, as the specification says. */
    int resolve(Connection c) throws SQLException {
      if (lastName == null) {
        return id;
      }
      int count;
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT COUNT(*) FROM customer WHERE c_w_id = ? AND c_d_id = ? AND c_last = ?")) {
        bind(s, w, d, lastName);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          count = rs.getInt(1);
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT c_id FROM customer WHERE c_w_id = ? AND c_d_id = ? AND c_last = ?"
                  + " ORDER BY c_first")) {
        bind(s, w, d, lastName);
        try (ResultSet rs = s.executeQuery()) {
          int found = 0;
          for (int row = 0; row < (count + 1) / 2 && rs.next(); row++) {
            found = rs.getInt(1);
          }
          if (found == 0) {
            throw new SQLException("No customer named " + lastName);
          }
          return found;
        }
      }
    }
  }

  private PooledLoad.Transaction newOrder(ThreadLocalRandom random, int w, int d) {
    int customer = nonUniform(random, 255, CUSTOMER_C, CUSTOMERS);
    int[] items = new int[4 + random.nextInt(3)];
    int[] supply = new int[items.length];
    int[] quantity = new int[items.length];
    for (int i = 0; i < items.length; i++) {
      items[i] = nonUniform(random, 1023, ITEM_C, ITEMS);
      // 1% of lines come from another warehouse
      supply[i] = random.nextInt(100) == 0 ? 1 + (w % WAREHOUSES) : w;
      quantity[i] = 1 + random.nextInt(10);
    }
    // Lines in item order, so that two orders lock their stock rows in the same order.
    Arrays.sort(items);
    boolean unknownItem = random.nextInt(100) == 0;
    if (unknownItem) {
      items[items.length - 1] = ITEMS + 1;
    }
    return c -> newOrder(c, w, d, customer, items, supply, quantity);
  }

  private void newOrder(
      Connection c, int w, int d, int customer, int[] items, int[] supply, int[] quantity)
      throws SQLException {
    BigDecimal warehouseTax = decimal(c, "SELECT w_tax FROM warehouse WHERE w_id = ?", w);
    int orderId;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT d_tax, d_next_o_id FROM district WHERE d_w_id = ? AND d_id = ? FOR UPDATE")) {
      bind(s, w, d);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        rs.getBigDecimal(1);
        orderId = rs.getInt(2);
      }
    }
    update(c, "UPDATE district SET d_next_o_id = d_next_o_id + 1 WHERE d_w_id = ? AND d_id = ?", w, d);
    BigDecimal discount =
        decimal(
            c,
            "SELECT c_discount, c_last, c_credit FROM customer WHERE c_w_id = ? AND c_d_id = ?"
                + " AND c_id = ?",
            w,
            d,
            customer);
    boolean allLocal = Arrays.stream(supply).allMatch(s -> s == w);
    update(
        c,
        "INSERT INTO orders (o_id, o_d_id, o_w_id, o_c_id, o_entry_d, o_ol_cnt, o_all_local)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        orderId, d, w, customer, now(), items.length, allLocal ? 1 : 0);
    update(c, "INSERT INTO new_order (no_o_id, no_d_id, no_w_id) VALUES (?, ?, ?)", orderId, d, w);
    try (PreparedStatement item =
            c.prepareStatement("SELECT i_price, i_name, i_data FROM item WHERE i_id = ?");
        PreparedStatement stock =
            c.prepareStatement(
                "SELECT s_quantity, s_data, "
                    + TpccSchema.distColumn(d)
                    + " FROM stock WHERE s_i_id = ? AND s_w_id = ? FOR UPDATE");
        PreparedStatement stockUpdate =
            c.prepareStatement(
                "UPDATE stock SET s_quantity = ?, s_ytd = s_ytd + ?, s_order_cnt = s_order_cnt + 1,"
                    + " s_remote_cnt = s_remote_cnt + ? WHERE s_i_id = ? AND s_w_id = ?");
        PreparedStatement line =
            c.prepareStatement(
                "INSERT INTO order_line (ol_o_id, ol_d_id, ol_w_id, ol_number, ol_i_id,"
                    + " ol_supply_w_id, ol_quantity, ol_amount, ol_dist_info)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < items.length; i++) {
        BigDecimal price;
        bind(item, items[i]);
        try (ResultSet rs = item.executeQuery()) {
          if (!rs.next()) {
            // The specification's 1%: an unknown item, and the order is rolled back.
            c.rollback();
            rolledBack.incrementAndGet();
            newOrders.incrementAndGet();
            return;
          }
          price = rs.getBigDecimal(1);
        }
        int onHand;
        String distInfo;
        bind(stock, items[i], supply[i]);
        try (ResultSet rs = stock.executeQuery()) {
          rs.next();
          onHand = rs.getInt(1);
          distInfo = rs.getString(3);
        }
        int left = onHand - quantity[i] >= 10 ? onHand - quantity[i] : onHand - quantity[i] + 91;
        bind(stockUpdate, left, quantity[i], supply[i] == w ? 0 : 1, items[i], supply[i]);
        stockUpdate.executeUpdate();
        // Left to the column to round, as many implementations do: MySQL's note 1265 per line.
        BigDecimal amount =
            price
                .multiply(BigDecimal.valueOf(quantity[i]))
                .multiply(BigDecimal.ONE.add(warehouseTax).subtract(discount));
        bind(line, orderId, d, w, i + 1, items[i], supply[i], quantity[i], amount, distInfo);
        line.executeUpdate();
      }
    }
    c.commit();
    newOrders.incrementAndGet();
  }

  private PooledLoad.Transaction payment(ThreadLocalRandom random, int w, int d) {
    // 85% pay at their home warehouse; 15% at the other one's district
    Customer customer =
        random.nextInt(100) < 85
            ? Customer.draw(random, w, d)
            : Customer.draw(random, 1 + (w % WAREHOUSES), 1 + random.nextInt(DISTRICTS));
    BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(500_000), 2);
    return c -> payment(c, w, d, customer, amount);
  }

  private void payment(Connection c, int w, int d, Customer customer, BigDecimal amount)
      throws SQLException {
    update(c, "UPDATE warehouse SET w_ytd = w_ytd + ? WHERE w_id = ?", amount, w);
    String warehouseName =
        text(
            c,
            "SELECT w_name, w_street_1, w_street_2, w_city, w_state, w_zip FROM warehouse"
                + " WHERE w_id = ?",
            w);
    update(c, "UPDATE district SET d_ytd = d_ytd + ? WHERE d_w_id = ? AND d_id = ?", amount, w, d);
    String districtName =
        text(
            c,
            "SELECT d_name, d_street_1, d_street_2, d_city, d_state, d_zip FROM district"
                + " WHERE d_w_id = ? AND d_id = ?",
            w,
            d);
    int id = customer.resolve(c);
    String credit =
        text(
            c,
            "SELECT c_credit, c_first, c_middle, c_last, c_street_1, c_city, c_state, c_zip,"
                + " c_phone, c_since, c_credit_lim, c_discount, c_balance FROM customer"
                + " WHERE c_w_id = ? AND c_d_id = ? AND c_id = ? FOR UPDATE",
            customer.w(),
            customer.d(),
            id);
    update(
        c,
        "UPDATE customer SET c_balance = c_balance - ?, c_ytd_payment = c_ytd_payment + ?,"
            + " c_payment_cnt = c_payment_cnt + 1 WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?",
        amount, amount, customer.w(), customer.d(), id);
    if ("BC".equals(credit)) {
      String data =
          text(
              c,
              "SELECT c_data FROM customer WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?",
              customer.w(),
              customer.d(),
              id);
      String entry = id + " " + customer.d() + " " + customer.w() + " " + d + " " + w + " " + amount;
      String updated = entry + " " + data;
      update(
          c,
          "UPDATE customer SET c_data = ? WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?",
          updated.substring(0, Math.min(500, updated.length())),
          customer.w(),
          customer.d(),
          id);
    }
    try (PreparedStatement history =
        c.prepareStatement(
            "INSERT INTO history (h_c_id, h_c_d_id, h_c_w_id, h_d_id, h_w_id, h_date, h_amount,"
                + " h_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      bind(
          history,
          id, customer.d(), customer.w(), d, w, now(), amount,
          warehouseName + "    " + districtName);
      history.executeUpdate();
      try (ResultSet keys = history.getGeneratedKeys()) {
        if (!keys.next() || keys.getLong(1) <= 0) {
          throw new SQLException("The history insert generated no id");
        }
      }
    }
    c.commit();
    generatedKeys.incrementAndGet();
    payments.incrementAndGet();
  }

  private PooledLoad.Transaction orderStatus(ThreadLocalRandom random, int w, int d) {
    Customer customer = Customer.draw(random, w, d);
    return c -> orderStatus(c, customer);
  }

  private void orderStatus(Connection c, Customer customer) throws SQLException {
    int id = customer.resolve(c);
    text(
        c,
        "SELECT c_balance, c_first, c_middle, c_last FROM customer WHERE c_w_id = ? AND c_d_id = ?"
            + " AND c_id = ?",
        customer.w(),
        customer.d(),
        id);
    int orderId;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT o_id, o_carrier_id, o_entry_d FROM orders WHERE o_w_id = ? AND o_d_id = ?"
                + " AND o_c_id = ? ORDER BY o_id DESC LIMIT 1")) {
      bind(s, customer.w(), customer.d(), id);
      try (ResultSet rs = s.executeQuery()) {
        orderId = rs.next() ? rs.getInt(1) : 0;
      }
    }
    if (orderId > 0) {
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT ol_i_id, ol_supply_w_id, ol_quantity, ol_amount, ol_delivery_d FROM"
                  + " order_line WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id = ?")) {
        bind(s, customer.w(), customer.d(), orderId);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            rs.getInt(1);
          }
        }
      }
    }
    c.commit();
    orderStatuses.incrementAndGet();
  }

  private static void bind(PreparedStatement s, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      s.setObject(i + 1, values[i]);
    }
  }

  private static void update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, values);
      s.executeUpdate();
    }
  }

  /** The first column of the one row {@code sql} reads, as a decimal. */
  private static BigDecimal decimal(Connection c, String sql, Object... values)
      throws SQLException {
    return firstColumn(c, sql, values, rs -> rs.getBigDecimal(1));
  }

  /** The first column of the one row {@code sql} reads, as text. */
  private static String text(Connection c, String sql, Object... values) throws SQLException {
    return firstColumn(c, sql, values, rs -> rs.getString(1));
  }

  private static <T> T firstColumn(Connection c, String sql, Object[] values, Column<T> column)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, values);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("No row: " + sql);
        }
        return column.read(rs);
      }
    }
  }

  /** Reads a column of a result's current row. */
  private interface Column<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static Timestamp now() {
    return new Timestamp(System.currentTimeMillis());
  }
}
