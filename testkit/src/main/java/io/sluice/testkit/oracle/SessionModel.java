package io.sluice.testkit.oracle;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one session's reads must return, updated only after MySQL accepted a statement. The rows the
 * session committed outlive its connections; everything else resets with a new connection.
 */
final class SessionModel {
  private final Baseline baseline;
  private final Map<String, UserValue> variables = new HashMap<>();

  String sqlMode;
  String timeZone;
  long timeZoneOffsetMinutes;
  String characterSetClient;
  String characterSetResults;
  String collationConnection;
  String database;

  /**
   * Whether {@code getCatalog()} is predictable: drivers differ on whether a {@code USE} statement
   * changes it (Connector/J's does not), so it is checked only after {@code setCatalog} or connect.
   */
  boolean catalogKnown;

  long lastInsertId;

  /** JDBC autocommit, as set with {@code setAutoCommit}. */
  boolean autocommit;

  /** Whether a BEGIN or START TRANSACTION is open (with autocommit on). */
  boolean explicitTransaction;

  /** The current transaction's id in {@code txn_rows}, 0 before its first insert. */
  long transactionId;

  /** This session's rows inserted in the open transaction. */
  long pendingRows;

  /**
   * Rows of the autocommit insert under way: if it fails on a dead connection it may still have
   * committed (MySQL had run it when the connection was killed), as on any connection.
   */
  long inFlightRows;

  /** This session's committed rows, over all its connections. */
  long committedRows;

  SessionModel(Baseline baseline) {
    this.baseline = baseline;
    reset();
  }

  /** A new connection: a fresh MySQL session, its open transaction rolled back. */
  void reset() {
    variables.clear();
    sqlMode = baseline.sqlMode();
    timeZone = baseline.timeZone();
    timeZoneOffsetMinutes = baseline.timeZoneOffsetMinutes();
    characterSetClient = baseline.characterSetClient();
    characterSetResults = baseline.characterSetResults();
    collationConnection = baseline.collationConnection();
    database = baseline.database();
    catalogKnown = true;
    lastInsertId = 0;
    autocommit = true;
    explicitTransaction = false;
    transactionId = 0;
    pendingRows = 0;
  }

  Baseline baseline() {
    return baseline;
  }

  UserValue variable(int k) {
    return variables.getOrDefault(name(k), UserValue.NULL);
  }

  void setVariable(int k, UserValue value) {
    variables.put(name(k), value);
  }

  boolean inTransaction() {
    return !autocommit || explicitTransaction;
  }

  /** Whether results come back in latin1, where the model predicts only ASCII text. */
  boolean latin1Results() {
    return "latin1".equalsIgnoreCase(characterSetResults);
  }

  /** Whether statements are read as latin1, where the oracle writes only ASCII literals. */
  boolean latin1Client() {
    return "latin1".equalsIgnoreCase(characterSetClient);
  }

  /** The character set of {@code collation_connection}, which string literals take. */
  String connectionCharset() {
    return collationConnection.substring(0, collationConnection.indexOf('_'));
  }

  boolean strict() {
    String mode = sqlMode.toUpperCase(Locale.ROOT);
    return mode.contains("STRICT_TRANS_TABLES") || mode.contains("STRICT_ALL_TABLES");
  }

  boolean hasMode(String mode) {
    return ("," + sqlMode.toUpperCase(Locale.ROOT) + ",").contains("," + mode + ",");
  }

  private static String name(int k) {
    return "v_" + k;
  }
}
