package com.example.orders;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Two jobs that run once at start and leave state on the pooled connection they used, as real
 * services often do: a report's scratch temporary table, and a named lock that keeps a second
 * restock run out. Neither is cleaned up; the pool hands those connections to later requests.
 */
final class Housekeeping {
  private Housekeeping() {}

  /** Runs both jobs side by side, each on a connection of its own. */
  static void run(DataSource dataSource) throws SQLException {
    try (Connection report = dataSource.getConnection();
        Connection restock = dataSource.getConnection()) {
      prepareReportScratch(report);
      lockRestock(restock);
    }
  }

  /** The daily report's scratch table, left for the report to fill later. */
  static void prepareReportScratch(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMPORARY TABLE IF NOT EXISTS report_scratch (customer_id INT PRIMARY KEY,"
              + " total_cents BIGINT)");
    }
  }

  /** Keeps a second restock run out for as long as this instance lives. */
  static void lockRestock(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT GET_LOCK('orders.restock', 0)").close();
    }
  }
}
