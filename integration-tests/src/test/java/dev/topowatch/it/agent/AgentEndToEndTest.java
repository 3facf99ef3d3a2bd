package dev.topowatch.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topowatch.broker.SharedBroker;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.EpochMetrics;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunFinished;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.StepMetrics;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent on a real DJL training job in a child JVM, publishing to an in-process Kafka broker:
 * what it publishes is read back with a plain consumer and checked against the model itself.
 */
class AgentEndToEndTest {
  private static final int BATCH = 8;
  private static final int STEPS_PER_EPOCH = 6;
  private static final int EPOCHS = 2;
  private static final int SAMPLE_EVERY = 5;
  private static final int SAMPLE_SIZE = 3;
  private static final List<String> LAYER_NAMES =
      List.of("01_conv2d", "02_relu", "03_maxpool2d", "04_conv2d", "05_relu", "06_maxpool2d",
          "07_sequential/01_batchflatten", "07_sequential/02_linear", "07_sequential/03_relu", "08_linear");

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();
  @TempDir static Path dir;

  @BeforeAll
  static void agentJarIsBuilt() {
    RepoLayout.find().agentJar();
  }

  private static List<String> trainerArgs(String loop, int steps, int epochs, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "--synthetic", "--loop", loop, "--steps", String.valueOf(steps), "--epochs", String.valueOf(epochs),
        "--batch-size", String.valueOf(BATCH), "--seed", "7", "--log-every", "5"));
    args.addAll(List.of(more));
    return args;
  }

  @ParameterizedTest
  @ValueSource(strings = {"easytrain", "manual"})
  void publishesLayersSamplesEqualToLayerOutputsAndMetrics(String loop) throws Exception {
    String runId = "it-sampling-" + loop;
    Path dump = dir.resolve("dump-" + loop);
    String agentArgs = "kafka.bootstrap=" + KAFKA.bootstrapServers() + ",run.id=" + runId
        + ",job.name=e2e,sample.every=" + SAMPLE_EVERY + ",sample.size=" + SAMPLE_SIZE
        + ",metrics.every=1,tags=team:vision;model:cnn";
    TrainerRun.Result result = TrainerRun.run(dir.resolve("run-" + loop), agentArgs,
        trainerArgs(loop, STEPS_PER_EPOCH, EPOCHS, "--validation", "--validation-batches", "2",
            "--dump-dir", dump.toString(), "--dump-steps", "0,5,10"),
        Duration.ofMinutes(2));
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).as(result.describe()).contains("summary: loop=" + loop);

    Telemetry t = Telemetry.read(KAFKA.bootstrapServers(), runId, Duration.ofSeconds(30));
    int steps = STEPS_PER_EPOCH * EPOCHS;

    RunStarted started = t.runStarted();
    assertThat(started.getJobName()).isEqualTo("e2e");
    assertThat(started.getTrainer()).isEqualTo(loop.equals("easytrain") ? "EasyTrain.fit" : "manual");
    assertThat(started.getPowergradEnabled()).isFalse();
    assertThat(started.getSampling().getEvery()).isEqualTo(SAMPLE_EVERY);
    assertThat(started.getSampling().getSize()).isEqualTo(SAMPLE_SIZE);
    assertThat(started.getTagsMap()).containsEntry("team", "vision").containsEntry("model", "cnn");
    assertThat(started.getLayersList()).extracting(LayerInfo::getName).containsExactlyElementsOf(LAYER_NAMES);
    assertThat(started.getLayersList()).extracting(LayerInfo::getBlockType)
        .containsExactly("Conv2d", "LambdaBlock", "LambdaBlock", "Conv2d", "LambdaBlock", "LambdaBlock",
            "LambdaBlock", "Linear", "LambdaBlock", "Linear");

    // Samples: every sampled step, every layer, SAMPLE_SIZE samples, equal to the layer's output.
    Map<Long, List<ActivationSample>> byStep =
        t.samples.stream().collect(Collectors.groupingBy(ActivationSample::getStep));
    assertThat(byStep.keySet()).containsExactlyInAnyOrder(0L, 5L, 10L);
    for (long step : byStep.keySet()) {
      LayerRecompute.Step expected = LayerRecompute.of(dump, step);
      List<ActivationSample> stepSamples = byStep.get(step);
      assertThat(stepSamples).hasSize(LAYER_NAMES.size() * SAMPLE_SIZE);
      for (ActivationSample s : stepSamples) {
        LayerInfo layer = started.getLayers(s.getLayerIndex());
        assertThat(s.getLayerName()).isEqualTo(layer.getName());
        assertThat(s.getShapeList()).isEqualTo(layer.getOutputShapeList());
        assertThat(s.getEpoch()).isEqualTo((int) (step / STEPS_PER_EPOCH));
        assertThat(s.getDtype()).isEqualTo(DType.FLOAT32);
        assertThat(s.getSampleIndex()).isBetween(0, SAMPLE_SIZE - 1);
        assertThat(s.getLabel()).isEqualTo((long) expected.labels()[s.getSampleIndex()]);
        long[] shape = expected.layerShapes().get(s.getLayerIndex());
        assertThat(s.getShapeList()).containsExactly(java.util.Arrays.stream(shape).skip(1).boxed().toArray(Long[]::new));
        float[] all = expected.layerOutputs().get(s.getLayerIndex());
        int per = all.length / (int) shape[0];
        float[] got = floats(s.getData().toByteArray());
        assertThat(got).hasSize(per);
        for (int i = 0; i < per; i++) {
          float want = all[s.getSampleIndex() * per + i];
          assertThat(got[i]).as("step %d layer %s sample %d value %d", step, s.getLayerName(), s.getSampleIndex(), i)
              .isCloseTo(want, within(1e-5f + 1e-5f * Math.abs(want)));
        }
      }
      assertThat(stepSamples.stream().map(s -> s.getLayerIndex() + "/" + s.getSampleIndex()).distinct())
          .hasSize(stepSamples.size());
    }
    assertThat(t.sampleKeys).allMatch(k -> k.startsWith(runId + "/"));

    List<StepMetrics> metrics = t.stepMetrics();
    assertThat(metrics).extracting(StepMetrics::getStep)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, steps).boxed().toList());
    for (StepMetrics m : metrics) {
      assertThat(m.getLoss()).isFinite().isPositive();
      assertThat(m.getAccuracy()).isBetween(0.0, 1.0);
      assertThat(m.getLearningRate()).isCloseTo(0.05, within(1e-6));
      assertThat(m.getLogitNorm()).isFinite().isPositive();
    }
    assertThat(metrics.get(steps - 1).getEpoch()).isEqualTo(EPOCHS - 1);

    List<EpochMetrics> epochs = t.epochMetrics();
    assertThat(epochs).extracting(EpochMetrics::getEpoch).containsExactly(0, 1);
    assertThat(epochs).extracting(EpochMetrics::getStep).containsExactly((long) STEPS_PER_EPOCH, (long) steps);
    assertThat(epochs).allSatisfy(e -> {
      assertThat(e.getHasValidation()).isTrue();
      assertThat(e.getTrainLoss()).isFinite().isPositive();
      assertThat(e.getValidationAccuracy()).isBetween(0.0, 1.0);
    });

    RunFinished finished = t.runFinished();
    assertThat(finished.getStatus()).isEqualTo(RunStatus.COMPLETED);
    assertThat(finished.getStepCount()).isEqualTo(steps);
  }

  /**
   * What PowerGrad predicts, checked on one step of a real run with the agent's α = 0.25: the
   * gradient reaching the logits is (softmax(αz) − q)/N (spec: powergrad.md), while the reported loss
   * stays the ordinary cross-entropy. The gradient is observed through plain SGD's update of the last
   * Linear layer (z = W·h + b): ∂L/∂b = Σₙ gₙ and ∂L/∂W = Σₙ gₙ·hₙᵀ, read as (before − after)/lr from
   * the parameters the trainer dumped around the step; z, h and q are recomputed from the dumped
   * batch. α = 1's prediction differs by far more than the tolerance, so the check tells them apart.
   */
  @ParameterizedTest
  @ValueSource(strings = {"easytrain", "manual"})
  void powerGradSetsTheLogitGradientToSoftmaxOfAlphaZMinusQOverN(String loop) throws Exception {
    double alpha = 0.25;
    long step = 3;
    String runId = "it-powergrad-" + loop;
    Path dump = dir.resolve("dump-powergrad-" + loop);
    String agentArgs = "kafka.bootstrap=" + KAFKA.bootstrapServers() + ",run.id=" + runId
        + ",powergrad.alpha=" + alpha + ",sample.every=0,metrics.every=1";
    TrainerRun.Result result = TrainerRun.run(dir.resolve("run-" + runId), agentArgs,
        trainerArgs(loop, 6, 1, "--dump-dir", dump.toString(), "--dump-steps", step + "," + (step + 1)),
        Duration.ofMinutes(2));
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stderr()).contains("PowerGrad alpha=" + (float) alpha + " replaces");

    LayerRecompute.Step s = LayerRecompute.of(dump, step);
    float[] h = s.layerOutputs().get(LAYER_NAMES.size() - 2); // input of the last Linear layer
    float[] z = s.layerOutputs().get(LAYER_NAMES.size() - 1); // the logits
    int n = BATCH;
    int classes = z.length / n;
    int hidden = h.length / n;
    double[][] g = logitGradient(z, s.labels(), n, classes, alpha);
    double[][] plain = logitGradient(z, s.labels(), n, classes, 1);
    float[] biasBefore = LayerRecompute.lastLayerParameter(dump, step, "bias");
    float[] biasAfter = LayerRecompute.lastLayerParameter(dump, step + 1, "bias");
    float[] weightBefore = LayerRecompute.lastLayerParameter(dump, step, "weight");
    float[] weightAfter = LayerRecompute.lastLayerParameter(dump, step + 1, "weight");
    double lr = 0.05; // the trainer's default plain SGD: w ← w − lr·∂L/∂w

    double plainGap = 0;
    for (int c = 0; c < classes; c++) {
      double expected = 0;
      double expectedPlain = 0;
      for (int r = 0; r < n; r++) {
        expected += g[r][c];
        expectedPlain += plain[r][c];
      }
      double observed = (biasBefore[c] - biasAfter[c]) / lr;
      assertThat(observed).as("∂L/∂b[%d]", c).isCloseTo(expected, within(1e-5));
      plainGap = Math.max(plainGap, Math.abs(expected - expectedPlain));
      for (int j = 0; j < hidden; j++) {
        double expectedW = 0;
        for (int r = 0; r < n; r++) {
          expectedW += g[r][c] * h[r * hidden + j];
        }
        double observedW = (weightBefore[c * hidden + j] - weightAfter[c * hidden + j]) / lr;
        assertThat(observedW).as("∂L/∂W[%d][%d]", c, j).isCloseTo(expectedW, within(1e-5));
      }
    }
    assertThat(plainGap).as("α = 1 predicts another gradient").isGreaterThan(1e-3);

    // The forward pass is untouched: the reported loss is the ordinary cross-entropy of these logits.
    Telemetry t = Telemetry.read(KAFKA.bootstrapServers(), runId, Duration.ofSeconds(30));
    assertThat(t.runStarted().getPowergradEnabled()).isTrue();
    assertThat(t.runStarted().getPowergradAlpha()).isCloseTo(alpha, within(1e-9));
    assertThat(t.lossByStep().get(step)).isCloseTo(crossEntropy(z, s.labels(), n, classes), within(1e-5));
  }

  /** (softmax(α·z) − onehot(y)) / N for each row, in double precision. */
  private static double[][] logitGradient(float[] z, float[] labels, int n, int classes, double alpha) {
    double[][] g = new double[n][classes];
    for (int r = 0; r < n; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, alpha * z[r * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        g[r][c] = Math.exp(alpha * z[r * classes + c] - max);
        sum += g[r][c];
      }
      for (int c = 0; c < classes; c++) {
        g[r][c] = (g[r][c] / sum - (c == (int) labels[r] ? 1 : 0)) / n;
      }
    }
    return g;
  }

  /** Mean cross-entropy −log softmax(z)[y]. */
  private static double crossEntropy(float[] z, float[] labels, int n, int classes) {
    double total = 0;
    for (int r = 0; r < n; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, z[r * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(z[r * classes + c] - max);
      }
      total += max + Math.log(sum) - z[r * classes + (int) labels[r]];
    }
    return total / n;
  }

  @Test
  void finishesPromptlyWithNoBrokerAndReportsDrops() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String agentArgs = "kafka.bootstrap=127.0.0.1:" + closedPort + ",run.id=it-no-broker,sample.every=5,sample.size=4";
    TrainerRun.Result withAgent = TrainerRun.run(dir.resolve("run-no-broker"), agentArgs,
        trainerArgs("easytrain", 30, 1), Duration.ofMinutes(2));
    assertThat(withAgent.exitCode()).as(withAgent.describe()).isZero();
    assertThat(withAgent.stdout()).contains("summary: loop=easytrain steps=30");
    // 6 sampled steps x 10 layers x 4 samples, none delivered, every one counted.
    assertThat(withAgent.stderr()).as(withAgent.describe())
        .contains("[topowatch] run it-no-broker: samples sent 0, samples dropped 240 (");
    assertThat(withAgent.elapsed()).as(withAgent.describe()).isLessThan(Duration.ofSeconds(60));
  }

  private static float[] floats(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[data.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.getFloat();
    }
    return out;
  }
}
