package io.sluice.sql;

/**
 * What a statement is, from its leading keywords (comments stripped, executable comments read as
 * code), in the manner of Vitess' {@code sqlparser.Preview}. For a text with several statements,
 * the kind of the first.
 */
public enum StatementKind {
  /**
   * SELECT; also {@code TABLE t}, {@code VALUES ROW(..)}, a parenthesised query, and WITH leading
   * to SELECT.
   */
  SELECT,
  /** INSERT, including INSERT ... SELECT and INSERT ... WITH ... SELECT. */
  INSERT,
  /** UPDATE, also WITH ... UPDATE. */
  UPDATE,
  /** DELETE, also WITH ... DELETE. */
  DELETE,
  /** REPLACE. */
  REPLACE,
  /** CALL of a stored procedure. */
  CALL,
  /** DO. */
  DO,
  /**
   * SET: variables, NAMES, CHARACTER SET, TRANSACTION, PASSWORD, ROLE, DEFAULT ROLE, RESOURCE
   * GROUP.
   */
  SET,
  /** USE db. */
  USE,
  /** SHOW. */
  SHOW,
  /** EXPLAIN, DESCRIBE, DESC. */
  EXPLAIN,
  /**
   * BEGIN, BEGIN WORK, START TRANSACTION with its characteristics: only when that is the whole
   * statement.
   */
  BEGIN,
  /** COMMIT [WORK] [AND [NO] CHAIN] [[NO] RELEASE]. */
  COMMIT,
  /** ROLLBACK [WORK] [AND [NO] CHAIN] [[NO] RELEASE]. */
  ROLLBACK,
  /** SAVEPOINT name. */
  SAVEPOINT,
  /** ROLLBACK [WORK] TO [SAVEPOINT] name. */
  ROLLBACK_TO_SAVEPOINT,
  /** RELEASE SAVEPOINT name. */
  RELEASE_SAVEPOINT,
  /** LOCK TABLES, LOCK TABLE, LOCK INSTANCE FOR BACKUP. */
  LOCK_TABLES,
  /** UNLOCK TABLES, UNLOCK TABLE, UNLOCK INSTANCE. */
  UNLOCK_TABLES,
  /** XA START/BEGIN/END/PREPARE/COMMIT/ROLLBACK/RECOVER. */
  XA,
  /** PREPARE name FROM .... */
  PREPARE,
  /** EXECUTE name [USING ...]. */
  EXECUTE,
  /** DEALLOCATE PREPARE name, DROP PREPARE name. */
  DEALLOCATE,
  /** HANDLER. */
  HANDLER,
  /** LOAD DATA, LOAD XML. */
  LOAD,
  /** CREATE, ALTER, DROP, TRUNCATE, RENAME (tables, views, routines, users, ...). */
  DDL,
  /** FLUSH. */
  FLUSH,
  /** KILL. */
  KILL,
  /** Only comments and whitespace: MySQL answers "Query was empty". */
  EMPTY,
  /**
   * Anything else: account and administration statements (GRANT, REVOKE, ANALYZE, RESET, ...), GET
   * DIAGNOSTICS, and statements the classifier does not know (then flagged UNPARSED).
   */
  OTHER
}
