package dev.topowatch.topology.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes C-order little-endian {@code .npy} files (format 1.0), so that Python baselines read the benchmark's own data. */
final class NpyOut {
  private NpyOut() {}

  static void floats(Path file, float[] data, int... shape) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    write(file, "<f4", shape, b.array());
  }

  static void doubles(Path file, double[] data, int... shape) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(data);
    write(file, "<f8", shape, b.array());
  }

  static void longs(Path file, long[] data, int... shape) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(data);
    write(file, "<i8", shape, b.array());
  }

  private static void write(Path file, String descr, int[] shape, byte[] data) throws IOException {
    String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "") + "), }";
    int unpadded = 6 + 2 + 2 + header.length() + 1; // magic, version, length, header, newline
    header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n"; // data starts 64-byte aligned
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      out.write(header.length() & 0xff);
      out.write(header.length() >>> 8);
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      out.write(data);
    }
  }
}
