package io.sluice.tablet;

import java.util.Map;

/**
 * What the driver gives every statement it creates, from the tablet's URL properties: a session's
 * statements report and use the same until the application sets its own, and the physical
 * statement that runs one is changed only where they differ.
 *
 * @param cursorFetch {@code useCursorFetch}: a statement with a positive fetch size reads its
 *     result through a server-side cursor, which stays on its connection until closed
 * @param fetchSize {@code defaultFetchSize} ({@code Integer.MIN_VALUE} streams every result)
 * @param maxRows {@code maxRows}, 0 for none (the driver reports its default of -1 as 0)
 * @param resetsAfterStreaming {@code netTimeoutForStreamingResults} above 0 (its default is 600):
 *     a streamed result's close sends {@code SET net_write_timeout}, which replaces the
 *     connection's diagnostics
 */
public record StatementDefaults(
    boolean cursorFetch, int fetchSize, long maxRows, boolean resetsAfterStreaming) {

  /** The defaults of a URL the driver accepted, so that every value present is well formed. */
  static StatementDefaults of(Map<String, String> properties) {
    return new StatementDefaults(
        Boolean.TRUE.equals(DriverUrl.flag(properties, "useCursorFetch")),
        Integer.parseInt(properties.getOrDefault("defaultFetchSize", "0")),
        Math.max(0, Long.parseLong(properties.getOrDefault("maxRows", "0"))),
        Integer.parseInt(properties.getOrDefault("netTimeoutForStreamingResults", "600")) > 0);
  }
}
