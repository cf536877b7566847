package io.sluice.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ten representative statements the plan-cache and classification benchmarks run, by the name
 * JMH reports them under. Texts with {@code ?} are what a prepared statement is planned by (its
 * template), as an ORM sends them; the rest are as an application would write them by hand.
 */
final class Statements {
  /** Name to SQL text, in the order of the benchmarks' {@code @Param} lists. */
  static final Map<String, String> ALL = new LinkedHashMap<>();

  static {
    ALL.put("point_select", "SELECT id, customer_id, status, total FROM orders WHERE id = ?");
    // Hibernate 6's shape: generated aliases, no spaces after commas, a bound LIMIT.
    ALL.put(
        "orm_select",
        "select o1_0.id,o1_0.customer_id,o1_0.status,o1_0.total from orders o1_0"
            + " where o1_0.customer_id=? order by o1_0.id desc limit ?");
    ALL.put(
        "insert",
        "INSERT INTO orders (customer_id, status, total, created_at) VALUES (?, 'NEW', ?, NOW())");
    ALL.put("update", "UPDATE orders SET status = 'PAID', total = ? WHERE id = ?");
    ALL.put("delete", "DELETE FROM order_items WHERE order_id = ?");
    ALL.put(
        "join",
        "SELECT o.id, o.total, c.name, c.email FROM orders o JOIN customers c"
            + " ON c.id = o.customer_id WHERE o.id = ?");
    ALL.put(
        "aggregate",
        "SELECT customer_id, COUNT(*), SUM(total) FROM orders WHERE created_at >= ?"
            + " GROUP BY customer_id");
    ALL.put("set_sysvar", "SET time_zone = '+00:00'");
    ALL.put("set_udv", "SET @last_order = 42");
    ALL.put("udv_read", "SELECT id, status FROM orders WHERE id = @last_order");
  }

  private Statements() {}

  /** The text of the statement JMH names {@code name}. */
  static String sql(String name) {
    String sql = ALL.get(name);
    if (sql == null) {
      throw new IllegalArgumentException("no statement named " + name + ": " + ALL.keySet());
    }
    return sql;
  }
}
