package io.sluice.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classification of a corpus of statements as apps send them (Hibernate, Spring, jOOQ,
 * mysqldump) and as MySQL's manual writes them. One row per statement: kind | flags | outcome |
 * SQL, where the SQL is the rest of the line ({@code \n} and {@code \0} stand for a newline and a
 * NUL).
 */
class SqlClassifierTest {

  private static final String CORPUS =
      """
# Hibernate / Spring Data JPA
SELECT | - | MULTIPLEX | select u1_0.id,u1_0.email,u1_0.name from users u1_0 where u1_0.id=?
INSERT | - | MULTIPLEX | insert into users (email,name,id) values (?,?,?)
UPDATE | - | MULTIPLEX | update users set email=?,name=? where id=?
DELETE | - | MULTIPLEX | delete from users where id=?
SELECT | LOCKING_READ | MULTIPLEX | select next_val as id_val from user_seq for update
UPDATE | - | MULTIPLEX | update user_seq set next_val= ? where next_val=?
SELECT | - | MULTIPLEX | select count(*) from orders o1_0 where o1_0.status=?
SELECT | - | MULTIPLEX | select o1_0.id from orders o1_0 order by o1_0.created desc limit ?,?
SELECT | LOCKING_READ | MULTIPLEX | select o1_0.id from orders o1_0 where o1_0.id=? for share
SELECT | LOCKING_READ | MULTIPLEX | select * from t where id = ? lock in share mode
SELECT | LOCKING_READ | MULTIPLEX | select * from t for update skip locked
SELECT | LOCKING_READ | MULTIPLEX | SELECT * FROM t FOR UPDATE NOWAIT
INSERT | - | MULTIPLEX | insert into orders (customer_id,total) values (?,?)
# Spring, HikariCP and Connector/J housekeeping
SELECT | - | MULTIPLEX | SELECT 1
SELECT | - | MULTIPLEX | /* ping */ SELECT 1
SELECT | SYSTEM_VARIABLE_READ | MULTIPLEX | SELECT @@session.transaction_read_only
SELECT | SYSTEM_VARIABLE_READ | MULTIPLEX | SELECT @@session.transaction_isolation
SELECT | SYSTEM_VARIABLE_READ | MULTIPLEX | /* mysql-connector-j-9.1.0 */SELECT  @@session.auto_increment_increment AS auto_increment_increment, @@character_set_client AS character_set_client, @@wait_timeout AS wait_timeout
SET | SET_TRANSACTION | TRANSACTION_CONTROL | SET SESSION TRANSACTION READ ONLY
SET | SET_TRANSACTION | TRANSACTION_CONTROL | SET SESSION TRANSACTION READ WRITE
SET | SET_TRANSACTION | TRANSACTION_CONTROL | SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED
SET | SET_TRANSACTION | RESERVE(UNTRACKED_STATE) | SET TRANSACTION ISOLATION LEVEL SERIALIZABLE
SET | SET_TRANSACTION | TRANSACTION_CONTROL | set local transaction isolation level repeatable read, read only
SET | - | MULTIPLEX | SET GLOBAL TRANSACTION ISOLATION LEVEL READ UNCOMMITTED
SET | SET_AUTOCOMMIT | TRANSACTION_CONTROL | SET autocommit=1
SET | SET_AUTOCOMMIT | TRANSACTION_CONTROL | SET @@session.autocommit = ON
SET | - | TRANSACTION_CONTROL | SET transaction_isolation = 'READ-COMMITTED'
SET | - | SESSION_STATE | SET NAMES utf8mb4
SET | - | SESSION_STATE | SET NAMES 'utf8mb4' COLLATE 'utf8mb4_0900_ai_ci'
SET | - | SESSION_STATE | SET character_set_results = NULL
SET | - | SESSION_STATE | SET sql_mode='STRICT_TRANS_TABLES'
SET | - | SESSION_STATE | SET time_zone = '+00:00'
SET | SET_AUTOCOMMIT | TRANSACTION_CONTROL | SET autocommit = 0, sql_mode = ''
SET | - | SESSION_STATE | SET @@session.sql_select_limit = DEFAULT
# jOOQ: quoted identifiers, row aliases, CTEs, set operations
SELECT | - | MULTIPLEX | select `t`.`id`, `t`.`name` from `db`.`t` where `t`.`id` in (?, ?, ?)
INSERT | - | MULTIPLEX | insert into `db`.`t` (`a`, `b`) values (?, ?) on duplicate key update `b` = values(`b`)
INSERT | - | MULTIPLEX | insert into `t` (`a`) values (?) as `new` on duplicate key update `a` = `new`.`a`
SELECT | - | MULTIPLEX | select `t`.`a` from `t` where exists (select 1 from `u` where `u`.`id` = `t`.`id`)
SELECT | - | MULTIPLEX | with recursive `c`(`n`) as (select 1 union all select `n` + 1 from `c` where `n` < 5) select `n` from `c`
UPDATE | ROWS_FROM_QUERY | MULTIPLEX | with `x` as (select 1 as `a`) update `t` join `x` set `t`.`a` = 1
DELETE | ROWS_FROM_QUERY | MULTIPLEX | with `x` as (select 1) delete from `t` where `a` in (select * from `x`)
INSERT | ROWS_FROM_QUERY | MULTIPLEX | insert into t with c as (select 1 a) select a from c
# FOUND_ROWS() after a data change: the server's count where it counts a query's or several tables' rows
UPDATE | ROWS_FROM_QUERY | MULTIPLEX | update t, u set t.a = u.a
UPDATE | - | MULTIPLEX | update t set a = 1, b = (2) where c = 3 limit 1
DELETE | ROWS_FROM_QUERY | MULTIPLEX | delete t from t join u on u.id = t.id
DELETE | ROWS_FROM_QUERY | MULTIPLEX | delete quick from t using t, u
DELETE | - | MULTIPLEX | delete low_priority quick from t where a = 1
REPLACE | ROWS_FROM_QUERY | MULTIPLEX | replace into t table u
INSERT | - | MULTIPLEX | insert into t (a) values row(1), row(2)
SELECT | - | MULTIPLEX | (select 1) union (select 2) order by 1
SELECT | - | MULTIPLEX | ((select 1))
SELECT | - | MULTIPLEX | table t
SELECT | - | MULTIPLEX | values row(1, 2), row(3, 4)
SELECT | - | MULTIPLEX | select a from t intersect select a from u except select a from v
# Values the session answers
SELECT | CALC_FOUND_ROWS | MULTIPLEX | SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 10
SELECT | FOUND_ROWS_READ | REWRITE | SELECT FOUND_ROWS()
SELECT | ROW_COUNT_READ | REWRITE | SELECT ROW_COUNT()
SELECT | ROW_COUNT_READ | REWRITE | SELECT ROW_COUNT ( )
SELECT | LAST_INSERT_ID_READ | REWRITE | SELECT LAST_INSERT_ID()
SELECT | LAST_INSERT_ID_READ | REWRITE | select `last_insert_id`()
SELECT | SYSTEM_VARIABLE_READ LAST_INSERT_ID_READ | REWRITE | SELECT @@IDENTITY
SELECT | SYSTEM_VARIABLE_READ LAST_INSERT_ID_READ | REWRITE | SELECT @@session.last_insert_id
INSERT | LAST_INSERT_ID_READ | REWRITE | INSERT INTO child (parent_id) VALUES (LAST_INSERT_ID())
INSERT | LAST_INSERT_ID_READ ROWS_FROM_QUERY | REWRITE | INSERT INTO t (a) SELECT LAST_INSERT_ID()
SELECT | LAST_INSERT_ID_READ LOCKING_READ | REWRITE | SELECT * FROM t WHERE id = LAST_INSERT_ID() FOR UPDATE
SELECT | LAST_INSERT_ID_WRITE | RESERVE(UNTRACKED_STATE) | SELECT LAST_INSERT_ID(5)
UPDATE | LAST_INSERT_ID_WRITE | RESERVE(UNTRACKED_STATE) | UPDATE seq SET id = LAST_INSERT_ID(id + 1)
INSERT | - | MULTIPLEX | INSERT INTO found_rows () VALUES ()
INSERT | - | MULTIPLEX | INSERT IGNORE row_count (a) VALUES (1)
SELECT | - | MULTIPLEX | SELECT db.last_insert_id()
SELECT | - | MULTIPLEX | SELECT last_insert_id FROM t
CALL | - | RESERVE(UNTRACKED_STATE) | CALL found_rows()
# Locks
SELECT | LOCK_FUNCTION | RESERVE(LOCK) | SELECT GET_LOCK('lock1', 10)
SELECT | LOCK_FUNCTION | RESERVE(LOCK) | SELECT RELEASE_LOCK('lock1')
DO | LOCK_FUNCTION | RESERVE(LOCK) | DO RELEASE_ALL_LOCKS()
SELECT | LOCK_FUNCTION | RESERVE(LOCK) | SELECT IS_FREE_LOCK('a'), IS_USED_LOCK('a')
SELECT | LOCK_FUNCTION | RESERVE(LOCK) | select get_lock ('a', 1)
SELECT | LOCK_FUNCTION | RESERVE(LOCK) | SELECT /*!80000 GET_LOCK('a',1) */
SELECT | - | MULTIPLEX | SELECT 'GET_LOCK(1)' FROM dual
SELECT | - | MULTIPLEX | SELECT 1 /* GET_LOCK('a', 1) */
SELECT | - | MULTIPLEX | SELECT 1 -- GET_LOCK('a', 1)
SELECT | - | MULTIPLEX | SELECT 1 /*!99999 , GET_LOCK('a',1) */
SELECT | - | MULTIPLEX | SELECT get_lock FROM t
LOCK_TABLES | TABLE_LOCK IMPLICIT_COMMIT | RESERVE(LOCK) | LOCK TABLES t1 READ, t2 AS x WRITE
UNLOCK_TABLES | - | MULTIPLEX | UNLOCK TABLES
FLUSH | TABLE_LOCK IMPLICIT_COMMIT | RESERVE(LOCK) | FLUSH TABLES WITH READ LOCK
FLUSH | TABLE_LOCK IMPLICIT_COMMIT | RESERVE(LOCK) | FLUSH TABLES t1 FOR EXPORT
FLUSH | IMPLICIT_COMMIT | MULTIPLEX | FLUSH PRIVILEGES
LOCK_TABLES | TABLE_LOCK | RESERVE(LOCK) | LOCK INSTANCE FOR BACKUP
UNLOCK_TABLES | - | MULTIPLEX | UNLOCK INSTANCE
# Temporary tables and DDL
DDL | TEMPORARY_TABLE | RESERVE(TEMPORARY_TABLE) | CREATE TEMPORARY TABLE tmp (id INT)
DDL | TEMPORARY_TABLE | RESERVE(TEMPORARY_TABLE) | CREATE TEMPORARY TABLE IF NOT EXISTS tmp AS SELECT * FROM t
DDL | TEMPORARY_TABLE | RESERVE(TEMPORARY_TABLE) | DROP TEMPORARY TABLE IF EXISTS tmp
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10) DEFAULT 'x')
DDL | IMPLICIT_COMMIT | MULTIPLEX | DROP TABLE IF EXISTS t
DDL | IMPLICIT_COMMIT | MULTIPLEX | ALTER TABLE t ADD COLUMN c INT
DDL | IMPLICIT_COMMIT | MULTIPLEX | TRUNCATE TABLE t
DDL | IMPLICIT_COMMIT | MULTIPLEX | RENAME TABLE a TO b
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE INDEX i ON t (c)
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE DATABASE IF NOT EXISTS app
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE OR REPLACE VIEW v AS SELECT LAST_INSERT_ID(), @x, GET_LOCK('a', 1)
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE USER 'u'@'%' IDENTIFIED BY 'secret'
DDL | IMPLICIT_COMMIT LOCK_FUNCTION | RESERVE(LOCK) | CREATE TABLE t2 AS SELECT GET_LOCK('a', 0) AS l
DDL | IMPLICIT_COMMIT | MULTIPLEX | DROP PROCEDURE IF EXISTS p
DEALLOCATE | - | RESERVE(UNTRACKED_STATE) | DROP PREPARE stmt
# Stored routines: their bodies are stored, not run
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE PROCEDURE p(IN a INT) BEGIN DECLARE x INT; IF a > 0 THEN SET @v = GET_LOCK('a', 1); ELSE SELECT 1; END IF; END
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE DEFINER=`root`@`localhost` TRIGGER trg BEFORE INSERT ON t FOR EACH ROW SET NEW.created = NOW()
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE FUNCTION f(x INT) RETURNS INT DETERMINISTIC RETURN IF(x > 0, x, -x)
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE EVENT e ON SCHEDULE EVERY 1 HOUR DO BEGIN DELETE FROM log WHERE ts < NOW() - INTERVAL 1 DAY; END
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE PROCEDURE p() BEGIN IF (SELECT COUNT(*) FROM t) > 0 THEN SELECT 1; END IF; CASE WHEN 1 THEN SELECT 2; END CASE; lbl: LOOP LEAVE lbl; END LOOP lbl; END
DDL | IMPLICIT_COMMIT | MULTIPLEX | CREATE PROCEDURE p() BEGIN IF NOT EXISTS (SELECT 1 FROM t) THEN DROP TABLE IF EXISTS u; END IF; END
DDL | USER_VARIABLE_READ IMPLICIT_COMMIT MULTI_STATEMENT USER_VARIABLE_ON_CONNECTION | RESERVE(USER_VARIABLE) | CREATE PROCEDURE p() BEGIN WHILE @i < 5 DO SET @i = @i + 1; END WHILE; REPEAT SET @i = REPEAT('a', 2); UNTIL @i = 0 END REPEAT; END; SELECT @i
DDL | IMPLICIT_COMMIT UNPARSED | RESERVE(UNPARSED) | CREATE PROCEDURE p() BEGIN SELECT 1;
# User variables
SET | - | SESSION_STATE | SET @a = 1
SET | USER_VARIABLE_READ | SESSION_STATE | SET @a := 1, @b = @a + 1
SELECT | USER_VARIABLE_READ | REWRITE | SELECT @a
SELECT | USER_VARIABLE_READ USER_VARIABLE_WRITE | RESERVE(USER_VARIABLE) | SELECT @rownum := @rownum + 1 AS rank, name FROM t, (SELECT @rownum := 0) r
SELECT | USER_VARIABLE_WRITE | RESERVE(USER_VARIABLE) | SELECT id INTO @id FROM t LIMIT 1
SELECT | USER_VARIABLE_WRITE | RESERVE(USER_VARIABLE) | SELECT a, b FROM t LIMIT 1 INTO @x, @y
SELECT | USER_VARIABLE_READ | REWRITE | SELECT * FROM t WHERE a = @'my var'
SELECT | USER_VARIABLE_READ | REWRITE | SELECT * FROM t WHERE a = @ x
UPDATE | USER_VARIABLE_WRITE | RESERVE(USER_VARIABLE) | UPDATE t SET a = (@x := a + 1)
SELECT | - | MULTIPLEX | SELECT 'email@example.com', "@x"
SELECT | - | MULTIPLEX | SELECT 1 -- @x\\n
SELECT | - | MULTIPLEX | SELECT 1 # @x
SELECT | - | MULTIPLEX | SELECT a INTO OUTFILE '/tmp/x' FROM t
# mysqldump headers
SET | SYSTEM_VARIABLE_READ | SESSION_STATE | /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */
SET | - | SESSION_STATE | /*!40103 SET TIME_ZONE='+00:00' */
SET | SYSTEM_VARIABLE_READ | SESSION_STATE | /*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */
SET | - | SESSION_STATE | /*!50503 SET NAMES utf8mb4 */
SET | USER_VARIABLE_READ | SESSION_STATE | /*!40101 SET SQL_MODE=@OLD_SQL_MODE */
SET | USER_VARIABLE_READ | SESSION_STATE | /*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;
# Transactions
BEGIN | IMPLICIT_COMMIT | TRANSACTION_CONTROL | BEGIN
BEGIN | IMPLICIT_COMMIT | TRANSACTION_CONTROL | begin work
BEGIN | IMPLICIT_COMMIT | TRANSACTION_CONTROL | START TRANSACTION
BEGIN | IMPLICIT_COMMIT | TRANSACTION_CONTROL | START TRANSACTION READ ONLY
BEGIN | IMPLICIT_COMMIT | TRANSACTION_CONTROL | /* tx */ START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE;
OTHER | UNPARSED | RESERVE(UNPARSED) | START TRANSACTION READ
OTHER | UNPARSED | RESERVE(UNPARSED) | START TRANSACTION READ ONLY,
OTHER | UNPARSED | RESERVE(UNPARSED) | BEGIN JUNK
OTHER | UNPARSED MULTI_STATEMENT | RESERVE(UNPARSED) | BEGIN NOT ATOMIC SELECT 1; END
COMMIT | - | TRANSACTION_CONTROL | COMMIT
COMMIT | - | TRANSACTION_CONTROL | commit work
COMMIT | - | TRANSACTION_CONTROL | COMMIT AND NO CHAIN NO RELEASE
ROLLBACK | - | TRANSACTION_CONTROL | ROLLBACK
ROLLBACK | - | TRANSACTION_CONTROL | ROLLBACK WORK
COMMIT | CHAIN_OR_RELEASE | RESERVE(UNTRACKED_STATE) | COMMIT AND CHAIN
ROLLBACK | CHAIN_OR_RELEASE | RESERVE(UNTRACKED_STATE) | ROLLBACK RELEASE
COMMIT | CHAIN_OR_RELEASE | RESERVE(UNTRACKED_STATE) | COMMIT WORK AND NO CHAIN RELEASE
OTHER | UNPARSED | RESERVE(UNPARSED) | COMMIT NOW
SAVEPOINT | - | TRANSACTION_CONTROL | SAVEPOINT sp1
ROLLBACK_TO_SAVEPOINT | - | TRANSACTION_CONTROL | ROLLBACK TO sp1
ROLLBACK_TO_SAVEPOINT | - | TRANSACTION_CONTROL | ROLLBACK WORK TO SAVEPOINT `sp 1`
RELEASE_SAVEPOINT | - | TRANSACTION_CONTROL | RELEASE SAVEPOINT sp1
OTHER | UNPARSED | RESERVE(UNPARSED) | SAVEPOINT
XA | - | RESERVE(UNTRACKED_STATE) | XA START 'xid'
XA | - | RESERVE(UNTRACKED_STATE) | XA COMMIT 'xid' ONE PHASE
# Prepared statements, handlers, procedures
PREPARE | - | RESERVE(UNTRACKED_STATE) | PREPARE stmt FROM 'SELECT ?'
EXECUTE | USER_VARIABLE_READ USER_VARIABLE_ON_CONNECTION | RESERVE(USER_VARIABLE) | EXECUTE stmt USING @a
DEALLOCATE | - | RESERVE(UNTRACKED_STATE) | DEALLOCATE PREPARE stmt
HANDLER | - | RESERVE(UNTRACKED_STATE) | HANDLER t OPEN
CALL | - | RESERVE(UNTRACKED_STATE) | CALL p()
CALL | USER_VARIABLE_READ USER_VARIABLE_WRITE USER_VARIABLE_ON_CONNECTION | RESERVE(USER_VARIABLE) | CALL p(1, @out)
# SHOW, EXPLAIN, diagnostics
SHOW | - | MULTIPLEX | SHOW TABLES
SHOW | - | MULTIPLEX | SHOW FULL PROCESSLIST
SHOW | - | MULTIPLEX | SHOW SESSION VARIABLES LIKE 'sql%'
SHOW | DIAGNOSTICS_SHOW | MULTIPLEX | SHOW WARNINGS
SHOW | DIAGNOSTICS_SHOW | MULTIPLEX | SHOW ERRORS LIMIT 5
SHOW | DIAGNOSTICS_SHOW | MULTIPLEX | SHOW WARNINGS LIMIT 1, 2
SHOW | DIAGNOSTICS_SHOW | MULTIPLEX | SHOW COUNT(*) WARNINGS
SHOW | DIAGNOSTICS | RESERVE(UNTRACKED_STATE) | SHOW WARNINGS LIMIT 2 OFFSET 1
SHOW | DIAGNOSTICS | RESERVE(UNTRACKED_STATE) | SHOW COUNT(*) ERRORS LIMIT 1
SELECT | SYSTEM_VARIABLE_READ DIAGNOSTICS_READ | REWRITE | SELECT @@warning_count, @@session.error_count
SELECT | SYSTEM_VARIABLE_READ | MULTIPLEX | SELECT @@global.warning_count
SELECT | CONNECTION_ID_READ | REWRITE | SELECT CONNECTION_ID()
OTHER | USER_VARIABLE_READ USER_VARIABLE_WRITE DIAGNOSTICS USER_VARIABLE_ON_CONNECTION | RESERVE(USER_VARIABLE) | GET DIAGNOSTICS @n = NUMBER
OTHER | USER_VARIABLE_READ USER_VARIABLE_WRITE DIAGNOSTICS USER_VARIABLE_ON_CONNECTION | RESERVE(USER_VARIABLE) | GET STACKED DIAGNOSTICS CONDITION 1 @e = MESSAGE_TEXT
EXPLAIN | - | MULTIPLEX | EXPLAIN SELECT * FROM t
EXPLAIN | - | MULTIPLEX | DESCRIBE t
EXPLAIN | - | MULTIPLEX | desc t
EXPLAIN | LOCK_FUNCTION | RESERVE(LOCK) | EXPLAIN ANALYZE SELECT GET_LOCK('a', 1)
# USE
USE | - | SESSION_STATE | USE app
USE | - | SESSION_STATE | use `my db`
OTHER | UNPARSED | RESERVE(UNPARSED) | USE app extra
# Other SET forms
SET | IMPLICIT_COMMIT | MULTIPLEX | SET PASSWORD = 'x'
SET | IMPLICIT_COMMIT | MULTIPLEX | SET PASSWORD FOR 'u'@'%' = 'x'
SET | SESSION_STATE_CHANGE | RESERVE(UNTRACKED_STATE) | SET ROLE ALL
SET | SESSION_STATE_CHANGE | RESERVE(UNTRACKED_STATE) | SET RESOURCE GROUP batch
SET | IMPLICIT_COMMIT | MULTIPLEX | SET DEFAULT ROLE ALL TO u
SET | - | MULTIPLEX | SET GLOBAL max_connections = 500
SET | - | MULTIPLEX | SET PERSIST sort_buffer_size = 1000000, PERSIST_ONLY back_log = 100
SET | - | MULTIPLEX | SET GLOBAL autocommit = 0
SET | - | SESSION_STATE | SET @@global.x = 1, y = 2
OTHER | UNPARSED | RESERVE(UNPARSED) | SET x
OTHER | UNPARSED | RESERVE(UNPARSED) | SET sort_buffer_size = 1, TRANSACTION ISOLATION LEVEL SERIALIZABLE
OTHER | UNPARSED | RESERVE(UNPARSED) | SET TRANSACTION ISOLATION LEVEL READ
OTHER | UNPARSED | RESERVE(UNPARSED) | SET @a = 1 /*!80000 + 1 */
# Administration
OTHER | IMPLICIT_COMMIT | MULTIPLEX | GRANT SELECT ON app.* TO 'u'@'%'
OTHER | IMPLICIT_COMMIT | MULTIPLEX | REVOKE SELECT ON app.* FROM u
OTHER | IMPLICIT_COMMIT | MULTIPLEX | ANALYZE TABLE t
OTHER | IMPLICIT_COMMIT | MULTIPLEX | OPTIMIZE TABLE t
OTHER | - | MULTIPLEX | CHECKSUM TABLE t
OTHER | - | MULTIPLEX | RESET PERSIST
OTHER | IMPLICIT_COMMIT | MULTIPLEX | RESET MASTER
OTHER | IMPLICIT_COMMIT | MULTIPLEX | START REPLICA
OTHER | IMPLICIT_COMMIT | MULTIPLEX | CHANGE REPLICATION SOURCE TO SOURCE_HOST='h'
OTHER | IMPLICIT_COMMIT | MULTIPLEX | LOAD INDEX INTO CACHE t
OTHER | - | MULTIPLEX | HELP 'contents'
KILL | - | MULTIPLEX | KILL QUERY 42
KILL | - | MULTIPLEX | KILL CONNECTION_ID()
KILL | - | MULTIPLEX | KILL 40 + 2
LOAD | USER_VARIABLE_READ USER_VARIABLE_WRITE USER_VARIABLE_ON_CONNECTION | RESERVE(USER_VARIABLE) | LOAD DATA LOCAL INFILE 'x.csv' INTO TABLE t (a, @b) SET c = @b * 2
LOAD | - | MULTIPLEX | LOAD DATA INFILE 'x' INTO TABLE t FIELDS TERMINATED BY ','
DO | - | MULTIPLEX | DO SLEEP(1)
# Text shapes
EMPTY | - | MULTIPLEX |
EMPTY | - | MULTIPLEX | /* just a comment */
EMPTY | - | MULTIPLEX | -- comment\\n# another
EMPTY | - | MULTIPLEX | ;;
EMPTY | - | MULTIPLEX | /*!99999 SELECT GET_LOCK('a', 1) */
SELECT | - | MULTIPLEX | SELECT 1;
SELECT | MULTI_STATEMENT | RESERVE(UNTRACKED_STATE) | SELECT 1; SELECT 2
SET | USER_VARIABLE_READ MULTI_STATEMENT USER_VARIABLE_ON_CONNECTION | RESERVE(USER_VARIABLE) | SET @a = 1; SELECT @a
SELECT | TEMPORARY_TABLE MULTI_STATEMENT | RESERVE(TEMPORARY_TABLE) | SELECT 1; CREATE TEMPORARY TABLE t (a INT)
SELECT | - | MULTIPLEX | SELECT 'a;b', `c;d`
SELECT | - | MULTIPLEX | select * from t where name = 'O\\'Reilly' and x = "a""b"
SELECT | - | MULTIPLEX | SELECT café FROM tàble WHERE 名前 = ?
SELECT | - | MULTIPLEX | SELECT 'a\\0b'
OTHER | UNPARSED | RESERVE(UNPARSED) | SELECT 'unterminated
OTHER | UNPARSED | RESERVE(UNPARSED) | SELECT 1 /* unterminated
OTHER | UNPARSED | RESERVE(UNPARSED) | SELECT `unterminated
SELECT | - | MULTIPLEX | SELECT 1\\0
SELECT | - | MULTIPLEX | SELECT 1 /* \\0 */, 2
OTHER | UNPARSED | RESERVE(UNPARSED) | SELECT 1\\0 garbage
OTHER | UNPARSED | RESERVE(UNPARSED) | FROBNICATE everything
OTHER | UNPARSED | RESERVE(UNPARSED) | WITH garbage
OTHER | UNPARSED | RESERVE(UNPARSED) | 42
""";

