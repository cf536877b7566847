package io.sluice.sql;

/**
 * {@code KILL [CONNECTION | QUERY] id}, as a session may carry it out itself when the id is one
 * of its sessions' CONNECTION_ID().
 *
 * @param connection true for KILL [CONNECTION] (the session ends), false for KILL QUERY (its
 *     running statement is interrupted)
 * @param id the id named, or {@link #SELF} for {@code CONNECTION_ID()}
 */
public record Kill(boolean connection, long id) {
  /** The id of {@code KILL [QUERY] CONNECTION_ID()}: the session that runs it. */
  public static final long SELF = -1;
}
