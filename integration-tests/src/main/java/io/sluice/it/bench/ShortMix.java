package io.sluice.it.bench;

import static io.sluice.it.bench.TpccSchema.CUSTOMERS;
import static io.sluice.it.bench.TpccSchema.DISTRICTS;
import static io.sluice.it.bench.TpccSchema.ITEMS;
import static io.sluice.it.bench.TpccSchema.WAREHOUSES;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A web service's mix on {@link TpccSchema}, on a pool whose connections are in autocommit: 70%
 * autocommit primary-key selects (a customer or an item), 30% short transactions ({@code
 * setAutoCommit(false)}, a customer's balance updated, a history row inserted with a generated id,
 * commit), whose autocommit HikariCP puts back when the connection returns.
 */
final class ShortMix implements PooledLoad.Mix {
  private final AtomicLong selects = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();

  @Override
  public PooledLoad.Transaction next(ThreadLocalRandom random) {
    int w = 1 + random.nextInt(WAREHOUSES);
    int d = 1 + random.nextInt(DISTRICTS);
    int customer = 1 + random.nextInt(CUSTOMERS);
    int pick = random.nextInt(100);
    if (pick < 35) {
      return c ->
          select(
              c,
              "SELECT c_first, c_last, c_balance FROM customer WHERE c_w_id = ? AND c_d_id = ?"
                  + " AND c_id = ?",
              w,
              d,
              customer);
    }
    if (pick < 70) {
      int item = 1 + random.nextInt(ITEMS);
      return c -> select(c, "SELECT i_name, i_price FROM item WHERE i_id = ?", item);
    }
    BigDecimal amount = BigDecimal.valueOf(100 + random.nextInt(10_000), 2);
    return c -> pay(c, w, d, customer, amount);
  }

  @Override
  public String counters() {
    return "selects=" + selects.get() + " transactions=" + transactions.get();
  }

  private void select(Connection c, String sql, int... key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < key.length; i++) {
        s.setInt(i + 1, key[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("No row: " + sql);
        }
      }
    }
    selects.incrementAndGet();
  }

  private void pay(Connection c, int w, int d, int customer, BigDecimal amount)
      throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE customer SET c_balance = c_balance - ? WHERE c_w_id = ? AND c_d_id = ?"
                + " AND c_id = ?")) {
      update.setBigDecimal(1, amount);
      update.setInt(2, w);
      update.setInt(3, d);
      update.setInt(4, customer);
      update.executeUpdate();
    }
    try (PreparedStatement history =
        c.prepareStatement(
            "INSERT INTO history (h_c_id, h_c_d_id, h_c_w_id, h_d_id, h_w_id, h_date, h_amount,"
                + " h_data) VALUES (?, ?, ?, ?, ?, NOW(), ?, 'short')",
            Statement.RETURN_GENERATED_KEYS)) {
      history.setInt(1, customer);
      history.setInt(2, d);
      history.setInt(3, w);
      history.setInt(4, d);
      history.setInt(5, w);
      history.setBigDecimal(6, amount);
      history.executeUpdate();
      try (ResultSet keys = history.getGeneratedKeys()) {
        keys.next();
      }
    }
    c.commit();
    transactions.incrementAndGet();
  }
}
