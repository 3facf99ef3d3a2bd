package dev.topowatch.transfer.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.topowatch.transfer.HScore;
import dev.topowatch.transfer.Leep;
import dev.topowatch.transfer.LogMe;
import dev.topowatch.transfer.Nce;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transferability --method logme|hscore --features F.npy --labels L.npy} and {@code
 * --method leep|nce --source-probs P.npy --labels L.npy}: one transferability score as {@code
 * {"method":…,"score":…}}. Self-contained (its own one-line errors, exit code 1), so any command
 * line can register it.
 */
@Command(
    name = "transferability",
    mixinStandardHelpOptions = true,
    description = {
        "Scores how well a pretrained model should transfer to a target task, from its outputs on",
        "target samples: LogME and H-score from features (e.g. the penultimate layer), LEEP and NCE",
        "from the source model's softmax outputs. Prints {\"method\":..,\"score\":..}; higher is better."})
public final class TransferabilityCommand implements Callable<Integer> {
  private static final JsonFactory JSON = new JsonFactory();

  /** The four baselines. */
  public enum Method {
    LOGME, HSCORE, LEEP, NCE;

    boolean usesFeatures() {
      return this == LOGME || this == HSCORE;
    }

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Spec CommandSpec spec;

  @Option(names = "--method", required = true, converter = MethodConverter.class,
      description = "logme | hscore (need --features) or leep | nce (need --source-probs)")
  Method method;

  @Option(names = "--features", paramLabel = "F.npy", description = "features shaped (N, D) (trailing dimensions are flattened)")
  Path features;

  @Option(names = "--source-probs", paramLabel = "P.npy", description = "the source model's class probabilities shaped (N, Z), rows summing to 1")
  Path sourceProbs;

  @Option(names = "--labels", required = true, paramLabel = "L.npy", description = "target labels shaped (N,), whole numbers 0..C-1")
  Path labels;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      double score = score();
      PrintWriter out = spec.commandLine().getOut();
      out.println(json(method.id(), score));
      out.flush();
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      err.println("transferability: error: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private double score() throws IOException {
    Path input = method.usesFeatures() ? features : sourceProbs;
    Path other = method.usesFeatures() ? sourceProbs : features;
    String needs = method.usesFeatures() ? "--features" : "--source-probs";
    String refuses = method.usesFeatures() ? "--source-probs" : "--features";
    if (input == null) {
      throw new IllegalArgumentException("--method " + method.id() + " needs " + needs);
    }
    if (other != null) {
      throw new IllegalArgumentException("--method " + method.id() + " takes " + needs + ", not " + refuses);
    }
    double[][] rows = NpyInputs.rows(input, method.usesFeatures() ? "features" : "source-probs");
    int[] y = NpyInputs.labels(labels);
    return switch (method) {
      case LOGME -> LogMe.score(rows, y);
      case HSCORE -> HScore.score(rows, y);
      case LEEP -> Leep.score(rows, y);
      case NCE -> Nce.score(rows, y);
    };
  }

  static String json(String method, double score) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(text)) {
      g.writeStartObject();
      g.writeStringField("method", method);
      g.writeNumberField("score", score);
      g.writeEndObject();
    }
    return text.toString();
  }

  /** Case-insensitive method names, with the valid ones in the error. */
  static final class MethodConverter implements picocli.CommandLine.ITypeConverter<Method> {
    @Override
    public Method convert(String value) {
      try {
        return Method.valueOf(value.trim().toUpperCase(Locale.ROOT).replace("-", ""));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of logme, hscore, leep, nce");
      }
    }
  }
}
