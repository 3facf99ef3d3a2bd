package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the engine against an independent implementation, GUDHI (Debian's python3-gudhi, which
 * {@code .ci/run} installs), on seeded random volumes with ties and ±∞: T-construction directly, the
 * V-construction through a refined grid (see {@code gudhi/betti_batch.py}).
 */
class GudhiCrossCheckTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final int CASES = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bettiNumbersMatchGudhiForBothConstructions() throws Exception {
    Random random = new Random(20261123);
    List<Volume> volumes = new ArrayList<>();
    List<double[]> thresholds = new ArrayList<>();
    ArrayNode request = JSON.createArrayNode();
    for (int i = 0; i < CASES; i++) {
      Volume volume = randomVolume(random);
      double[] etas = {-0.5, 0, 1, 2, 3.5};
      volumes.add(volume);
      thresholds.add(etas);
      ObjectNode item = request.addObject();
      ArrayNode shape = item.putArray("shape");
      for (int d : volume.shape()) {
        shape.add(d);
      }
      ArrayNode data = item.putArray("data");
      for (int k = 0; k < volume.size(); k++) {
        // JSON has no infinities: +/-1e300 orders the same against every threshold here.
        float v = volume.get(k);
        data.add(v == Float.POSITIVE_INFINITY ? 1e300 : v == Float.NEGATIVE_INFINITY ? -1e300 : v);
      }
      ArrayNode t = item.putArray("thresholds");
      for (double eta : etas) {
        t.add(eta);
      }
    }

    JsonNode answers = runGudhi(request);

    try (BettiEngine engine = new CpuBettiEngine()) {
      for (int i = 0; i < CASES; i++) {
        for (Construction construction : Construction.values()) {
          long[][] ours = engine.betti(List.of(volumes.get(i)), construction, thresholds.get(i))[0];
          JsonNode theirs = answers.get(i).get(construction == Construction.T ? "t" : "v");
          for (int j = 0; j < ours.length; j++) {
            long[] expected = JSON.convertValue(theirs.get(j), long[].class);
            assertThat(ours[j])
                .as("case %d %s shape %s at %s: %s", i, construction, java.util.Arrays.toString(volumes.get(i).shape()),
                    thresholds.get(i)[j], java.util.Arrays.toString(values(volumes.get(i))))
                .containsExactly(expected);
          }
        }
      }
    }
  }

  private static Volume randomVolume(Random random) {
    int rank = 1 + random.nextInt(3);
    int[] shape = new int[rank];
    int size = 1;
    for (int d = 0; d < rank; d++) {
      shape[d] = 1 + random.nextInt(rank == 3 ? 5 : 8);
      size *= shape[d];
    }
    float[] data = new float[size];
    for (int k = 0; k < size; k++) {
      int pick = random.nextInt(40);
      data[k] = pick == 0 ? Float.POSITIVE_INFINITY : pick == 1 ? Float.NEGATIVE_INFINITY : random.nextInt(4);
    }
    return Volume.of(data, shape);
  }

  private static float[] values(Volume volume) {
    float[] v = new float[volume.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = volume.get(k);
    }
    return v;
  }

  private static JsonNode runGudhi(JsonNode request) throws Exception {
    if (!Files.isExecutable(PYTHON)) {
      fail("%s is missing: run .ci/run or apt-get install python3-gudhi", PYTHON);
    }
    Path script = Files.createTempFile("betti_batch", ".py");
    try (InputStream in = GudhiCrossCheckTest.class.getResourceAsStream("/gudhi/betti_batch.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process python = new ProcessBuilder(PYTHON.toString(), script.toString()).redirectError(ProcessBuilder.Redirect.PIPE).start();
    try (OutputStream stdin = python.getOutputStream()) {
      JSON.writeValue(stdin, request);
    }
    byte[] out = python.getInputStream().readAllBytes();
    String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!python.waitFor(5, TimeUnit.MINUTES) || python.exitValue() != 0) {
      fail("GUDHI reference failed (needs python3-gudhi: run .ci/run or apt-get install python3-gudhi): %s", err);
    }
    Files.deleteIfExists(script);
    return JSON.readTree(out);
  }
}
