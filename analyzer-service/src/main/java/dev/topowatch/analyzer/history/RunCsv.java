package dev.topowatch.analyzer.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A run's series as CSV in long form, one value per row: {@code
 * run_id,series,step,epoch,layer,threshold,value}. Long form keeps every series (per step, per epoch,
 * per layer and threshold) in one table that pandas or R pivot as they need; empty cells are values
 * that do not apply, {@code value} is empty where the number was not finite.
 *
 * <p>Series: {@code loss}, {@code accuracy}, {@code learning_rate}, {@code logit_norm} (per step);
 * {@code train_loss}, {@code train_accuracy}, {@code validation_loss}, {@code validation_accuracy},
 * {@code generalization_gap} (per epoch, at the step it ended); {@code theta}, {@code
 * late_layer_complexity}, {@code depth_trend} (per step and threshold); {@code omega}, {@code betti0},
 * {@code betti1}, {@code betti2} (per step, layer and threshold); {@code dead_fraction} (per step and
 * layer). Written with Jackson's CSV codec (RFC 4180 quoting).
 */
public final class RunCsv {

  public static final String HEADER = "run_id,series,step,epoch,layer,threshold,value";
  private static final String[] STEP_SERIES = {"loss", "accuracy", "learning_rate", "logit_norm"};
  private static final CsvMapper CODEC = new CsvMapper();
  private static final String[] EPOCH_SERIES = {"train_loss", "train_accuracy", "validation_loss", "validation_accuracy", "generalization_gap"};

  private RunCsv() {}

  public static String of(String runId, RunSeries series) {
    StringWriter out = new StringWriter();
    try (SequenceWriter csv = CODEC.writerFor(String[].class).with(CsvSchema.emptySchema()).writeValues(out)) {
      csv.write(HEADER.split(","));
      rows(csv, runId, series);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static void rows(SequenceWriter csv, String run, RunSeries series) throws IOException {
    for (ObjectNode s : series.steps().values()) {
      for (String name : STEP_SERIES) {
        row(csv, run, name, s.path("step").asText(), s.path("epoch").asText(), "", "", s.path(name));
      }
    }
    for (ObjectNode e : series.epochs().values()) {
      for (String name : EPOCH_SERIES) {
        row(csv, run, name, e.path("step").asText(), e.path("epoch").asText(), "", "", e.path(name));
      }
    }
    for (ObjectNode t : series.topology().values()) {
      String step = t.path("step").asText();
      perThreshold(csv, run, "theta", step, "", t.path("theta"));
      perThreshold(csv, run, "depth_trend", step, "", t.path("depth_trend"));
      perThreshold(csv, run, "late_layer_complexity", step, "", t.path("late_layer_complexity"));
      for (JsonNode layer : t.path("layers")) {
        String name = layer.path("name").asText();
        perThreshold(csv, run, "omega", step, name, layer.path("omega"));
        if (layer.has("dead_fraction")) {
          row(csv, run, "dead_fraction", step, "", name, "", layer.path("dead_fraction"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = layer.path("betti").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          for (int d = 0; d < e.getValue().size(); d++) {
            row(csv, run, "betti" + d, step, "", name, e.getKey(), e.getValue().get(d));
          }
        }
      }
    }
  }

  private static void perThreshold(SequenceWriter csv, String run, String series, String step, String layer, JsonNode byThreshold)
      throws IOException {
    for (Iterator<Map.Entry<String, JsonNode>> it = byThreshold.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      row(csv, run, series, step, "", layer, e.getKey(), e.getValue());
    }
  }

  private static void row(SequenceWriter csv, String run, String series, String step, String epoch, String layer,
      String threshold, JsonNode value) throws IOException {
    csv.write(new String[] {run, series, step, epoch, layer, threshold, value.isNumber() ? value.asText() : ""});
  }
}
