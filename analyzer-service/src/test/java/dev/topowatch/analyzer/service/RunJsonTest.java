package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.stream.RunSnapshot;
import dev.topowatch.analyzer.stream.ThetaLayers;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RunJsonTest {

  private static RunSnapshot snapshot(RunSnapshot.ThetaPoint point) {
    RunSnapshot.LayerView conv = new RunSnapshot.LayerView(0, "01_conv2d", new int[] {8, 6, 6}, 0, 2,
        new double[][] {{3, 1, 0}}, new double[] {4});
    RunSnapshot.LayerView dense = new RunSnapshot.LayerView(1, "02_linear", new int[] {10}, 0, 2,
        new double[][] {{5}}, new double[] {5});
    return new RunSnapshot("r", "job", false, 1, true, "RUNNING", 4, 0, 0, 0, List.of("0.5"), List.of(conv, dense),
        List.of(point), null, null);
  }

  @Test
  void theHistoryCarriesOmegaPerLayerAndEachLayerSaysWhetherItEntersTheta() {
    RunSnapshot.ThetaPoint point = new RunSnapshot.ThetaPoint(0, new double[] {Double.NaN}, 1, true, new double[] {4},
        new int[] {0, 1}, new double[][] {{4, 5}});
    JsonObject run = RunJson.run(snapshot(point), ThetaLayers.SPATIAL);
    assertThat(run.getString("theta_layers")).isEqualTo("spatial");
    assertThat(run.getJsonArray("layers").getJsonObject(0).getBoolean("in_theta")).isTrue();
    assertThat(run.getJsonArray("layers").getJsonObject(1).getBoolean("in_theta")).isFalse();
    JsonObject p = run.getJsonObject("theta").getJsonArray("0.5").getJsonObject(0);
    assertThat(p.getValue("theta")).isNull(); // one layer in θ: undefined, not a number
    assertThat(p.getDouble("late_layer_complexity")).isEqualTo(4.0);
    assertThat(p.getJsonObject("omega").getDouble("0")).isEqualTo(4.0);
    assertThat(p.getJsonObject("omega").getDouble("1")).isEqualTo(5.0);
  }

  @Test
  void pointsRestoredFromOlderJournalsHaveNoOmega() {
    RunSnapshot.ThetaPoint old = new RunSnapshot.ThetaPoint(0, new double[] {0.1}, 2, true, new double[] {4});
    JsonObject p = RunJson.run(snapshot(old), ThetaLayers.ALL).getJsonObject("theta").getJsonArray("0.5").getJsonObject(0);
    assertThat(p.containsKey("omega")).isTrue();
    assertThat(p.getValue("omega")).isNull();
    assertThat(p.getDouble("theta")).isEqualTo(0.1);
  }
}
