package io.sluice.sql;

/**
 * A place in the text where MySQL would read a value of the app's own connection that the session
 * tracks instead: {@code [start, end)} is replaced by a literal of the session's value.
 *
 * @param target what is read there
 * @param start offset of the first character ({@code L} of {@code LAST_INSERT_ID()})
 * @param end offset after the last ({@code )}, or the variable name's end)
 */
public record RewritePoint(Target target, int start, int end) {

  /**
   * A value read from the session. Each renders a literal with the result metadata of what it
   * replaces, as Connector/J reports it (type name, class, precision, signedness, nullability),
   * measured on MySQL 8.0.31: a bare number would be BIGINT (signed) with another display size.
   */
  public enum Target {
    /** LAST_INSERT_ID(): BIGINT UNSIGNED NOT NULL. */
    LAST_INSERT_ID {
      @Override
      String literal(SessionValues values) {
        return unsigned(values.lastInsertId());
      }
    },
    /** {@code @@identity}, {@code @@last_insert_id} (any scope): BIGINT UNSIGNED, nullable. */
    IDENTITY {
      @Override
      String literal(SessionValues values) {
        return nullable(LAST_INSERT_ID.literal(values));
      }
    },
    /** ROW_COUNT(): BIGINT NOT NULL. */
    ROW_COUNT {
      @Override
      String literal(SessionValues values) {
        return "CAST(" + values.rowCount() + " AS SIGNED)";
      }
    },
    /** CONNECTION_ID(): BIGINT UNSIGNED NOT NULL, the session's own id. */
    CONNECTION_ID {
      @Override
      String literal(SessionValues values) {
        return unsigned(values.connectionId());
      }
    },
    /** {@code @@warning_count} (session scope): BIGINT UNSIGNED, nullable. */
    WARNING_COUNT {
      @Override
      String literal(SessionValues values) {
        return nullable(unsigned(values.warningCount()));
      }
    },
    /** {@code @@error_count} (session scope): BIGINT UNSIGNED, nullable. */
    ERROR_COUNT {
      @Override
      String literal(SessionValues values) {
        return nullable(unsigned(values.errorCount()));
      }
    },
    /** FOUND_ROWS(): BIGINT NOT NULL. */
    FOUND_ROWS {
      @Override
      String literal(SessionValues values) {
        return "CAST(" + values.foundRows() + " AS SIGNED)";
      }
    };

    /** The SQL that stands for this value of the session. */
    abstract String literal(SessionValues values);

    /** BIGINT UNSIGNED NOT NULL: {@code value} read as unsigned. */
    private static String unsigned(long value) {
      return "CAST(" + Long.toUnsignedString(value) + " AS UNSIGNED)";
    }

    /** The same type, nullable, as a system variable reads. */
    private static String nullable(String literal) {
      return "IF(TRUE, " + literal + ", NULL)";
    }
  }
}
