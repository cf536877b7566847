package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RewriteTest {

  /** The session values a rewrite reads, fixed. */
  record Values(long lastInsertId, long rowCount, long foundRows) implements SessionValues {
    /** Every user variable is {@code 'v:name'}. */
    @Override
    public String userVariableLiteral(String name) {
      return "'v:" + name + "'";
    }

    @Override
    public long connectionId() {
      return 1879048193;
    }

    @Override
    public long warningCount() {
      return 2;
    }

    @Override
    public long errorCount() {
      return 1;
    }
  }

  static SessionValues values(long lastInsertId, long rowCount, long foundRows) {
    return new Values(lastInsertId, rowCount, foundRows);
  }

  private static final SessionValues VALUES = values(42, -1, 7);

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
SELECT LAST_INSERT_ID() | SELECT CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()`
select last_insert_id( ) | select CAST(42 AS UNSIGNED) AS `last_insert_id( )`
SELECT ROW_COUNT(), FOUND_ROWS() | SELECT CAST(-1 AS SIGNED) AS `ROW_COUNT()`, CAST(7 AS SIGNED) AS `FOUND_ROWS()`
SELECT @@identity, @@SESSION.last_insert_id | SELECT IF(TRUE, CAST(42 AS UNSIGNED), NULL) AS `@@identity`, IF(TRUE, CAST(42 AS UNSIGNED), NULL) AS `@@SESSION.last_insert_id`
SELECT LAST_INSERT_ID() AS id | SELECT CAST(42 AS UNSIGNED) AS id
SELECT CONNECTION_ID(), @@warning_count, @@session.error_count | SELECT CAST(1879048193 AS UNSIGNED) AS `CONNECTION_ID()`, IF(TRUE, CAST(2 AS UNSIGNED), NULL) AS `@@warning_count`, IF(TRUE, CAST(1 AS UNSIGNED), NULL) AS `@@session.error_count`
SELECT LAST_INSERT_ID() id, ROW_COUNT() 'rc', FOUND_ROWS() `fr` | SELECT CAST(42 AS UNSIGNED) id, CAST(-1 AS SIGNED) 'rc', CAST(7 AS SIGNED) `fr`
SELECT LAST_INSERT_ID() + 1 | SELECT CAST(42 AS UNSIGNED) + 1 AS `LAST_INSERT_ID() + 1`
SELECT LAST_INSERT_ID()/*c*/ +  1 -- tail | SELECT CAST(42 AS UNSIGNED)/*c*/ +  1 AS `LAST_INSERT_ID()/*c*/ +  1` -- tail
SELECT LAST_INSERT_ID() IS NULL | SELECT CAST(42 AS UNSIGNED) IS NULL AS `LAST_INSERT_ID() IS NULL`
SELECT LAST_INSERT_ID() end, LAST_INSERT_ID() day | SELECT CAST(42 AS UNSIGNED) end, CAST(42 AS UNSIGNED) day
SELECT CASE WHEN LAST_INSERT_ID() > 0 THEN 1 END | SELECT CASE WHEN CAST(42 AS UNSIGNED) > 0 THEN 1 END AS `CASE WHEN LAST_INSERT_ID() > 0 THEN 1 END`
SELECT CASE WHEN LAST_INSERT_ID() > 0 THEN 1 END end | SELECT CASE WHEN CAST(42 AS UNSIGNED) > 0 THEN 1 END end
SELECT NOW() + INTERVAL LAST_INSERT_ID() DAY | SELECT NOW() + INTERVAL CAST(42 AS UNSIGNED) DAY AS `NOW() + INTERVAL LAST_INSERT_ID() DAY`
SELECT LAST_INSERT_ID() COLLATE utf8mb4_bin | SELECT CAST(42 AS UNSIGNED) COLLATE utf8mb4_bin AS `LAST_INSERT_ID() COLLATE utf8mb4_bin`
SELECT DATE '2024-01-01' + LAST_INSERT_ID() | SELECT DATE '2024-01-01' + CAST(42 AS UNSIGNED) AS `DATE '2024-01-01' + LAST_INSERT_ID()`
SELECT CONCAT('a`b', LAST_INSERT_ID()) | SELECT CONCAT('a`b', CAST(42 AS UNSIGNED)) AS `CONCAT('a``b', LAST_INSERT_ID())`
SELECT (SELECT LAST_INSERT_ID()) | SELECT (SELECT CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()`) AS `(SELECT LAST_INSERT_ID())`
SELECT * FROM (SELECT LAST_INSERT_ID()) t | SELECT * FROM (SELECT CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()`) t
SELECT a, LAST_INSERT_ID() FROM t WHERE id = LAST_INSERT_ID() ORDER BY 1 | SELECT a, CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()` FROM t WHERE id = CAST(42 AS UNSIGNED) ORDER BY 1
SELECT DISTINCT SQL_NO_CACHE LAST_INSERT_ID() , 1 | SELECT DISTINCT SQL_NO_CACHE CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()` , 1
SELECT /*+ MAX_EXECUTION_TIME(10) */ LAST_INSERT_ID() | SELECT /*+ MAX_EXECUTION_TIME(10) */ CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()`
SELECT LAST_INSERT_ID() UNION SELECT ROW_COUNT() | SELECT CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()` UNION SELECT CAST(-1 AS SIGNED) AS `ROW_COUNT()`
SELECT LAST_INSERT_ID() INTO @x | SELECT CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()` INTO @x
SELECT LAST_INSERT_ID() FOR UPDATE | SELECT CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()` FOR UPDATE
WITH c AS (SELECT LAST_INSERT_ID() AS x) SELECT x, FOUND_ROWS() FROM c | WITH c AS (SELECT CAST(42 AS UNSIGNED) AS x) SELECT x, CAST(7 AS SIGNED) AS `FOUND_ROWS()` FROM c
SELECT /*!80000 LAST_INSERT_ID() */ | SELECT /*!80000 CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()` */
SELECT LAST_INSERT_ID() /*!80000 + 1 */ | SELECT CAST(42 AS UNSIGNED) /*!80000 + 1 AS `LAST_INSERT_ID()  + 1` */
SELECT `LAST_INSERT_ID`() | SELECT CAST(42 AS UNSIGNED) AS ```LAST_INSERT_ID``()`
INSERT INTO child (parent_id, n) VALUES (LAST_INSERT_ID(), ROW_COUNT()) | INSERT INTO child (parent_id, n) VALUES (CAST(42 AS UNSIGNED), CAST(-1 AS SIGNED))
INSERT INTO t (a) SELECT LAST_INSERT_ID() | INSERT INTO t (a) SELECT CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()`
INSERT INTO t SELECT LAST_INSERT_ID() ON DUPLICATE KEY UPDATE a = 1 | INSERT INTO t SELECT CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()` ON DUPLICATE KEY UPDATE a = 1
UPDATE t SET a = LAST_INSERT_ID() WHERE b = FOUND_ROWS() | UPDATE t SET a = CAST(42 AS UNSIGNED) WHERE b = CAST(7 AS SIGNED)
DELETE FROM t WHERE id = @@identity | DELETE FROM t WHERE id = IF(TRUE, CAST(42 AS UNSIGNED), NULL)
CREATE TABLE t2 AS SELECT LAST_INSERT_ID() | CREATE TABLE t2 AS SELECT CAST(42 AS UNSIGNED) AS `LAST_INSERT_ID()`
DO LAST_INSERT_ID() | DO CAST(42 AS UNSIGNED)
""")
  void splicesLiteralsAndKeepsColumnNames(String sql, String rewritten) {
    StatementPlan plan = SqlClassifier.classify(sql);
    assertTrue(plan.needsRewrite(), sql);
    assertEquals(rewritten, plan.rewrite(VALUES));
  }

  @Test
  void lastInsertIdIsUnsigned64Bit() {
    StatementPlan plan = SqlClassifier.classify("SELECT LAST_INSERT_ID() AS id");
    assertEquals(
        "SELECT CAST(18446744073709551615 AS UNSIGNED) AS id", plan.rewrite(values(-1L, 0, 0)));
    assertEquals(
        "SELECT CAST(9223372036854775808 AS UNSIGNED) AS id",
        plan.rewrite(values(Long.MIN_VALUE, 0, 0)));
  }

  @Test
  void namesAreCutAsMysqlCutsThem() {
    String plus = " + 1".repeat(70);
    String sql = "SELECT LAST_INSERT_ID()" + plus;
    String name = ("LAST_INSERT_ID()" + plus).substring(0, 255);
    assertEquals(
        "SELECT CAST(1 AS UNSIGNED)" + plus + " AS `" + name + "`",
        SqlClassifier.classify(sql).rewrite(values(1, 0, 0)));

    // 255 bytes of UTF-8 without splitting a character; outside the BMP a character is '?'.
    String accents = "é".repeat(300);
    String wide =
        SqlClassifier.classify("SELECT CONCAT(LAST_INSERT_ID(), '" + accents + "')")
            .rewrite(values(1, 0, 0));
    String alias = wide.substring(wide.indexOf(" AS `") + 5, wide.length() - 1);
    assertEquals("CONCAT(LAST_INSERT_ID(), '" + "é".repeat(114), alias);
    assertEquals(
        "SELECT CONCAT('😀', CAST(1 AS UNSIGNED)) AS `CONCAT('?', LAST_INSERT_ID())`",
        SqlClassifier.classify("SELECT CONCAT('😀', LAST_INSERT_ID())").rewrite(values(1, 0, 0)));
    assertEquals(
        "SELECT CONCAT('a\0b', CAST(1 AS UNSIGNED)) AS `CONCAT('a`",
        SqlClassifier.classify("SELECT CONCAT('a\0b', LAST_INSERT_ID())").rewrite(values(1, 0, 0)));
  }

  @Test
  void functionReadsAreListedWithTheirOffsets() {
    StatementPlan plan =
        SqlClassifier.classify("SELECT LAST_INSERT_ID(), @@identity, ROW_COUNT ()");
    assertEquals(
        List.of(
            new RewritePoint(RewritePoint.Target.LAST_INSERT_ID, 7, 23),
            new RewritePoint(RewritePoint.Target.IDENTITY, 25, 35),
            new RewritePoint(RewritePoint.Target.ROW_COUNT, 37, 49)),
        plan.functionReads());
  }

  @Test
  void withoutReadsTheTextIsSentAsIs() {
    String sql = "SELECT a FROM t WHERE b = ?";
    StatementPlan plan = SqlClassifier.classify(sql);
    assertFalse(plan.needsRewrite());
    assertSame(sql, plan.rewrite(VALUES));
  }

  @Test
  void onlyRealCallsAreRewritten() {
    for (String sql :
        new String[] {
          "SELECT 'LAST_INSERT_ID()'",
          "SELECT 1 -- LAST_INSERT_ID()",
          "SELECT last_insert_id FROM t",
          "SELECT db.LAST_INSERT_ID()",
          "SELECT LAST_INSERT_ID(5)",
          "INSERT INTO found_rows () VALUES ()",
          "CALL row_count()",
          "CREATE VIEW v AS SELECT LAST_INSERT_ID()",
          "CREATE PROCEDURE p() SELECT LAST_INSERT_ID()",
          "SELECT 1 /*!99999 + LAST_INSERT_ID() */",
          "SELECT @@global.identity_x",
        }) {
      assertFalse(SqlClassifier.classify(sql).needsRewrite(), sql);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
          SELECT 1 | 6 | -1 | -1
          select /*+ BKA(t) */ 1 | 6 | 7 | 20
          /* c */ SELECT 1 | 14 | -1 | -1
          SELECT /* c */ /*+ BKA(t) */ 1 | 6 | -1 | -1
          INSERT INTO t VALUES (1) | 6 | -1 | -1
          REPLACE /*+ X */ INTO t VALUES (1) | 7 | 8 | 16
          UPDATE t SET a = 1 | 6 | -1 | -1
          DELETE FROM t | 6 | -1 | -1
          (SELECT 1) UNION (SELECT 2) | 7 | -1 | -1
          WITH c AS (SELECT 1) SELECT /*+ X */ * FROM c | 27 | 28 | 36
          WITH c AS (SELECT 1) UPDATE t SET a = 1 | 27 | -1 | -1
          /*!80000 SELECT 1 */ | 15 | -1 | -1
          TABLE t | -1 | -1 | -1
          VALUES ROW(1) | -1 | -1 | -1
          SHOW TABLES | -1 | -1 | -1
          SET @a = 1 | -1 | -1 | -1
          CALL p() | -1 | -1 | -1
          EXPLAIN SELECT 1 | -1 | -1 | -1
          SELECT 1; SELECT /*+ X */ 2 | 6 | -1 | -1
          """)
  void knowsWhereAnOptimizerHintGoes(String sql, int offset, int commentStart, int commentEnd) {
    StatementPlan plan = SqlClassifier.classify(sql);
    assertEquals(offset, plan.hintOffset(), sql);
    assertEquals(commentStart, plan.hintCommentStart(), sql);
    assertEquals(commentEnd, plan.hintCommentEnd(), sql);
  }

  @org.junit.jupiter.api.Test
  void hintsGoAfterTheFirstKeywordOrIntoTheStatementsOwnHintComment() {
    String hints = "SET_VAR(sql_mode = ' ')";
    assertEquals(
        "SELECT /*+ SET_VAR(sql_mode = ' ') */ /* app */ 1",
        SqlClassifier.classify("SELECT /* app */ 1").rewrite(VALUES, hints, null, null));
    assertEquals(
        "INSERT /*+ SET_VAR(sql_mode = ' ') */ INTO t VALUES (CAST(42 AS UNSIGNED))",
        SqlClassifier.classify("INSERT INTO t VALUES (LAST_INSERT_ID())")
            .rewrite(VALUES, hints, null, null));
    assertEquals(
        "SELECT /*+ MAX_EXECUTION_TIME(5)  SET_VAR(sql_mode = ' ') */ 1",
        SqlClassifier.classify("SELECT /*+ MAX_EXECUTION_TIME(5) */ 1")
            .rewrite(VALUES, hints, null, null),
        "MySQL reads only the first hint comment: merged into it");
    assertEquals(
        "WITH c AS (SELECT 1) SELECT /*+ SET_VAR(sql_mode = ' ') */ * FROM c",
        SqlClassifier.classify("WITH c AS (SELECT 1) SELECT * FROM c")
            .rewrite(VALUES, hints, null, null));
  }

  @org.junit.jupiter.api.Test
  void mariadbSettingsGoBeforeTheStatement() {
    assertEquals(
        "SET STATEMENT sql_mode = '' FOR SELECT 'v:a' AS `@a`",
        SqlClassifier.classify("SELECT @a")
            .rewrite(VALUES, null, "SET STATEMENT sql_mode = '' FOR ", null));
  }

  @org.junit.jupiter.api.Test
  void aSetsUserVariablesAreRenamedAndItsReadsSpliced() {
    assertEquals(
        "SET @__sluice_0 = 'v:b' + 1, @__sluice_1 = 2",
        SqlClassifier.classify("SET @a = @b + 1, @`c` = 2")
            .rewrite(VALUES, null, null, java.util.List.of("@__sluice_0", "@__sluice_1")));
  }
}
