package io.sluice.vars;

/**
 * One MySQL system variable, as the rules table describes it.
 *
 * @param name the name, lower case
 * @param scope where it exists
 * @param dynamic whether SET can change it at all ({@code false}: read-only)
 * @param setVar whether MySQL accepts it in a {@code SET_VAR} hint
 * @param carrier how Sluice carries a session SET of it
 * @param why why the carrier is what it is, where it is not the obvious one; empty otherwise
 */
public record SystemVariable(
    String name, Scope scope, boolean dynamic, boolean setVar, Carrier carrier, String why) {

  /** Whether a variable has a session value, a global value, or both. */
  public enum Scope {
    /** Session only (e.g. {@code timestamp}). */
    SESSION,
    /** Session and global (e.g. {@code sql_mode}). */
    BOTH,
    /** Global only (e.g. {@code innodb_buffer_pool_size}). */
    GLOBAL
  }
}
