package dev.topowatch.analyzer.service;

import static dev.topowatch.analyzer.service.BackpressureController.Action.NONE;
import static dev.topowatch.analyzer.service.BackpressureController.Action.PAUSE;
import static dev.topowatch.analyzer.service.BackpressureController.Action.RESUME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackpressureControllerTest {

  @Test
  void pausesAtTheHighMarkAndResumesOnlyAtTheLowMark() {
    BackpressureController c = new BackpressureController(10, 5);
    List<BackpressureController.Action> actions = new ArrayList<>();
    for (int inFlight : new int[] {0, 9, 10, 12, 9, 6, 5, 4, 9, 10}) {
      actions.add(c.update(inFlight));
    }
    assertThat(actions).containsExactly(NONE, NONE, PAUSE, NONE, NONE, NONE, RESUME, NONE, NONE, PAUSE);
    assertThat(c.paused()).isTrue();
  }

  @Test
  void aQueueThatNeverDrainsStaysPausedWithoutFlapping() {
    BackpressureController c = new BackpressureController(4, 2);
    assertThat(c.update(100)).isEqualTo(PAUSE);
    for (int i = 0; i < 50; i++) {
      assertThat(c.update(3 + i % 5)).isEqualTo(NONE);
    }
  }

  @Test
  void rejectsMarksThatCannotWork() {
    assertThatThrownBy(() -> new BackpressureController(5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackpressureController(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
