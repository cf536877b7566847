package com.example.orders;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Creates the orders schema afresh and seeds it, so every run starts from the same data. */
final class Schema {
  static final int CUSTOMERS = 10_000;
  static final int PRODUCTS = 1_000;
  static final int SEEDED_ORDERS = 20_000;

  // 0..9 as a derived table; cross joins of it number rows without recursive CTEs or session
  // variables.
  private static final String DIGITS =
      "(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
          + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL"
          + " SELECT 9)";
  private static final String TEN_THOUSAND =
      "SELECT 1 + a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS n FROM "
          + DIGITS
          + " a, "
          + DIGITS
          + " b, "
          + DIGITS
          + " c, "
          + DIGITS
          + " e";

  private static final String[] STATEMENTS = {
    "DROP TABLE IF EXISTS order_lines, orders, products, customers",
    "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, email VARCHAR(128) NOT"
        + " NULL, region VARCHAR(16) NOT NULL, order_count INT NOT NULL DEFAULT 0)",
    "CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, price_cents INT NOT"
        + " NULL)",
    "CREATE TABLE orders (id BIGINT AUTO_INCREMENT PRIMARY KEY, customer_id INT NOT NULL, status"
        + " VARCHAR(16) NOT NULL, total_cents INT NOT NULL, created_at TIMESTAMP(3) NOT NULL"
        + " DEFAULT CURRENT_TIMESTAMP(3), KEY by_customer (customer_id, id))",
    "CREATE TABLE order_lines (order_id BIGINT NOT NULL, line_no INT NOT NULL, product_id INT NOT"
        + " NULL, quantity INT NOT NULL, price_cents INT NOT NULL, PRIMARY KEY (order_id,"
        + " line_no))",
    "INSERT INTO customers (id, name, email, region) SELECT n, CONCAT('customer ', n),"
        + " CONCAT('c', n, '@example.com'), ELT(1 + n % 4, 'north', 'south', 'east', 'west')"
        + " FROM ("
        + TEN_THOUSAND
        + ") s",
    "INSERT INTO products (id, name, price_cents) SELECT n, CONCAT('product ', n), 100 + n * 7 %"
        + " 9900 FROM ("
        + TEN_THOUSAND
        + ") s WHERE n <= "
        + PRODUCTS,
    "INSERT INTO orders (id, customer_id, status, total_cents) SELECT k, 1 + k * 7919 % "
        + CUSTOMERS
        + ", 'SHIPPED', 0 FROM (SELECT n + h.d * 10000 AS k FROM ("
        + TEN_THOUSAND
        + ") s, "
        + "(SELECT 0 d UNION ALL SELECT 1) h) o",
    "INSERT INTO order_lines (order_id, line_no, product_id, quantity, price_cents) SELECT o.id,"
        + " l.d, p.id, 1 + (o.id + l.d) % 3, p.price_cents FROM orders o JOIN (SELECT 1 d UNION ALL"
        + " SELECT 2) l JOIN products p ON p.id = 1 + (o.id * 31 + l.d) % "
        + PRODUCTS,
    "UPDATE orders o JOIN (SELECT order_id, SUM(quantity * price_cents) total FROM order_lines"
        + " GROUP BY order_id) t ON t.order_id = o.id SET o.total_cents = t.total",
    "UPDATE customers c JOIN (SELECT customer_id, COUNT(*) n FROM orders GROUP BY customer_id) t"
        + " ON t.customer_id = c.id SET c.order_count = t.n",
  };

  private Schema() {}

  static void recreate(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : STATEMENTS) {
        statement.execute(sql);
      }
    }
  }
}
