package dev.topowatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LiveViewTest {

  private static final String RUN = """
      {"run_id":"demo-1","powergrad_enabled":true,"powergrad_alpha":0.25,"samples_processed":48,"samples_rejected":2,
       "thresholds":["0.25","0.5"],
       "step_metrics":{"step":19,"epoch":0,"loss":1.23456,"accuracy":0.5,"logit_norm":3.2},
       "epoch_metrics":{"has_validation":true,"validation_accuracy":0.41,"generalization_gap":0.09},
       "layers":[
         {"index":0,"name":"00_conv2d","shape":[8,28,28],"step":19,
          "thresholds":{"0.25":{"betti":[5,1,0],"omega":6},"0.5":{"betti":[12.5,3.25,1],"omega":16.75}}},
         {"index":1,"name":"01_linear","shape":[10],"step":19,
          "thresholds":{"0.5":{"betti":[2],"omega":2}}}],
       "theta":{"0.5":[{"step":9,"theta":0.5,"layers_present":2,"complete":true},
                      {"step":19,"theta":0.1234,"layers_present":2,"complete":false}]}}
      """;

  private final JsonNode run = parse(RUN);

  @Test
  void showsTheLayerTableAtTheChosenThreshold() {
    String frame = new LiveView("0.5", 100).render(run, 19);

    assertThat(frame).contains("[######------------------------] 20/100 steps (20%)");
    assertThat(frame).containsPattern("0\\s+00_conv2d\\s+8x28x28\\s+19\\s+12\\.5\\s+3\\.3\\s+1\\.0\\s+16\\.8");
    assertThat(frame).containsPattern("1\\s+01_linear\\s+10\\s+19\\s+2\\.0\\s+-\\s+-\\s+2\\.0");
    assertThat(frame).contains("θ=0.1234 at step 19 (2 layers, incomplete)");
    assertThat(frame).contains("loss 1.2346").contains("PowerGrad α 0.25").contains("gap 0.090");
    assertThat(frame).contains("samples processed 48, rejected 2");
  }

  @Test
  void saysWhenNoThetaIsAvailableYet() {
    String frame = new LiveView("0.25", 100).render(run, 19);

    assertThat(frame).contains("θ: not yet");
  }

  @Test
  void waitsForTheFirstRecords() {
    assertThat(new LiveView("0.5", 10).render(null, -1)).contains("waiting for the first records").contains("0/10 steps");
  }

  @Test
  void picksTheRequestedThresholdByValueOrFallsBackToTheFirst() {
    assertThat(LiveView.pickThreshold(run, "0.50")).isEqualTo("0.5");
    assertThat(LiveView.pickThreshold(run, "0.75")).isEqualTo("0.25");
  }

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
