package dev.topowatch.analyzer.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's record folded to one value per key: the last {@code run} and {@code finished} lines, and
 * the last line of each step ({@code step}, {@code topology}) and epoch ({@code epoch}): what the
 * exports hold, in step order. Lines of an unknown type are kept apart, so a newer analyzer's record
 * still exports from an older one.
 */
public final class RunSeries {

  private ObjectNode run;
  private ObjectNode finished;
  private final TreeMap<Long, ObjectNode> steps = new TreeMap<>();
  private final TreeMap<Long, ObjectNode> epochs = new TreeMap<>();
  private final TreeMap<Long, ObjectNode> topology = new TreeMap<>();
  private final List<ObjectNode> other = new ArrayList<>();

  /** Folds the lines of a record, oldest first. */
  public static RunSeries fold(List<String> lines) {
    RunSeries series = new RunSeries();
    for (String line : lines) {
      series.add(parse(line));
    }
    return series;
  }

  private void add(ObjectNode r) {
    switch (r.path("type").asText()) {
      case "run" -> run = r;
      case "finished" -> finished = r;
      case "step" -> steps.put(r.path("step").asLong(), r);
      case "epoch" -> epochs.put(r.path("epoch").asLong(), r);
      case "topology" -> topology.put(r.path("step").asLong(), r);
      default -> other.add(r);
    }
  }

  /** The folded records: run, steps, epochs, topology (each in step order), then finished. */
  public List<ObjectNode> records() {
    List<ObjectNode> all = new ArrayList<>();
    if (run != null) {
      all.add(run);
    }
    all.addAll(steps.values());
    all.addAll(epochs.values());
    all.addAll(topology.values());
    all.addAll(other);
    if (finished != null) {
      all.add(finished);
    }
    return all;
  }

  Map<Long, ObjectNode> steps() {
    return steps;
  }

  Map<Long, ObjectNode> epochs() {
    return epochs;
  }

  Map<Long, ObjectNode> topology() {
    return topology;
  }

  private static ObjectNode parse(String line) {
    try {
      JsonNode node = HistoryRecords.JSON.readTree(line);
      if (node instanceof ObjectNode o) {
        return o;
      }
      throw new IllegalArgumentException("not a JSON object: " + line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a history line: " + line, e);
    }
  }
}
