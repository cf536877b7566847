package com.example.orders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/** The requests the service serves, each with its share of the traffic (weights add up to 100). */
enum Operation {
  /** Point select by primary key. */
  CUSTOMER_PROFILE(35) {
    @Override
    void run(Connection c, ThreadLocalRandom random) throws SQLException {
      query(
          c,
          "SELECT id, name, email, region, order_count FROM customers WHERE id = ?",
          customer(random));
    }
  },
  /** Point select by primary key. */
  PRODUCT_PAGE(15) {
    @Override
    void run(Connection c, ThreadLocalRandom random) throws SQLException {
      query(
          c,
          "SELECT id, name, price_cents FROM products WHERE id = ?",
          1 + random.nextInt(Schema.PRODUCTS));
    }
  },
  /** Small range scan on a secondary index. */
  ORDER_HISTORY(15) {
    @Override
    void run(Connection c, ThreadLocalRandom random) throws SQLException {
      query(
          c,
          "SELECT id, status, total_cents, created_at FROM orders WHERE customer_id = ? ORDER BY id"
              + " DESC LIMIT 10",
          customer(random));
    }
  },
  /** A four-table join. */
  ORDER_DETAILS(15) {
    @Override
    void run(Connection c, ThreadLocalRandom random) throws SQLException {
      query(
          c,
          "SELECT o.id, o.status, c.name, l.line_no, p.name, l.quantity, l.price_cents FROM orders"
              + " o JOIN customers c ON c.id = o.customer_id JOIN order_lines l ON l.order_id ="
              + " o.id JOIN products p ON p.id = l.product_id WHERE o.id = ?",
          1 + random.nextInt(Schema.SEEDED_ORDERS));
    }
  },
  /** A short transaction: an order, its lines and the customer's counter, committed. */
  PLACE_ORDER(15) {
    @Override
    void run(Connection c, ThreadLocalRandom random) throws SQLException {
      c.setAutoCommit(false);
      insertOrder(c, random);
      try (PreparedStatement update =
          c.prepareStatement("UPDATE customers SET order_count = order_count + 1 WHERE id = ?")) {
        update.setInt(1, customer(random));
        update.executeUpdate();
      }
      c.commit();
    }
  },
  /** A short transaction the service abandons (payment declined): rolled back. */
  ABANDONED_CHECKOUT(5) {
    @Override
    void run(Connection c, ThreadLocalRandom random) throws SQLException {
      c.setAutoCommit(false);
      insertOrder(c, random);
      c.rollback();
    }
  };

  private static final Operation[] BY_PERCENT = percentTable();

  final int weight;

  Operation(int weight) {
    this.weight = weight;
  }

  abstract void run(Connection connection, ThreadLocalRandom random) throws SQLException;

  /** An operation drawn according to the weights. */
  static Operation pick(ThreadLocalRandom random) {
    return BY_PERCENT[random.nextInt(BY_PERCENT.length)];
  }

  private static Operation[] percentTable() {
    Operation[] table = new Operation[100];
    int next = 0;
    for (Operation operation : values()) {
      for (int i = 0; i < operation.weight; i++) {
        table[next++] = operation;
      }
    }
    if (next != table.length) {
      throw new IllegalStateException("Operation weights add up to " + next + ", not 100");
    }
    return table;
  }

  private static int customer(ThreadLocalRandom random) {
    return 1 + random.nextInt(Schema.CUSTOMERS);
  }

  private static void query(Connection c, String sql, int key) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      statement.setInt(1, key);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rs.getObject(1); // read like a real handler would
        }
      }
    }
  }

  private static void insertOrder(Connection c, ThreadLocalRandom random) throws SQLException {
    long orderId;
    int product = 1 + random.nextInt(Schema.PRODUCTS);
    try (PreparedStatement order =
        c.prepareStatement(
            "INSERT INTO orders (customer_id, status, total_cents) VALUES (?, 'NEW', ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      order.setInt(1, customer(random));
      order.setInt(2, 100 + product * 7 % 9900);
      order.executeUpdate();
      try (ResultSet keys = order.getGeneratedKeys()) {
        keys.next();
        orderId = keys.getLong(1);
      }
    }
    try (PreparedStatement line =
        c.prepareStatement(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, price_cents)"
                + " SELECT ?, ?, id, 1, price_cents FROM products WHERE id = ?")) {
      for (int lineNo = 1; lineNo <= 2; lineNo++) {
        line.setLong(1, orderId);
        line.setInt(2, lineNo);
        line.setInt(3, lineNo == 1 ? product : 1 + random.nextInt(Schema.PRODUCTS));
        line.addBatch();
      }
      line.executeBatch();
    }
  }
}
