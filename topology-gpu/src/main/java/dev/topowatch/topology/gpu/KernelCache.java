package dev.topowatch.topology.gpu;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Compiled kernels on disk, one file per architecture and source hash ({@code betti-sm_90-<hash>.cubin}),
 * so that only the first start on a machine pays for NVRTC. Written to a temporary file and moved
 * into place, so that concurrent starts never read half a file. A cache that cannot be written is
 * no error: the kernels are compiled at every start instead.
 */
final class KernelCache {
  private final Optional<Path> dir;

  KernelCache(Optional<Path> dir) {
    this.dir = dir;
  }

  Optional<Path> file(String architecture, String hash, boolean cubin) {
    return dir.map(d -> d.resolve("betti-" + architecture + "-" + hash.substring(0, 32) + (cubin ? ".cubin" : ".ptx")));
  }

  Optional<byte[]> read(Optional<Path> file) {
    if (file.isEmpty() || !Files.isRegularFile(file.get())) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(file.get()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Stores the image; returns why not when it cannot. */
  Optional<String> write(Optional<Path> file, byte[] image) {
    if (file.isEmpty()) {
      return Optional.of("no cache folder");
    }
    Path target = file.get();
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
      Files.write(tmp, image);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return Optional.empty();
    } catch (IOException | SecurityException e) {
      return Optional.of("cannot write " + target + ": " + e);
    }
  }
}
