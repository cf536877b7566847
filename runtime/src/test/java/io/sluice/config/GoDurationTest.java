package io.sluice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
  @ParameterizedTest
  @CsvSource({
    "PT30S, 30s",
    "PT1M30S, 1m30s",
    "PT2H, 2h",
    "PT1H0M1S, 1h1s",
    "PT0.5S, 500ms",
    "PT1.5S, 1500ms",
    "PT0.000001S, 1us",
    "PT0.000000007S, 7ns",
  })
  void formatSpellsWhatParseReadsBack(String iso, String go) {
    Duration duration = Duration.parse(iso);
    assertEquals(go, GoDuration.format(duration));
    assertEquals(duration, GoDuration.parsePositive(go));
  }
}
