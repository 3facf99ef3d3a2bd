package dev.topowatch.analyzer.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RunCsvTest {

  @Test
  void oneValuePerRowTheLastRecordOfAStepWinning() {
    RunSeries series = RunSeries.fold(List.of(
        "{\"type\":\"run\",\"job_name\":\"j\"}",
        "{\"type\":\"step\",\"step\":10,\"epoch\":0,\"loss\":0.5,\"accuracy\":0.75,\"learning_rate\":0.05,\"logit_norm\":null}",
        "{\"type\":\"topology\",\"step\":10,\"theta\":{\"0.5\":-0.1},\"late_layer_complexity\":{\"0.5\":2.0},"
            + "\"layers\":[{\"index\":0,\"name\":\"conv, 1\",\"omega\":{\"0.5\":3.0},\"betti\":{\"0.5\":[2.0,1.0]}}]}",
        "{\"type\":\"topology\",\"step\":10,\"theta\":{\"0.5\":-0.2},\"late_layer_complexity\":{\"0.5\":2.5},"
            + "\"layers\":[{\"index\":0,\"name\":\"conv, 1\",\"omega\":{\"0.5\":4.0},\"betti\":{\"0.5\":[3.0,1.0]}}]}",
        "{\"type\":\"epoch\",\"epoch\":0,\"step\":20,\"train_loss\":0.4,\"train_accuracy\":0.8,\"validation_loss\":0.6,"
            + "\"validation_accuracy\":0.7,\"generalization_gap\":0.1}"));

    String csv = RunCsv.of("run \"x\"", series);

    assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(RunCsv.HEADER);
    assertThat(csv).contains("\"run \"\"x\"\"\",loss,10,0,,,0.5\n")
        .contains(",logit_norm,10,0,,,\n")
        .contains(",generalization_gap,20,0,,,0.1\n")
        .contains(",theta,10,,,0.5,-0.2\n")
        .contains(",late_layer_complexity,10,,,0.5,2.5\n")
        .contains(",omega,10,,\"conv, 1\",0.5,4.0\n")
        .contains(",betti0,10,,\"conv, 1\",0.5,3.0\n")
        .contains(",betti1,10,,\"conv, 1\",0.5,1.0\n")
        .doesNotContain("-0.1");
    assertThat(csv.lines().count()).isEqualTo(1 + 4 + 5 + 2 + 3);
  }
}
