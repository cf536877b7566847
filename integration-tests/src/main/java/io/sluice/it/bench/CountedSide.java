package io.sluice.it.bench;

import java.util.Map;

/**
 * One side of a run whose MySQL commands were counted ({@link BenchRun#runCounted}).
 *
 * @param side what the app measured, with MySQL's exact peak of its connections
 * @param commands what each {@code Com_*} counter gained over the measured phase (nonzero ones)
 */
public record CountedSide(Side side, Map<String, Long> commands) {}
