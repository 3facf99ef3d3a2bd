package dev.topowatch.analyzer.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** One {@link RunEvent} per JSON line; doubles that are NaN travel as the string {@code "NaN"}. */
final class JournalCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalCodec() {}

  static String encode(RunEvent event) {
    try {
      return JSON.writeValueAsString(toNode(event));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode toNode(RunEvent event) {
    ObjectNode n = JSON.createObjectNode();
    if (event instanceof RunEvent.SampleApplied s) {
      n.put("k", "s").put("st", s.step()).put("ep", s.epoch()).put("l", s.layerIndex()).put("n", s.layerName())
          .put("i", s.sampleIndex()).put("ts", s.timeUnixMs());
      ArrayNode shape = n.putArray("sh");
      for (int d : s.shape()) {
        shape.add(d);
      }
      ArrayNode betti = n.putArray("b");
      for (long[] row : s.betti()) {
        ArrayNode r = betti.addArray();
        for (long b : row) {
          r.add(b);
        }
      }
    } else if (event instanceof RunEvent.SampleRejected r) {
      n.put("k", "r").put("st", r.step()).put("l", r.layerIndex()).put("i", r.sampleIndex()).put("why", r.reason());
    } else if (event instanceof RunEvent.Started s) {
      n.put("k", "start").put("job", s.jobName()).put("pg", s.powergradEnabled()).put("alpha", s.powergradAlpha())
          .put("size", s.samplesPerLayer()).put("ts", s.timeUnixMs());
      ArrayNode layers = n.putArray("layers");
      for (RunEvent.LayerMeta l : s.layers()) {
        ObjectNode ln = layers.addObject().put("i", l.index()).put("n", l.name());
        ArrayNode shape = ln.putArray("sh");
        for (int d : l.shape()) {
          shape.add(d);
        }
      }
    } else if (event instanceof RunEvent.StepMetrics m) {
      n.put("k", "sm").put("st", m.step()).put("ep", m.epoch()).put("loss", m.loss()).put("acc", m.accuracy())
          .put("lr", m.learningRate()).put("ln", m.logitNorm()).put("ts", m.timeUnixMs());
    } else if (event instanceof RunEvent.EpochMetrics e) {
      n.put("k", "em").put("ep", e.epoch()).put("st", e.step()).put("tl", e.trainLoss()).put("ta", e.trainAccuracy())
          .put("hv", e.hasValidation()).put("vl", e.validationLoss()).put("va", e.validationAccuracy()).put("ts", e.timeUnixMs());
    } else if (event instanceof RunEvent.Finished f) {
      n.put("k", "fin").put("steps", f.stepCount()).put("status", f.status()).put("ts", f.timeUnixMs());
    } else if (event instanceof RunEvent.StepClosed c) {
      n.put("k", "c").put("st", c.step());
    } else if (event instanceof RunEvent.Checkpoint c) {
      n.put("k", "ckpt").set("state", c.state());
    }
    return n;
  }

  static ObjectMapper mapper() {
    return JSON;
  }

  /** Parses one line; throws on a malformed line (a torn last line after a crash). */
  static RunEvent decode(String line) throws JsonProcessingException {
    return fromNode(JSON.readTree(line));
  }

  static RunEvent fromNode(JsonNode n) {
    String kind = n.path("k").asText();
    switch (kind) {
      case "s":
        return new RunEvent.SampleApplied(
            n.get("st").asLong(), n.get("ep").asInt(), n.get("l").asInt(), n.get("n").asText(), n.get("i").asInt(),
            ints(n.get("sh")), longs(n.get("b")), n.get("ts").asLong());
      case "r":
        return new RunEvent.SampleRejected(n.get("st").asLong(), n.get("l").asInt(), n.get("i").asInt(), n.get("why").asText());
      case "start":
        List<RunEvent.LayerMeta> layers = new ArrayList<>();
        for (JsonNode l : n.get("layers")) {
          layers.add(new RunEvent.LayerMeta(l.get("i").asInt(), l.get("n").asText(), ints(l.get("sh"))));
        }
        return new RunEvent.Started(
            n.get("job").asText(), n.get("pg").asBoolean(), n.get("alpha").asDouble(), layers, n.get("size").asInt(), n.get("ts").asLong());
      case "sm":
        return new RunEvent.StepMetrics(
            n.get("st").asLong(), n.get("ep").asInt(), n.get("loss").asDouble(), n.get("acc").asDouble(),
            n.get("lr").asDouble(), n.get("ln").asDouble(), n.get("ts").asLong());
      case "em":
        return new RunEvent.EpochMetrics(
            n.get("ep").asInt(), n.get("st").asLong(), n.get("tl").asDouble(), n.get("ta").asDouble(), n.get("hv").asBoolean(),
            n.get("vl").asDouble(), n.get("va").asDouble(), n.get("ts").asLong());
      case "fin":
        return new RunEvent.Finished(n.get("steps").asLong(), n.get("status").asText(), n.get("ts").asLong());
      case "c":
        return new RunEvent.StepClosed(n.get("st").asLong());
      case "ckpt":
        return new RunEvent.Checkpoint(n.get("state"));
      default:
        throw new IllegalArgumentException("unknown journal entry kind '" + kind + "'");
    }
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  static long[][] longs(JsonNode rows) {
    long[][] out = new long[rows.size()][];
    for (int t = 0; t < out.length; t++) {
      JsonNode row = rows.get(t);
      out[t] = new long[row.size()];
      for (int d = 0; d < out[t].length; d++) {
        out[t][d] = row.get(d).asLong();
      }
    }
    return out;
  }
}
