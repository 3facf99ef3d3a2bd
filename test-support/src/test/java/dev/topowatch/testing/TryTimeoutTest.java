package dev.topowatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** A jqwik property that hangs fails within the per-try limit instead of stalling the build. */
class TryTimeoutTest {

  @AfterEach
  void stopTheAbandonedTry() {
    HangingProperty.spin = false;
    System.clearProperty(TryTimeout.PROPERTY);
  }

  @Test
  void aHangingPropertyFailsAfterTheLimit() {
    System.setProperty(TryTimeout.PROPERTY, "1");
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    long start = System.nanoTime();

    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(HangingProperty.class))
            .configurationParameter("jqwik.database", "target/jqwik-database-try-timeout").build(),
        listener);

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    TestExecutionSummary summary = listener.getSummary();
    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException()).hasMessageContaining("ran longer than PT1S");
    assertThat(took).as("one timed-out try, shrinking bounded").isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void theLimitReadsADurationOrSeconds() {
    assertThat(TryTimeout.limitFrom(null)).isEqualTo(TryTimeout.DEFAULT);
    assertThat(TryTimeout.limitFrom("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThat(TryTimeout.limitFrom(" 5 ")).isEqualTo(Duration.ofSeconds(5));
  }
}