  static Stream<Arguments> corpus() {
    return CORPUS
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(
            line -> {
              String[] cells = line.split("\\|", 4);
              String sql = cells[3].strip().replace("\\n", "\n").replace("\\0", "\0");
              return Arguments.of(sql, cells[0].strip(), cells[1].strip(), cells[2].strip());
            });
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("corpus")
  void classifiesTheCorpus(String sql, String kind, String flags, String outcome)
      throws ReflectiveOperationException {
    StatementPlan plan = SqlClassifier.classify(sql);
    int expectedFlags = 0;
    for (String name : flags.equals("-") ? new String[0] : flags.split(" ")) {
      expectedFlags |= StatementPlan.class.getField(name).getInt(null);
    }
    assertEquals(kind + SessionRules.flagNames(expectedFlags) + " " + outcome, describe(plan), sql);
  }

  static String describe(StatementPlan plan) {
    String outcome =
        plan.reserveReason() == null
            ? plan.consequence().name()
            : plan.consequence() + "(" + plan.reserveReason() + ")";
    return plan.kind() + SessionRules.flagNames(plan.flags()) + " " + outcome;
  }

  @Test
  void theCorpusIsLarge() {
    assertEquals(true, corpus().count() >= 150, "corpus size " + corpus().count());
  }

  @Test
  void useNamesTheSchemaWithoutQuotes() {
    assertEquals("app", SqlClassifier.classify("USE app").useSchema());
    assertEquals("My db", SqlClassifier.classify("use `My db`;").useSchema());
    assertEquals("a`b", SqlClassifier.classify("USE `a``b`").useSchema());
    assertEquals(
        "x", SqlClassifier.classify("USE \"x\"", new LexerMode(80031, false, true)).useSchema());
    assertNull(SqlClassifier.classify("SELECT 1").useSchema());
    assertNull(SqlClassifier.classify("USE a b").useSchema());
  }

  @Test
  void ansiQuotesMakeDoubleQuotedTextAnIdentifier() {
    LexerMode ansi = LexerMode.of(80031, "ANSI");
    assertEquals(
        "SELECT MULTIPLEX", describe(SqlClassifier.classify("SELECT \"@x\" FROM t", ansi)));
    assertEquals(
        "SELECT[LOCK_FUNCTION] RESERVE(LOCK)",
        describe(SqlClassifier.classify("SELECT \"GET_LOCK\"('a', 1)", ansi)));
    assertEquals(
        "SELECT MULTIPLEX",
        describe(SqlClassifier.classify("SELECT \"GET_LOCK\"('a', 1)", LexerMode.DEFAULT)));
  }

  @Test
  void noBackslashEscapesChangesWhereStringsEnd() {
    String sql = "SELECT 'a\\', @x, '\\'";
    assertEquals(
        "SELECT[USER_VARIABLE_READ] REWRITE",
        describe(SqlClassifier.classify(sql, new LexerMode(80031, true, false))));
    assertEquals("OTHER[UNPARSED] RESERVE(UNPARSED)", describe(SqlClassifier.classify(sql)));
  }

  @Test
  void versionCommentsFollowTheServerVersion() {
    String sql = "SELECT 1 /*!80032 , GET_LOCK('a', 1) */";
    assertEquals("SELECT MULTIPLEX", describe(SqlClassifier.classify(sql)));
    assertEquals(
        "SELECT[LOCK_FUNCTION] RESERVE(LOCK)",
        describe(SqlClassifier.classify(sql, new LexerMode(80032, false, false))));
  }

  @Test
  void countsStatements() {
    assertEquals(0, SqlClassifier.classify(" ; /* x */ ;").statementCount());
    assertEquals(1, SqlClassifier.classify("SELECT 1;").statementCount());
    assertEquals(3, SqlClassifier.classify("SELECT 1; ; SELECT 2; DO 3").statementCount());
  }

  @Test
  void plansOfTheSameTextAreEqualButIndependent() {
    StatementPlan plan = SqlClassifier.classify("SELECT @a");
    assertSame(plan.sql(), plan.sql());
    assertEquals(java.util.List.of(new VariableRead("a", 7, 9)), plan.userVariableReads());
  }

  @Test
  void userVariableReadsNameTheVariable() {
    StatementPlan plan =
        SqlClassifier.classify("SELECT @X, @'My Var', @`q`, @x := 1, @\"d\" FROM t INTO @out");
    assertEquals(
        java.util.List.of(
            new VariableRead("x", 7, 9),
            new VariableRead("my var", 11, 20),
            new VariableRead("q", 22, 26),
            new VariableRead("d", 37, 41)),
        plan.userVariableReads());
  }

  @Test
  void killsNameTheirTarget() {
    assertEquals(new Kill(false, 42), SqlClassifier.classify("KILL QUERY 42").kill());
    assertEquals(new Kill(true, 42), SqlClassifier.classify("kill connection 42").kill());
    assertEquals(new Kill(true, 7), SqlClassifier.classify("KILL 7").kill());
    assertEquals(new Kill(false, Kill.SELF), SqlClassifier.classify("KILL QUERY CONNECTION_ID()").kill());
    assertEquals(null, SqlClassifier.classify("KILL 40 + 2").kill());
    assertEquals(null, SqlClassifier.classify("KILL 1; KILL 2").kill());
  }

  @Test
  void diagnosticsShowsNameWhatTheyAsk() {
    assertEquals(
        new ShowDiagnostics(false, false, 0, Long.MAX_VALUE),
        SqlClassifier.classify("SHOW WARNINGS").showDiagnostics());
    assertEquals(
        new ShowDiagnostics(true, false, 1, 2),
        SqlClassifier.classify("show errors limit 1, 2").showDiagnostics());
    assertEquals(
        new ShowDiagnostics(true, true, 0, Long.MAX_VALUE),
        SqlClassifier.classify("SHOW COUNT(*) ERRORS").showDiagnostics());
    assertEquals(null, SqlClassifier.classify("SHOW WARNINGS; SELECT 1").showDiagnostics());
  }

  @Test
  void insertsWithAColumnListNameTheirTargetAndColumns() {
    assertEquals(
        new InsertTarget(null, "owners", java.util.List.of("first_name", "last_name", "city")),
        SqlClassifier.classify(
                "insert into owners (first_name, last_name, city) values (?, ?, ?)")
            .insertTarget());
    assertEquals(
        new InsertTarget("app", "My T", java.util.List.of("a", "b")),
        SqlClassifier.classify(
                "INSERT /*+ SET_VAR(sort_buffer_size = 1M) */ IGNORE INTO `app`.`My T`"
                    + " (t.a, `b`) VALUES (1, 2), (3, 4) AS new")
            .insertTarget());
    assertEquals(
        new InsertTarget(null, "t", java.util.List.of("a")),
        SqlClassifier.classify("REPLACE t (a) SELECT x FROM u").insertTarget());
    for (String other :
        new String[] {
          "INSERT INTO t VALUES (1, 2)",
          "INSERT INTO t SET a = 1",
          "INSERT INTO t () VALUES ()",
          "INSERT INTO t PARTITION (p0) (a) VALUES (1)",
          "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = a + 1",
          "INSERT INTO t (a) VALUES (1); INSERT INTO t (b) VALUES (2)",
          "INSERT INTO t (a, (b)) VALUES (1, 2)",
          "WITH x AS (SELECT 1) INSERT INTO t (a) SELECT * FROM x",
          "INSERT /*!50000 INTO t (a) */ VALUES (1)",
          "UPDATE t SET a = 1"
        }) {
      assertNull(SqlClassifier.classify(other).insertTarget(), other);
    }
  }
}
