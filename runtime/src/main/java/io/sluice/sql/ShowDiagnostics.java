package io.sluice.sql;

/**
 * What a SHOW WARNINGS, SHOW ERRORS, SHOW COUNT(*) WARNINGS or SHOW COUNT(*) ERRORS asks of the
 * previous statement's diagnostics.
 *
 * @param errors only conditions of level Error (SHOW ERRORS), or their count
 * @param count the count alone (SHOW COUNT(*) ...)
 * @param offset rows to skip ({@code LIMIT offset, n}); 0 otherwise
 * @param limit rows at most ({@code LIMIT n}); {@link Long#MAX_VALUE} otherwise
 */
public record ShowDiagnostics(boolean errors, boolean count, long offset, long limit) {}
