package dev.topowatch.experiment.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topowatch.topology.PaperBettis;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report reads the authors' arrays as the repository keeps them (gzip) and as they publish them (plain). */
class PaperArraysSectionTest {

  @Test
  void readsThePlainFileOrItsGzipCopy(@TempDir Path dir) throws Exception {
    byte[] resnet18 = PaperBettis.bytes("resnet18.npy");
    Path plain = Files.createDirectories(dir.resolve("plain")).resolve("resnet18.npy");
    Files.write(plain, resnet18);
    Path zipped = Files.createDirectories(dir.resolve("gzip")).resolve("resnet18.npy");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(zipped.resolveSibling("resnet18.npy.gz")))) {
      out.write(resnet18);
    }

    assertThat(PaperArraysSection.theta(plain)).isCloseTo(0.194418, within(1e-4)); // the authors' README
    assertThat(PaperArraysSection.theta(zipped)).isEqualTo(PaperArraysSection.theta(plain));
  }
}
