package io.sluice.config;

/** What Sluice does with the sessions it intercepts (agent arg {@code mode}). */
public enum Mode {
  /** Sessions share pooled physical connections; the normal mode. */
  MULTIPLEX,
  /**
   * Each session keeps its own physical connection, as without Sluice, while every statement is
   * classified so that operators can see what would pin and the projected connection peak.
   */
  ADVISE
}
