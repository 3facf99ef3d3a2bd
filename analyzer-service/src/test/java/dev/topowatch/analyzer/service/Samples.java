package dev.topowatch.analyzer.service;

import dev.topowatch.proto.SampleData;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.SamplingSettings;
import dev.topowatch.proto.v1.TrainingEvent;
import java.util.Arrays;

/** Crafted volumes with known Betti numbers, and protobuf builders for the tests. */
final class Samples {

  private Samples() {}

  /** 7×7, value 0 on the border of the centred 5×5 square, 1 elsewhere: at η ∈ [0, 1) b0 = 1, b1 = 1. */
  static float[] ring() {
    float[] v = new float[49];
    Arrays.fill(v, 1f);
    for (int i = 1; i <= 5; i++) {
      v[1 * 7 + i] = 0;
      v[5 * 7 + i] = 0;
      v[i * 7 + 1] = 0;
      v[i * 7 + 5] = 0;
    }
    return v;
  }

  /** 7×7, {@code n} (≤ 9) isolated cells of value 0 on a 3×3 lattice of stride 2, 1 elsewhere: b0 = n, b1 = 0 below 1. */
  static float[] blobs(int n) {
    float[] v = new float[49];
    Arrays.fill(v, 1f);
    for (int k = 0; k < n; k++) {
      int r = 1 + 2 * (k / 3);
      int c = 1 + 2 * (k % 3);
      v[r * 7 + c] = 0;
    }
    return v;
  }

  /** 5×5×5, value 0 on the 3×3×3 block around the centre except the centre (a hollow cube): b = 1, 0, 1 below 1. */
  static float[] hollowCube() {
    float[] v = new float[125];
    Arrays.fill(v, 1f);
    for (int z = 1; z <= 3; z++) {
      for (int y = 1; y <= 3; y++) {
        for (int x = 1; x <= 3; x++) {
          if (!(x == 2 && y == 2 && z == 2)) {
            v[(z * 5 + y) * 5 + x] = 0;
          }
        }
      }
    }
    return v;
  }

  static ActivationSample.Builder sample(String run, long step, int layer, int sampleIndex, float[] values, long... shape) {
    ActivationSample.Builder b = ActivationSample.newBuilder()
        .setRunId(run).setStep(step).setEpoch(0).setLayerIndex(layer).setLayerName(layerName(layer))
        .setSampleIndex(sampleIndex).setLabel(-1).setDtype(DType.FLOAT32).setData(SampleData.float32(values))
        .setTimeUnixMs(System.currentTimeMillis());
    for (long d : shape) {
      b.addShape(d);
    }
    return b;
  }

  static String layerName(int layer) {
    return String.format("%02d_layer", layer);
  }

  static TrainingEvent runStarted(String run, int layers, int samplesPerLayer, double alpha) {
    RunStarted.Builder rs = RunStarted.newBuilder().setRunId(run).setJobName("job-" + run)
        .setPowergradEnabled(alpha < 1).setPowergradAlpha(alpha)
        .setSampling(SamplingSettings.newBuilder().setEvery(1).setSize(samplesPerLayer).setDtype(DType.FLOAT32));
    for (int l = 0; l < layers; l++) {
      rs.addLayers(LayerInfo.newBuilder().setIndex(l).setName(layerName(l)).setBlockType("Conv2d"));
    }
    return TrainingEvent.newBuilder().setRunId(run).setTimeUnixMs(System.currentTimeMillis()).setRunStarted(rs).build();
  }
}
