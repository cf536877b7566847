package io.sluice.status;

import java.util.List;

/** What the status page reads from the runtime: a sample a second, and the whole picture. */
public interface StatusSource {
  /** The connection counts now, for the chart. */
  Sample sample(long epochSecond);

  /** Everything the page shows now, with the chart's samples. */
  StatusSnapshot snapshot(List<Sample> history);
}
