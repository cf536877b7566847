package io.sluice.testkit.oracle;

import java.sql.SQLException;

/**
 * The current schema: {@code USE} or {@code setCatalog}, then {@code DATABASE()}, {@code
 * getCatalog()} (where the driver's answer is predictable, see {@link SessionModel#catalogKnown}),
 * and an unqualified table name ({@code marker}, whose one row names its schema).
 */
final class SchemaOps implements Operations {
  private static final String[] SCHEMAS = {OracleSchema.SCHEMA_A, OracleSchema.SCHEMA_B};

  @Override
  public void run(OracleSession s) throws SQLException {
    int choice = s.random().nextInt(100);
    if (choice < 45) {
      String schema = SCHEMAS[s.random().nextInt(SCHEMAS.length)];
      SessionModel m = s.model();
      int how = s.random().nextInt(3);
      if (how == 2) {
        s.statement("setCatalog(" + schema + ")");
        s.connection().setCatalog(schema);
        m.catalogKnown = true;
      } else {
        s.execute(how == 0 ? "USE " + schema : "USE `" + schema + "`");
        // A USE of the schema getCatalog() names already leaves it right whatever the driver does.
        m.catalogKnown &= m.database.equals(schema);
      }
      m.database = schema;
    } else if (choice < 65) {
      String sql = "SELECT DATABASE()";
      s.check("value", sql, s.model().database, s.queryString(sql));
    } else if (choice < 85) {
      String sql = "SELECT name FROM marker";
      s.check("table resolved in", sql, s.model().database, s.queryString(sql));
    } else if (s.model().catalogKnown) {
      s.statement("getCatalog()");
      s.check("value", "getCatalog()", s.model().database, s.connection().getCatalog());
    } else {
      String sql = "SELECT DATABASE()";
      s.check("value", sql, s.model().database, s.queryString(sql));
    }
  }
}
