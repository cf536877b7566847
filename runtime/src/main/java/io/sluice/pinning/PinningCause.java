package io.sluice.pinning;

import io.sluice.sql.ReserveReason;

/**
 * What made sessions pin, as one line of code would: the reason, the statement's digest and the
 * application's call site. Reservations alike in these three are counted together.
 */
public record PinningCause(ReserveReason reason, String digest, String callSite) {}
