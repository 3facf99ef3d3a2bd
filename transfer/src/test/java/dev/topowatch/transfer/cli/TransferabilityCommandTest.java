package dev.topowatch.transfer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command on real .npy files: the hand-worked values come back as JSON; bad input is one line and exit 1. */
class TransferabilityCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  @Test
  void featureScores() throws IOException {
    Path f = npy("f.npy", new int[] {5, 2}, 1, 0, 0, 1, 1, 1, 2, 1, 0, 2);
    Path y = npy("y.npy", new int[] {5}, 0, 1, 1, 0, 1);
    Result logme = run("--method", "logme", "--features", f.toString(), "--labels", y.toString());
    assertThat(logme.code).isZero();
    assertThat(logme.out.strip()).startsWith("{\"method\":\"logme\",\"score\":-0.89701543506620");
    Result h = run("--method", "HSCORE", "--features", f.toString(), "--labels", y.toString());
    assertThat(h.out.strip()).startsWith("{\"method\":\"hscore\",\"score\":0.71014492753623");
  }

  @Test
  void probabilityScores() throws IOException {
    Path p = npy("p.npy", new int[] {4, 2}, 0.9, 0.1, 0.8, 0.2, 0.3, 0.7, 0.2, 0.8);
    Path y = npy("y.npy", new int[] {4}, 0, 0, 1, 0);
    Result leep = run("--method", "leep", "--source-probs", p.toString(), "--labels", y.toString());
    assertThat(leep.out.strip()).startsWith("{\"method\":\"leep\",\"score\":-0.48933606529772");
    Result nce = run("--method", "nce", "--source-probs", p.toString(), "--labels", y.toString());
    assertThat(nce.out.strip()).isEqualTo("{\"method\":\"nce\",\"score\":" + (-0.5 * Math.log(2)) + "}");
  }

  @Test
  void oneLineErrors() throws IOException {
    Path f = npy("f.npy", new int[] {5, 2}, 1, 0, 0, 1, 1, 1, 2, 1, 0, 2);
    Path y = npy("y.npy", new int[] {4}, 0, 1, 1, 0);
    Path half = npy("half.npy", new int[] {4}, 0, 0.5, 1, 0);
    assertError(run("--method", "leep", "--features", f.toString(), "--labels", y.toString()),
        "transferability: error: --method leep needs --source-probs");
    assertError(run("--method", "logme", "--features", f.toString(), "--labels", y.toString()),
        "transferability: error: features has 5 rows but there are 4 labels");
    assertError(run("--method", "logme", "--features", dir.resolve("missing.npy").toString(), "--labels", y.toString()),
        "transferability: error: no such file: " + dir.resolve("missing.npy"));
    assertError(run("--method", "nce", "--source-probs", f.toString(), "--labels", half.toString()),
        "transferability: error: labels " + half + ": element 1 is 0.5, labels must be whole numbers >= 0");
    Result bad = run("--method", "fid", "--features", f.toString(), "--labels", y.toString());
    assertThat(bad.code).isEqualTo(2);
    assertThat(bad.err).contains("'fid' is not one of logme, hscore, leep, nce");
  }

  private static void assertError(Result r, String line) {
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).isEmpty();
    assertThat(r.err.strip()).isEqualTo(line);
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new TransferabilityCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** A little-endian float64 .npy file, as numpy.save writes it. */
  private Path npy(String name, int[] shape, double... values) throws IOException {
    String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "") + "), }";
    int total = 10 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (double v : values) {
      b.putDouble(v);
    }
    Path p = dir.resolve(name);
    Files.write(p, b.array());
    return p;
  }
}
