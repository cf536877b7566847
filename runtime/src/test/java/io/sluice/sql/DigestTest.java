package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
SELECT * FROM t WHERE id = 42 AND name = 'bob' | SELECT * FROM t WHERE id = ? AND name = ?
select   a,b from  t\twhere x in (1, 2 ,3) | select a, b from t where x in (?, ?, ?)
/* app=foo */ SELECT 1 -- trailing | SELECT ?
SELECT /*+ SET_VAR(sql_mode='x') */ a FROM t # c | SELECT a FROM t
/*!40101 SET @OLD=@@SQL_MODE */ | SET @OLD = @@SQL_MODE
/*!99999 SELECT 'hidden' */ SELECT 1 | SELECT ?
CREATE USER 'bob'@'%' IDENTIFIED BY 'secret' | CREATE USER ?@? IDENTIFIED BY ?
SELECT X'0F', 0x1F, b'1', 1.5e3, -7, N'n', _utf8mb4'u' | SELECT ?, ?, ?, ?, - ?, ?, _utf8mb4 ?
SELECT f(a, b), COUNT(*) FROM db.t AS `x y` | SELECT f(a, b), COUNT(*) FROM db.t AS `x y`
SELECT a FROM t WHERE b = ? AND c = ? | SELECT a FROM t WHERE b = ? AND c = ?
INSERT INTO t VALUES (1, 'a'), (2, 'b') | INSERT INTO t VALUES (?, ?), (?, ?)
SELECT 1; SELECT 2; | SELECT ?; SELECT ?;
SELECT 'secret | SELECT ...
'secret | ...
SELECT "double" | SELECT ?
SET @a := 1 | SET @a := ?
""")
  void replacesLiteralsAndNormalisesSpace(String sql, String digest) {
    assertEquals(digest, SqlClassifier.classify(sql).digest());
  }

  @Test
  void underAnsiQuotesDoubleQuotedTextIsAName() {
    StatementPlan plan =
        SqlClassifier.classify("SELECT \"col\" FROM t", LexerMode.of(80031, "ANSI"));
    assertEquals("SELECT \"col\" FROM t", plan.digest());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 'SECRET'",
        "UPDATE users SET password = \"SECRET\" WHERE id = 1",
        "SET @token = 'SECRET'",
        "SELECT 'SECRET",
        "SELECT 1 /* SECRET */",
        "SELECT /*+ SET_VAR(x='SECRET') */ 1",
        "INSERT INTO t VALUES (X'5345435245')",
        "CREATE USER u IDENTIFIED BY 'SECRET'",
        "SELECT 1 /*!99999 SECRET */",
      })
  void neverShowsAValue(String sql) {
    String digest = SqlClassifier.classify(sql).digest();
    assertFalse(digest.contains("SECRET") || digest.contains("5345435245"), digest);
  }

  @Test
  void isBoundedAndComputedOnce() {
    StringBuilder sql = new StringBuilder("SELECT a FROM t WHERE id IN (");
    for (int i = 0; i < 2000; i++) {
      sql.append(i).append(", ");
    }
    sql.append("0)");
    StatementPlan plan = SqlClassifier.classify(sql.toString());
    String digest = plan.digest();
    assertEquals(Digest.MAX_LENGTH + 3, digest.length());
    assertTrue(digest.endsWith("..."));
    assertSame(digest, plan.digest());
  }
}
