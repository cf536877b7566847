package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KeyValueLineTest {

  @Test
  void parsesTagAndFields() {
    KeyValueLine line =
        KeyValueLine.parse("RESULT threads=64 ops=1200  p99Ms=3.5 url=jdbc:mysql://h/db?a=b");
    assertEquals("RESULT", line.tag());
    assertEquals(64, line.getInt("threads"));
    assertEquals(1200L, line.getLong("ops"));
    assertEquals(3.5, line.getDouble("p99Ms"));
    assertEquals("jdbc:mysql://h/db?a=b", line.get("url"));
    assertEquals("RESULT threads=64 ops=1200 p99Ms=3.5 url=jdbc:mysql://h/db?a=b", line.toString());
  }

  @Test
  void failsOnMissingOrMalformedFields() {
    assertThrows(
        IllegalArgumentException.class, () -> KeyValueLine.parse("RESULT ops=1").get("errors"));
    assertThrows(IllegalArgumentException.class, () -> KeyValueLine.parse("RESULT ops"));
  }
}
