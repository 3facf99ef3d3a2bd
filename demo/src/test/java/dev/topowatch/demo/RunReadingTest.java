package dev.topowatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RunReadingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A run document with {@code points} sampled steps at thresholds 0 and 1.5. */
  private static ObjectNode run(int points, IntToDoubleFunction theta, IntToDoubleFunction late) {
    ObjectNode run = JSON.createObjectNode();
    ObjectNode history = run.putObject("theta");
    for (String t : new String[] {"0", "1.5"}) {
      ArrayNode h = history.putArray(t);
      for (int i = 0; i < points; i++) {
        h.addObject().put("step", i * 10L).put("theta", theta.applyAsDouble(i)).put("late_layer_complexity", late.applyAsDouble(i))
            .put("depth_trend", -0.8);
      }
    }
    run.putObject("step_metrics").put("loss", 0.5);
    return run;
  }

  private static JsonNode epoch(ObjectNode run, long step, double gap) {
    ObjectNode copy = run.deepCopy();
    copy.putObject("epoch_metrics").put("has_validation", true).put("step", step).put("generalization_gap", gap);
    return copy;
  }

  @Test
  void aHealthyRunReadsAsHealthy() {
    ObjectNode run = run(30, i -> -0.3 + 0.01 * i, i -> i == 0 ? 1 : 15);
    RunReading reading = new RunReading();
    reading.observe(epoch(run, 90, 0.01));
    String line = reading.line(epoch(run, 290, 0.02), "0");
    // θ rises while Ω falls with depth: the reading says both, and which one is the direction
    assertThat(line).startsWith("reading: Ω at η=0 falls with depth (depth trend ρ = −0.800); θ, the paper's decay metric, at η=0 "
            + "rose from −0.300 to −0.010 (a shape functional, not the direction over depth")
        .contains("gap 0.010 → 0.020 over 2 epochs")
        .endsWith("no generalisation alert would have fired (replayed at one sampled step per minute).");
  }

  @Test
  void collapsedLateLayersAndAWideningGapWouldHaveFired() {
    ObjectNode collapsed = run(12, i -> 0.2, i -> i < 2 ? 15 : 1);
    assertThat(new RunReading().line(collapsed, "0")).contains("would have fired: TopowatchLateLayersCollapsed")
        .contains("no validation epoch seen");

    ObjectNode overfit = run(60, i -> 0.0, i -> 15);
    RunReading reading = new RunReading();
    for (int e = 0; e < 12; e++) {
      reading.observe(epoch(overfit, e * 50L + 49, 0.01 + 0.02 * e));
    }
    assertThat(reading.line(overfit, "1.5")).contains("at η=1.5 stayed near 0.000")
        .contains("would have fired: TopowatchGeneralizationGapWidening");
  }

  @Test
  void aCollapseAtOneThresholdOnlyIsNotACollapse() {
    ObjectNode run = run(20, i -> 0.0, i -> 15);
    for (JsonNode p : run.path("theta").path("1.5")) {
      ((ObjectNode) p).put("late_layer_complexity", 1.0);
    }
    assertThat(new RunReading().line(run, "0")).contains("no generalisation alert would have fired");
  }
}
