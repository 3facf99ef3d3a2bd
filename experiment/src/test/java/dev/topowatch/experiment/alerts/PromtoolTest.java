package dev.topowatch.experiment.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PromtoolTest {

  /** promtool 2.42's report of two failed checks, one with an alert that fired, one that expected an alert. */
  private static final String REPORT = """
      Unit Testing:  t.yml


        FAILED:
          name: healthy-s1 (healthy),
          alertname: TopowatchThetaReversing, time: 1h15m,\s
              exp:[],\s
              got:[
                  0:
                    Labels:{alertname="TopowatchThetaReversing", run_id="healthy-s1", severity="warning", threshold="0.5"}
                    Annotations:{description="θ is \\"low\\": -0.1", summary="run healthy-s1"}
                  ]
          name: overfitting-s1 (overfitting),
          alertname: TopowatchLossStalled, time: 5m,\s
              exp:[
                  0:
                    Labels:{alertname="TopowatchLossStalled", run_id="x", severity="warning"}
                    Annotations:{}
                  ],\s
              got:[]
      """;

  @Test
  void readsEveryFailedCheckWithWhatFired() {
    List<Promtool.Failure> failures = Promtool.failures(REPORT);
    assertThat(failures).hasSize(2);
    Promtool.Failure first = failures.get(0);
    assertThat(first.group()).isEqualTo("healthy-s1 (healthy)");
    assertThat(first.alert()).isEqualTo("TopowatchThetaReversing");
    assertThat(first.minute()).isEqualTo(75);
    assertThat(first.got()).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo("TopowatchThetaReversing");
      assertThat(a.labels()).containsEntry("threshold", "0.5").containsEntry("run_id", "healthy-s1");
      assertThat(a.annotations()).containsEntry("description", "θ is \"low\": -0.1");
    });
    assertThat(failures.get(1).minute()).isEqualTo(5);
    assertThat(failures.get(1).got()).isEmpty();
  }

  @Test
  void goDurationsInMinutes() {
    assertThat(Promtool.minutes("0s")).isZero();
    assertThat(Promtool.minutes("2h")).isEqualTo(120);
    assertThat(Promtool.minutes("1h5m0s")).isEqualTo(65);
  }
}
