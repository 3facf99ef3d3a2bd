package dev.topowatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DemoDataDirTest {

  @TempDir Path dir;

  @Test
  void anEarlierDemosDataIsEmptiedSoItsRunsDoNotComeBack() throws Exception {
    Path demo = dir.resolve("demo");
    Files.createDirectories(demo.resolve("history/demo-old"));
    Files.writeString(demo.resolve("history/demo-old/series.jsonl"), "{}\n");
    Files.createDirectories(demo.resolve("state/runs"));
    Files.createDirectories(demo.resolve("kafka"));
    Files.writeString(demo.resolve("analyzer.log"), "log");

    DemoDataDir.empty(demo);

    assertThat(demo).isEmptyDirectory();
  }

  @Test
  void aFolderWithOtherFilesIsRefusedAndLeftAsItIs() throws Exception {
    Files.writeString(dir.resolve("thesis.tex"), "precious");
    Files.createDirectories(dir.resolve("history"));

    assertThatThrownBy(() -> DemoDataDir.empty(dir)).hasMessageContaining("thesis.tex").hasMessageContaining("--keep-data");
    assertThat(dir.resolve("thesis.tex")).hasContent("precious");
    assertThat(dir.resolve("history")).isDirectory();
  }

  @Test
  void aMissingFolderIsCreated() throws Exception {
    DemoDataDir.empty(dir.resolve("new/demo"));
    assertThat(dir.resolve("new/demo")).isEmptyDirectory();
  }
}
