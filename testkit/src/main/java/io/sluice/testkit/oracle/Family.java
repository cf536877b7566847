package io.sluice.testkit.oracle;

/** The groups of operations the oracle draws from; each keeps its own part of the model. */
public enum Family {
  /** {@code SET @v_k = ...}, expressions over user variables, reads, use in WHERE and INSERT. */
  USER_VARIABLES,
  /** {@code sql_mode}: its value, {@code ||} under PIPES_AS_CONCAT, ANSI_QUOTES, strictness. */
  SQL_MODE,
  /** {@code time_zone}: its value and the offset of {@code NOW()} from {@code UTC_TIMESTAMP()}. */
  TIME_ZONE,
  /** {@code SET NAMES}: the client, results and connection character sets. */
  NAMES,
  /** {@code USE} and {@code setCatalog}: {@code DATABASE()} and unqualified table names. */
  SCHEMA,
  /** Transactions over a shared InnoDB table: own rows visible, others' uncommitted rows not. */
  TRANSACTIONS,
  /** {@code LAST_INSERT_ID()} against {@code getGeneratedKeys} and {@code LAST_INSERT_ID(n)}. */
  LAST_INSERT_ID,
  /** Closing the connection and opening a new one, which must show a fresh session's state. */
  RECONNECT
}
