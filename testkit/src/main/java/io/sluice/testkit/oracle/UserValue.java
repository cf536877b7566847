package io.sluice.testkit.oracle;

import java.math.BigDecimal;
import java.util.HexFormat;

/**
 * The model of one user variable's value: what {@code SELECT @v} must return, as MySQL keeps it (a
 * BIGINT, a DECIMAL with its scale, a character string in the connection's character set at the
 * time it was set, a binary string, or NULL).
 */
record UserValue(Kind kind, Object value, String charset) {
  static final UserValue NULL = new UserValue(Kind.NULL, null, null);

  /** The types a user variable takes from the literals and expressions the oracle uses. */
  enum Kind {
    NULL,
    INT,
    DECIMAL,
    STRING,
    BINARY
  }

  static UserValue of(long value) {
    return new UserValue(Kind.INT, value, null);
  }

  static UserValue of(BigDecimal value) {
    return new UserValue(Kind.DECIMAL, value, null);
  }

  static UserValue of(String value) {
    return new UserValue(Kind.STRING, value, "utf8mb4");
  }

  static UserValue of(byte[] value) {
    return new UserValue(Kind.BINARY, value.clone(), null);
  }

  /** A string literal takes the connection's character set; other values have none. */
  UserValue inCharset(String connectionCharset) {
    return kind == Kind.STRING ? new UserValue(kind, value, connectionCharset) : this;
  }

  boolean isNumericOrNull() {
    return kind == Kind.INT || kind == Kind.DECIMAL || kind == Kind.NULL;
  }

  /** {@code @v + 1}, for numeric or NULL values. */
  UserValue plusOne() {
    return switch (kind) {
      case NULL -> NULL;
      case INT -> of((Long) value + 1);
      case DECIMAL -> of(((BigDecimal) value).add(BigDecimal.ONE));
      default -> throw new IllegalStateException("not numeric: " + this);
    };
  }

  /** The value converted to a character string, as a VARCHAR column stores it. */
  String asText() {
    return switch (kind) {
      case NULL -> null;
      case INT -> value.toString();
      case DECIMAL -> ((BigDecimal) value).toPlainString();
      case STRING -> (String) value;
      case BINARY -> throw new IllegalStateException("binary has no text form here");
    };
  }

  /**
   * Whether a read returns it unchanged whatever the results character set: Connector/J encodes
   * statements in UTF-8 whatever {@code SET NAMES} says, and latin1 results cannot carry all
   * characters, so the model only predicts ASCII text under latin1.
   */
  boolean survivesLatin1() {
    return kind != Kind.STRING || ((String) value).chars().allMatch(c -> c < 0x80);
  }

  @Override
  public String toString() {
    return kind + " " + Values.describe(value);
  }

  /** Renders values for reports. */
  static final class Values {
    private Values() {}

    static String describe(Object value) {
      if (value == null) {
        return "NULL";
      }
      if (value instanceof byte[] bytes) {
        return "x'" + HexFormat.of().formatHex(bytes) + "'";
      }
      if (value instanceof String text) {
        return "'"
            + text.replace("\\", "\\\\")
                .replace("'", "\\'")
                .replace("\n", "\\n")
                .replace("\t", "\\t")
            + "'";
      }
      return value.getClass().getSimpleName() + " " + value;
    }
  }
}
