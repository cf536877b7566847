package io.sluice.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sluice.jmx.SessionsMXBean;
import io.sluice.sql.ReserveReason;
import io.sluice.sql.ReserveReason.Counter;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A reservation adds to the counter its reason names, and every counter is a JMX attribute. */
class SessionMetricsTest {

  @Test
  void eachReasonAddsToItsCounter() {
    SessionMetrics metrics = new SessionMetrics();
    Map<Counter, Long> expected = new EnumMap<>(Counter.class);
    for (Counter counter : Counter.values()) {
      expected.put(counter, 0L);
    }
    for (ReserveReason reason : ReserveReason.values()) {
      metrics.reserved(reason);
      expected.merge(reason.counter(), 1L, Long::sum);
      for (Counter counter : Counter.values()) {
        assertEquals(expected.get(counter), metrics.reservations(counter), reason + " " + counter);
      }
    }
    assertEquals(ReserveReason.values().length, metrics.reservedSessions());
    assertEquals(expected.get(Counter.SETTINGS), metrics.reservationsForSettings());
    assertEquals(expected.get(Counter.TEMPORARY_TABLES), metrics.reservationsForTemporaryTables());
    assertEquals(expected.get(Counter.LOCKS), metrics.reservationsForLocks());
    assertEquals(expected.get(Counter.OTHER), metrics.reservationsForOther());
  }

  @Test
  void everyCounterIsAnAttributeOfTheSessionsBean() throws NoSuchMethodException {
    for (Counter counter : Counter.values()) {
      assertNotNull(SessionsMXBean.class.getMethod("get" + counter.attribute()), counter.name());
    }
  }
}
