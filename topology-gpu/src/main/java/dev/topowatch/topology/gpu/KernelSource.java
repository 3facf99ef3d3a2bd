package dev.topowatch.topology.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** CUDA C source and the name NVRTC reports it under. */
record KernelSource(String name, String text) {
  /**
   * The kernels of this back end, kept as a resource next to this class, after the layout defines
   * they are compiled against ({@link KernelLayout#defines()}).
   */
  static KernelSource betti() {
    try (InputStream in = KernelSource.class.getResourceAsStream("betti.cu")) {
      if (in == null) {
        throw new IllegalStateException("betti.cu is missing from the gpu back end's jar");
      }
      return new KernelSource("betti.cu", KernelLayout.defines() + new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SHA-256 of the name, the text and {@code salt} (compiler version, options), in hex. */
  String hash(String salt) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(name.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(text.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0);
      d.update(salt.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
