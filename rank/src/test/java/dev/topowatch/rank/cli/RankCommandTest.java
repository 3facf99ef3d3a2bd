package dev.topowatch.rank.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topowatch.rank.Images;
import dev.topowatch.rank.TargetSample;
import dev.topowatch.rank.TinyZoo;
import dev.topowatch.rank.zoo.Training;
import dev.topowatch.rank.zoo.ZooArchitectures;
import dev.topowatch.rank.zoo.ZooModel;
import dev.topowatch.topology.DecayRate;
import dev.topowatch.transfer.Leep;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * rank end to end on a tiny zoo: two zoo models and one DJL model built by a BlockFactory that is
 * compiled here, outside the test class path, and found through --classpath and serving.properties.
 * Each is trained a few steps on synthetic images. About 20 s on a 2-core machine.
 */
class RankCommandTest {
  private static final String FACTORY = """
      package tiny;
      public final class PlainFactory implements ai.djl.nn.BlockFactory {
        @Override
        public ai.djl.nn.Block newBlock(ai.djl.Model model, java.nio.file.Path dir, java.util.Map<String, ?> arguments) {
          return dev.topowatch.rank.zoo.ZooArchitectures.build("plain-cnn-5", 4, 5);
        }
      }
      """;

  @TempDir static Path dir;
  static Path plain;
  static Path resnet;
  static Path factoryModel;
  static Path classes;
  static Path[] idx;
  static Images target;

  record Result(int code, String out, String err) {}

  @BeforeAll
  static void zoo() throws IOException {
    Images source = TinyZoo.images(5, 40, 1);
    plain = TinyZoo.zooModel(dir.resolve("plain-cnn-4"), "plain-cnn-4", source, 6, 11);
    resnet = TinyZoo.zooModel(dir.resolve("resnet-8"), "resnet-8", source, 6, 12);
    classes = compileFactory();
    factoryModel = dir.resolve("factory-cnn");
    Files.createDirectories(factoryModel);
    try (Model model = Model.newInstance("factory-cnn")) {
      model.setBlock(ZooArchitectures.build("plain-cnn-5", 4, 5));
      Training.fit(model, source, new Training.Recipe(6, 16, 1e-3f, 13));
      model.save(factoryModel, "factory-cnn");
    }
    Files.writeString(factoryModel.resolve("serving.properties"), "blockFactory=tiny.PlainFactory\n");
    target = TinyZoo.images(5, 12, 2);
    idx = TinyZoo.writeIdx(dir, target);
  }

  @Test
  void ranksZooAndBlockFactoryModels() throws IOException {
    Result r = run(plain.toString(), resnet.toString(), factoryModel.toString(), "--classpath", classes.toString(),
        "--images", idx[0].toString(), "--labels", idx[1].toString(), "--samples", "8", "--quantiles", "0.5", "--json");
    assertThat(r.err).as(r.err).contains("[########################] 100%");
    assertThat(r.code).as(r.err).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out);
    assertThat(json.get("thresholds").toString()).isEqualTo("[\"0\",\"0.25\",\"0.5\",\"0.75\",\"1\",\"1.25\",\"1.5\",\"1.75\",\"q0.5\"]");
    JsonNode candidates = json.get("candidates");
    assertThat(candidates).hasSize(3);
    // the zoo's default layers: the block outputs, named as the agent names them
    assertThat(candidates.get(0).get("layers").toString())
        .isEqualTo("[\"01_sequential/03_relu\",\"02_sequential/03_relu\",\"03_sequential/03_relu\",\"04_sequential/03_relu\"]");
    assertThat(candidates.get(1).get("layers")).hasSize(4); // resnet-8: stem + 3 blocks
    assertThat(candidates.get(1).get("layers").get(1).asText()).isEqualTo("02_sequential/02_relu");
    // a non-zoo model: every layer enters, 5 × (conv, bn, relu) + pool + linear
    assertThat(candidates.get(2).get("layers")).hasSize(17);
    assertThat(candidates.get(2).get("feature_layer").asText()).isEqualTo("06_globalavgpool2d");

