package io.sluice.status;

/**
 * Connection counts at one second, for the status page's chart.
 *
 * @param epochSecond when, in seconds since the epoch
 * @param physical connections open to MySQL (in advise mode: the sessions' own connections)
 * @param logical logical sessions open
 * @param projected advise mode: the physical connections multiplexing is projected to need; -1
 *     when multiplexing
 */
public record Sample(long epochSecond, int physical, int logical, int projected) {}
