package dev.topowatch.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topowatch.topology.PaperBettis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line run in-process on numpy-written fixtures and on the paper's Betti arrays. */
class CliTest {

  record Run(int exit, String out, String err) {
    JsonNode json() throws Exception {
      return new ObjectMapper().readTree(out);
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TopowatchAnalyzer.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @TempDir static Path fixtures;

  /** A numpy-written fixture of the topology module's test jar, as a file the command can open. */
  static String fixture(String name) {
    Path file = fixtures.resolve(name);
    try (InputStream in = CliTest.class.getResourceAsStream("/npy/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture /npy/" + name + " on the test class path");
      }
      if (!Files.exists(file)) {
        Files.copy(in, file);
      }
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One of the authors' Betti arrays (topology's test jar, gzip-compressed there) as a plain .npy file. */
  static String paperBettis(String name) {
    Path file = fixtures.resolve(name);
    try {
      if (!Files.exists(file)) {
        Files.write(file, PaperBettis.bytes(name));
      }
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void bettiPrintsTheContractObject() {
    Run r = run("betti", fixture("loop_3x3.npy"), "--thresholds", "0,1");
    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().trim()).isEqualTo(
        "{\"shape\":[3,3],\"construction\":\"v\",\"thresholds\":[0.0,1.0],\"betti\":[[1,1],[1,0]]}");
  }

  @Test
  void bettiDefaultsToThePapersThresholds() throws Exception {
    Run r = run("betti", fixture("f4_c.npy"), "--construction", "T");
    assertThat(r.exit()).isZero();
    JsonNode json = r.json();
    assertThat(json.get("construction").asText()).isEqualTo("t");
    assertThat(json.get("thresholds").toString()).isEqualTo("[0.0,0.25,0.5,0.75,1.0,1.25,1.5,1.75]");
    assertThat(json.get("betti")).hasSize(8);
    assertThat(json.get("betti").get(0).toString()).isEqualTo("[1,0,0]");
  }

  @Test
  void constructionsDifferOnADiagonal() throws Exception {
    Run v = run("betti", "--batch", fixture("batch_2x3x3.npy"), "--thresholds", "0");
    Run t = run("betti", "--batch", fixture("batch_2x3x3.npy"), "--thresholds", "0", "--construction", "t");
    assertThat(v.exit()).isZero();
    assertThat(v.json().get("shape").toString()).isEqualTo("[2,3,3]");
    assertThat(v.json().get("betti").toString()).isEqualTo("[[[1,1]],[[3,0]]]");
    assertThat(v.json().get("mean").toString()).isEqualTo("[[2.0,0.5]]");
    assertThat(t.json().get("betti").toString()).isEqualTo("[[[1,1]],[[1,0]]]");
    assertThat(t.json().get("mean").toString()).isEqualTo("[[1.0,0.5]]");
  }

  @Test
  void autoBackendPrintsTheSameNumbers() {
    Run cpu = run("betti", fixture("batch_2x3x3.npy"), "--batch", "--backend", "cpu");
    Run auto = run("betti", fixture("batch_2x3x3.npy"), "--batch", "--backend", "auto");
    assertThat(auto.exit()).isZero();
    assertThat(auto.out()).isEqualTo(cpu.out());
  }

  @Test
  void thetaReproducesThePaper() throws Exception {
    Run r = run("theta", paperBettis("resnet18.npy"));
    assertThat(r.exit()).isZero();
    JsonNode json = r.json();
    assertThat(json.get("theta").asDouble()).isCloseTo(0.194418, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(json.get("complexity")).hasSize(11);
    assertThat(json.get("complexity").get(0).asDouble()).isCloseTo(3809.428, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(json.fieldNames()).toIterable().containsExactly("theta", "complexity");
  }

  @Test
  void missingFileIsAUserError() {
    Run r = run("betti", "does-not-exist.npy");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("no such file").contains("does-not-exist.npy").doesNotContain("\tat ");
  }

  @Test
  void badFilesAreUserErrorsWithoutStackTraces() {
    for (String[] c : new String[][] {
        {"bad_magic.npy", "bad magic string"},
        {"truncated.npy", "shorter than its header says"},
        {"c8_unsupported.npy", "unsupported dtype"},
        {"malformed_header.npy", "malformed header"},
        {"rank4.npy", "rank must be 1, 2 or 3"}}) {
      Run r = run("betti", fixture(c[0]));
      assertThat(r.exit()).as(c[0]).isEqualTo(1);
      assertThat(r.out()).as(c[0]).isEmpty();
      assertThat(r.err()).as(c[0]).contains(c[1]).doesNotContain("\tat ");
    }
  }

  @Test
  void thetaRejectsArraysOfTheWrongShapeOrKind() {
    Run shape = run("theta", fixture("f4_c.npy"));
    assertThat(shape.exit()).isEqualTo(1);
    assertThat(shape.err()).contains("(n_class, n_samples, n_layers, n_betti)").doesNotContain("\tat ");
    Run allZero = run("theta", fixture("rank4.npy"));
    assertThat(allZero.exit()).isZero(); // all-zero Betti numbers are valid: θ = 0
    assertThat(allZero.out()).contains("\"theta\":0.0");
  }

  @Test
  void badOptionsAreUsageErrors() {
    Run construction = run("betti", fixture("loop_3x3.npy"), "--construction", "x");
    assertThat(construction.exit()).isEqualTo(2);
    assertThat(construction.err()).contains("'v' or 't'");
    Run backend = run("betti", fixture("loop_3x3.npy"), "--backend", "tpu");
    assertThat(backend.exit()).isEqualTo(2);
    assertThat(backend.err()).contains("expected one of gpu, cpu, auto").contains("auto");
    Run threshold = run("betti", fixture("loop_3x3.npy"), "--thresholds", "0,abc");
    assertThat(threshold.exit()).isEqualTo(2);
    Run nan = run("betti", fixture("loop_3x3.npy"), "--thresholds", "NaN");
    assertThat(nan.exit()).isEqualTo(1);
    assertThat(nan.err()).contains("NaN");
    Run none = run();
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("betti").contains("theta");
  }

  @Test
  void batchNeedsSamples() {
    Run r = run("betti", "--batch", fixture("f8_1d.npy"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("--batch needs an (N, ...) array");
  }

  @Test
  void anAllNonFiniteVolumeIsAnErrorAsInTheService() throws IOException {
    float[] allNan = new float[9];
    java.util.Arrays.fill(allNan, Float.NaN);
    allNan[4] = Float.POSITIVE_INFINITY;
    Run r = run("betti", npy("all_nan.npy", allNan, 3, 3));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines()).singleElement().asString()
        .contains("every value is NaN or infinite").contains("non_finite").doesNotContain("\tat ");

    float[] batch = new float[18];
    batch[0] = 1; // sample 0 has one finite value, sample 1 none
    java.util.Arrays.fill(batch, 1, 18, Float.NaN);
    Run b = run("betti", "--batch", npy("batch_nan.npy", batch, 2, 3, 3));
    assertThat(b.exit()).isEqualTo(1);
    assertThat(b.err()).contains("sample 1 of");

    float[] someNan = {0, Float.NaN, 0, Float.NaN, Float.NaN, Float.NaN, 0, Float.NaN, 0};
    Run partly = run("betti", npy("some_nan.npy", someNan, 3, 3), "--thresholds", "0");
    assertThat(partly.exit()).isZero();
    assertThat(partly.out()).contains("\"betti\":[[4,0]]"); // NaN is never in a sublevel set: four corners
  }

  /** Writes a little-endian float32 C-order .npy file (format 1.0). */
  private static String npy(String name, float[] values, int... shape) throws IOException {
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      dims.append(d).append(", ");
    }
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().strip()
        + (shape.length == 1 ? "" : "") + "), }";
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + values.length * 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (float v : values) {
      b.putFloat(v);
    }
    Path file = fixtures.resolve(name);
    Files.write(file, b.array());
    return file.toString();
  }
}