    Images sample = TargetSample.perClass(target, 8);
    for (JsonNode c : candidates) {
      for (var t : List.of("0", "0.5", "1.75", "q0.5")) {
        double[] omega = new ObjectMapper().convertValue(c.get("omega").get(t), double[].class);
        assertThat(c.get("theta").get(t).asDouble()).isCloseTo(DecayRate.theta(omega), within(1e-12));
      }
      assertThat(c.get("logme").isNumber()).isTrue();
      assertThat(c.get("hscore").asDouble()).isPositive();
      assertThat(c.get("nce").asDouble()).isLessThanOrEqualTo(0);
    }
    // LEEP of the layer walk equals LEEP of the model's own forward pass
    assertThat(candidates.get(0).get("leep").asDouble()).isCloseTo(leepOfForward(plain, sample), within(1e-6));
    // the rankings follow the scores
    List<String> byLogMe = new ArrayList<>();
    json.get("rankings").get("logme").forEach(n -> byLogMe.add(n.asText()));
    double previous = Double.POSITIVE_INFINITY;
    for (String name : byLogMe) {
      for (JsonNode c : candidates) {
        if (c.get("name").asText().equals(name)) {
          assertThat(c.get("logme").asDouble()).isLessThanOrEqualTo(previous);
          previous = c.get("logme").asDouble();
        }
      }
    }
    assertThat(byLogMe).containsExactlyInAnyOrder("plain-cnn-4", "resnet-8", "factory-cnn");
  }

  @Test
  void tableFromNpyTarget() throws IOException {
    Path images = TinyZoo.writeNpy(dir.resolve("x.npy"), new int[] {target.count(), 28, 28}, target.pixels(), null);
    Path labels = TinyZoo.writeNpy(dir.resolve("y.npy"), new int[] {target.count()}, null, target.labels());
    Result r = run(plain.toString(), "--images", images.toString(), "--labels", labels.toString(), "--samples", "4");
    assertThat(r.code).as(r.err).isZero();
    assertThat(r.out).contains("candidate", "θ mean", "LogME", "plain-cnn-4", "ranking, best first:", "η=1.75");
  }

  @Test
  void oneLineErrors() throws IOException {
    assertError(run(plain.toString(), "--images", idx[0].toString(), "--labels", idx[1].toString(), "--samples", "13"),
        "rank: error: too few samples: class 0 has 12 images, --samples 13 needs 13 per class");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertError(run(empty.toString(), "--images", idx[0].toString(), "--labels", idx[1].toString(), "--samples", "4"),
        "rank: error: candidate " + empty + " does not load: neither a zoo model (zoo-model.json) nor a DJL model with a "
            + "BlockFactory (give --block-factory, or blockFactory= in its serving.properties)");
    assertThat(run(factoryModel.toString(), "--images", idx[0].toString(), "--labels", idx[1].toString(), "--samples", "4").err)
        .as("the factory is not on the class path without --classpath")
        .contains("rank: error: candidate " + factoryModel + " does not load:");
    Path small = TinyZoo.writeNpy(dir.resolve("small.npy"), new int[] {target.count(), 20, 20}, new float[target.count() * 400], null);
    Path labels = TinyZoo.writeNpy(dir.resolve("y2.npy"), new int[] {target.count()}, null, target.labels());
    assertError(run(plain.toString(), "--images", small.toString(), "--labels", labels.toString(), "--samples", "4"),
        "rank: error: candidate plain-cnn-4: the target images are shaped [1, 20, 20], the model takes [1, 28, 28]");
    Path rgb = TinyZoo.writeNpy(dir.resolve("rgb.npy"), new int[] {target.count(), 3, 28, 28}, new float[target.count() * 3 * 784], null);
    Result misfit = run(factoryModel.toString(), "--classpath", classes.toString(), "--images", rgb.toString(), "--labels", labels.toString(), "--samples", "4");
    assertThat(misfit.code).isEqualTo(1);
    assertThat(lastLine(misfit.err)).startsWith("rank: error: candidate factory-cnn: the target images, shaped [3, 28, 28], do not fit the model: ");
  }

  private static void assertError(Result r, String line) {
    assertThat(r.code).as(r.err).isEqualTo(1);
    assertThat(r.out).isEmpty();
    assertThat(lastLine(r.err)).isEqualTo(line);
  }

  private static String lastLine(String err) {
    String[] lines = err.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  private static double leepOfForward(Path zooDir, Images sample) throws IOException {
    try (Model model = ZooModel.load(zooDir); NDManager manager = NDManager.newBaseManager()) {
      NDList out = model.getBlock().forward(new ParameterStore(manager, false),
          new NDList(manager.create(sample.pixels(), new Shape(sample.count(), 1, 28, 28))), false);
      float[] logits = out.singletonOrThrow().toFloatArray();
      double[][] rows = new double[sample.count()][5];
      for (int i = 0; i < rows.length; i++) {
        for (int k = 0; k < 5; k++) {
          rows[i][k] = logits[i * 5 + k];
        }
      }
      return Leep.score(dev.topowatch.rank.ModelRankerAccess.softmax(rows), sample.labels());
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException(e);
    }
  }

  private static Path compileFactory() throws IOException {
    Path src = dir.resolve("factory-src/tiny/PlainFactory.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, FACTORY);
    Path out = Files.createDirectories(dir.resolve("factory-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc = javac.run(null, null, null, "-d", out.toString(), "-cp", System.getProperty("java.class.path"), src.toString());
    assertThat(rc).isZero();
    return out;
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new RankCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
