package dev.topowatch.rank.zoo;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.SequentialBlock;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The zoo format: a directory holding {@value #METADATA} (this record as JSON) and the DJL
 * parameter file {@code model-0000.params}. The architecture name rebuilds the network ({@link
 * ZooArchitectures}); the parameters fill it.
 *
 * @param format always {@value #FORMAT}
 * @param architecture e.g. {@code resnet-14}
 * @param width channels of the first stage
 * @param classes outputs of the classifier
 * @param input one image's shape, e.g. {@code [1, 28, 28]}
 * @param seed the training seed
 * @param trainedOn what the model was trained on, in words
 * @param steps training steps
 * @param sourceAccuracy test accuracy on the source task (NaN when not measured)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ZooModel(String format, String architecture, int width, int classes, int[] input, long seed,
    String trainedOn, int steps, double sourceAccuracy) {

  public static final String METADATA = "zoo-model.json";
  public static final String FORMAT = "topowatch-zoo/1";
  static final String PREFIX = "model";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Whether {@code dir} holds a zoo model. */
  public static boolean isZooModel(Path dir) {
    return Files.isRegularFile(dir.resolve(METADATA));
  }

  /** Reads the metadata of the zoo model in {@code dir}. */
  public static ZooModel read(Path dir) throws IOException {
    ZooModel m;
    try {
      m = JSON.readValue(dir.resolve(METADATA).toFile(), ZooModel.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(dir.resolve(METADATA) + " is not a zoo model description: " + e.getOriginalMessage());
    }
    if (!FORMAT.equals(m.format())) {
      throw new IOException(dir.resolve(METADATA) + ": format is " + m.format() + ", expected " + FORMAT);
    }
    return m;
  }

  /** A fresh, untrained network of this architecture. */
  public SequentialBlock newBlock() {
    return ZooArchitectures.build(architecture, width, classes);
  }

  /** Loads the network with its parameters; the caller closes the model. */
  public static Model load(Path dir) throws IOException, MalformedModelException {
    ZooModel meta = read(dir);
    Model model = Model.newInstance(PREFIX);
    try {
      model.setBlock(meta.newBlock());
      model.load(dir, PREFIX);
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Writes the metadata and the parameters of {@code model} (whose block is this architecture) to {@code dir}. */
  public void save(Model model, Path dir) throws IOException {
    Files.createDirectories(dir);
    model.save(dir, PREFIX);
    JSON.writeValue(dir.resolve(METADATA).toFile(), this);
  }
}
