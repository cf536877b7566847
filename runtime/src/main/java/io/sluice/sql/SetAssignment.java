package io.sluice.sql;

/**
 * One assignment of a SET statement.
 *
 * @param scope the scope it applies to: a GLOBAL/SESSION/... keyword carries over to the following
 *     assignments that name none, as in MySQL; {@code @@scope.name} applies to itself only
 * @param type what is assigned
 * @param name the variable's name in lower case, without {@code @}, {@code @@}, scope or quotes
 *     ({@code sql_mode}, {@code my var}, {@code default.key_buffer_size}); {@code names} and {@code
 *     character_set} for those forms; {@code transaction_isolation} or {@code
 *     transaction_read_only} for a transaction characteristic
 * @param value the value exactly as written, from its first token to its last ({@code 'x'}, {@code
 *     CONCAT(@@sql_mode, ',X')}, {@code DEFAULT}, {@code utf8mb4 COLLATE utf8mb4_bin}, and for a
 *     characteristic {@code READ COMMITTED} or {@code READ ONLY})
 */
public record SetAssignment(Scope scope, Type type, String name, String value) {

  /** The scope of an assignment. */
  public enum Scope {
    /** None written: the session value ({@code SET x = 1}, {@code SET @@x = 1}, SET NAMES). */
    NONE,
    SESSION,
    LOCAL,
    GLOBAL,
    PERSIST,
    PERSIST_ONLY,
    /** A user-defined variable, {@code @x}. */
    USER
  }

  /** What an assignment sets. */
  public enum Type {
    /** A user or system variable. */
    VARIABLE,
    /** SET NAMES charset [COLLATE collation] | DEFAULT. */
    NAMES,
    /** SET CHARACTER SET / CHARSET charset | DEFAULT. */
    CHARACTER_SET,
    /**
     * A characteristic of SET [scope] TRANSACTION: with scope NONE it applies to the next
     * transaction only.
     */
    TRANSACTION
  }

  /**
   * Whether this assigns a value of this session (no scope, SESSION or LOCAL); for a {@link
   * Type#TRANSACTION} characteristic with no scope, of its next transaction only.
   */
  public boolean isSessionScope() {
    return scope == Scope.NONE || scope == Scope.SESSION || scope == Scope.LOCAL;
  }
}
