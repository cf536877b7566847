package io.sluice.sql;

/**
 * A read of a user-defined variable: {@code [start, end)} spans {@code @name} as written.
 *
 * @param name the variable's name in lower case, without {@code @} or quotes (MySQL's user variable
 *     names are case-insensitive)
 */
public record VariableRead(String name, int start, int end) {}
