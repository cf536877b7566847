package io.sluice.testkit;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The application-side drivers tests hand to Sluice, as the agent would. */
public final class Drivers {
  private Drivers() {}

  /** Connector/J's registered driver, the instance the application's DriverManager would use. */
  public static Driver connectorJ() {
    try {
      return DriverManager.getDriver("jdbc:mysql://127.0.0.1/");
    } catch (SQLException e) {
      throw new IllegalStateException("Connector/J is not on the test class path", e);
    }
  }
}
