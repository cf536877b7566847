package io.sluice.testkit.oracle;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;

/**
 * User variables {@code @v_0} to {@code @v_4}: every session uses the same names, so a value that
 * leaks from one session to another shows as a wrong read.
 */
final class UserVariableOps implements Operations {
  /** How many variables each session uses. */
  static final int VARIABLES = 5;

  @Override
  public void run(OracleSession s) throws SQLException {
    int choice = s.random().nextInt(100);
    if (choice < 25) {
      setLiteral(s);
    } else if (choice < 35) {
      setTwo(s);
    } else if (choice < 47) {
      setExpression(s);
    } else if (choice < 77) {
      read(s);
    } else if (choice < 88) {
      where(s);
    } else {
      insertCopy(s);
    }
  }

  /** {@code @v_k} with its name's case drawn at random: user variable names ignore case. */
  static String name(Random random, int k) {
    return (random.nextBoolean() ? "@v_" : "@V_") + k;
  }

  private static void setLiteral(OracleSession s) throws SQLException {
    int k = s.random().nextInt(VARIABLES);
    Literals.Literal literal = Literals.any(s.random(), s.model().latin1Client());
    s.execute("SET " + name(s.random(), k) + " = " + literal.sql());
    s.model().setVariable(k, literal.value().inCharset(s.model().connectionCharset()));
  }

  private static void setTwo(OracleSession s) throws SQLException {
    int a = s.random().nextInt(VARIABLES);
    int b = (a + 1 + s.random().nextInt(VARIABLES - 1)) % VARIABLES;
    Literals.Literal first = Literals.any(s.random(), s.model().latin1Client());
    Literals.Literal second = Literals.any(s.random(), s.model().latin1Client());
    s.execute(
        "SET "
            + name(s.random(), a)
            + " = "
            + first.sql()
            + ", "
            + name(s.random(), b)
            + " = "
            + second.sql());
    s.model().setVariable(a, first.value().inCharset(s.model().connectionCharset()));
    s.model().setVariable(b, second.value().inCharset(s.model().connectionCharset()));
  }

  /** {@code @a = @b + 1} for a numeric or NULL {@code @b}, else a plain copy. */
  private static void setExpression(OracleSession s) throws SQLException {
    int target = s.random().nextInt(VARIABLES);
    int source = s.random().nextInt(VARIABLES);
    UserValue value = s.model().variable(source);
    boolean plusOne = value.isNumericOrNull() && s.random().nextInt(3) > 0;
    String expression = name(s.random(), source) + (plusOne ? " + 1" : "");
    s.execute("SET " + name(s.random(), target) + " = " + expression);
    s.model().setVariable(target, plusOne ? value.plusOne() : value);
  }

  private static void read(OracleSession s) throws SQLException {
    int columns = 1 + s.random().nextInt(2);
    int[] ks = new int[columns];
    String[] names = new String[columns];
    for (int i = 0; i < columns; i++) {
      ks[i] = s.random().nextInt(VARIABLES);
      names[i] = name(s.random(), ks[i]);
    }
    String sql = "SELECT " + String.join(", ", names);
    OracleSession.Row row = s.queryRow(sql);
    for (int i = 0; i < columns; i++) {
      UserValue expected = s.model().variable(ks[i]);
      Object actual = row.value(i);
      if (!s.model().latin1Results() || expected.survivesLatin1()) {
        s.check("value of " + names[i], sql, expected.value(), actual);
      }
      s.check("Java type of " + names[i], sql, javaType(expected), javaType(actual));
      if (expected.kind() != UserValue.Kind.NULL) {
        s.check("column type of " + names[i], sql, columnType(expected), row.types().get(i));
      }
      s.check("column label", sql, names[i], row.labels().get(i));
    }
  }

  /** {@code n <= @v} over the numbers 0 to 99: a count the model can compute. */
  private static void where(OracleSession s) throws SQLException {
    int k = s.random().nextInt(VARIABLES);
    UserValue value = s.model().variable(k);
    if (!value.isNumericOrNull()) {
      read(s);
      return;
    }
    String sql =
        "SELECT COUNT(*) FROM "
            + OracleSchema.SCHEMA_A
            + ".numbers WHERE n <= "
            + name(s.random(), k);
    long expected;
    if (value.kind() == UserValue.Kind.NULL) {
      expected = 0;
    } else {
      BigDecimal bound =
          value.kind() == UserValue.Kind.INT
              ? BigDecimal.valueOf((Long) value.value())
              : ((BigDecimal) value.value()).setScale(0, RoundingMode.FLOOR);
      long floor =
          bound
              .max(BigDecimal.valueOf(-1))
              .min(BigDecimal.valueOf(OracleSchema.NUMBERS))
              .longValueExact();
      expected = Math.min(OracleSchema.NUMBERS, floor + 1);
    }
    s.check("count", sql, expected, s.queryLong(sql));
  }

  /** The variable in a parameterless prepared INSERT, then the stored text read back. */
  private static void insertCopy(OracleSession s) throws SQLException {
    int k = s.random().nextInt(VARIABLES);
    UserValue value = s.model().variable(k);
    if (value.kind() == UserValue.Kind.BINARY) {
      read(s);
      return;
    }
    int seq = s.nextSeq();
    String key = s.run() + "', " + s.id() + ", " + seq;
    String insert =
        "INSERT INTO "
            + OracleSchema.SCHEMA_A
            + ".uv_copy (run, session, seq, val) VALUES ('"
            + key
            + ", "
            + name(s.random(), k)
            + ")";
    s.statement(insert);
    try (PreparedStatement statement = s.connection().prepareStatement(insert)) {
      s.check("update count", insert, 1, statement.executeUpdate());
    }
    String select =
        "SELECT val FROM "
            + OracleSchema.SCHEMA_A
            + ".uv_copy WHERE run = '"
            + s.run()
            + "' AND session = "
            + s.id()
            + " AND seq = "
            + seq;
    String actual = s.queryString(select);
    if (!s.model().latin1Results() || value.survivesLatin1()) {
      s.check("stored value of " + k, select, value.asText(), actual);
    }
  }

  private static String javaType(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  private static String javaType(UserValue value) {
    return javaType(value.value());
  }

  /**
   * Connector/J's column type name for a user variable of this kind. It follows the length MySQL
   * reports, which for a string is in the variable's own character set (4 bytes a character in
   * utf8mb4, 1 in latin1), whatever the results character set.
   */
  private static String columnType(UserValue value) {
    return switch (value.kind()) {
      case INT -> "BIGINT";
      case DECIMAL -> "DECIMAL";
      case STRING -> "latin1".equals(value.charset()) ? "MEDIUMTEXT" : "LONGTEXT";
      case BINARY -> "MEDIUMBLOB";
      case NULL -> throw new IllegalArgumentException("NULL has no predicted type");
    };
  }
}
