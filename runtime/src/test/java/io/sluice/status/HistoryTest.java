package io.sluice.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTest {
  @Test
  void keepsTheLatestSamplesOldestFirst() {
    History history = new History(3);
    assertEquals(List.of(), history.samples());
    for (int i = 1; i <= 5; i++) {
      history.add(new Sample(i, i, i * 10, -1));
    }
    assertEquals(
        List.of(3L, 4L, 5L), history.samples().stream().map(Sample::epochSecond).toList());
  }

  @Test
  void partlyFilledKeepsAll() {
    History history = new History(4);
    history.add(new Sample(1, 2, 3, 4));
    history.add(new Sample(2, 2, 3, 4));
    assertEquals(2, history.samples().size());
    assertEquals(1, history.samples().get(0).epochSecond());
  }
}
