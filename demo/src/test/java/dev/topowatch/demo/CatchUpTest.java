package dev.topowatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topowatch.demo.CatchUp.State;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CatchUpTest {

  private static final Instant END = Instant.parse("2026-11-30T04:00:00Z");

  private static Instant at(long seconds) {
    return END.plusSeconds(seconds);
  }

  @Test
  void aCountThatStandsStillForTheQuietPeriodHasCaughtUp() {
    CatchUp wait = new CatchUp(Duration.ofSeconds(5), Duration.ofMinutes(2), END);
    assertThat(wait.observe(100, at(0))).isEqualTo(State.WAITING);
    assertThat(wait.observe(120, at(3))).isEqualTo(State.WAITING);
    assertThat(wait.observe(120, at(7))).isEqualTo(State.WAITING); // still for 4 s
    assertThat(wait.observe(120, at(8))).isEqualTo(State.CAUGHT_UP);
  }

  @Test
  void aCountThatKeepsMovingGivesUpAtTheLimit() {
    CatchUp wait = new CatchUp(Duration.ofSeconds(5), Duration.ofMinutes(2), END);
    long processed = 0;
    for (long s = 0; s < 120; s += 2) {
      assertThat(wait.observe(processed += 10, at(s))).as("at %d s", s).isEqualTo(State.WAITING);
    }
    assertThat(wait.observe(processed + 10, at(120))).isEqualTo(State.GAVE_UP);
  }

  @Test
  void nothingReceivedAtAllIsCaughtUpAfterTheQuietPeriod() {
    CatchUp wait = new CatchUp(Duration.ofSeconds(5), Duration.ofMinutes(2), END);
    assertThat(wait.observe(0, at(1))).isEqualTo(State.WAITING);
    assertThat(wait.observe(0, at(6))).isEqualTo(State.CAUGHT_UP);
  }

  @Test
  void aLimitShorterThanTheQuietPeriodIsRefused() {
    assertThatThrownBy(() -> new CatchUp(Duration.ofSeconds(5), Duration.ofSeconds(1), END)).hasMessageContaining("quiet");
  }
}
