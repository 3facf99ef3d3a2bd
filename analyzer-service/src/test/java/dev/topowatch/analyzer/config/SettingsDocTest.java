package dev.topowatch.analyzer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/analyzer.md lists the settings as {@link AnalyzerSettings} declares them: the table between
 * its two markers is {@link AnalyzerSettings#markdownTable()}, character for character. After
 * changing a declaration, {@code -Dtopowatch.update-docs=true} rewrites the table instead of failing.
 */
class SettingsDocTest {
  private static final String START = "<!-- settings: generated from AnalyzerSettings.markdownTable() (analyzer-service); "
      + "SettingsDocTest keeps them equal -->\n";
  private static final String END = "<!-- end of settings -->";

  @Test
  void theDocumentedTableIsTheDeclaredOne() throws IOException {
    Path doc = repositoryRoot().resolve("docs/analyzer.md");
    String text = Files.readString(doc);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertThat(start).as("%s holds the settings markers", doc).isNotNegative();
    assertThat(end).isGreaterThan(start);
    String documented = text.substring(start + START.length(), end);
    String declared = AnalyzerSettings.markdownTable();
    if (Boolean.getBoolean("topowatch.update-docs")) {
      Files.writeString(doc, text.substring(0, start + START.length()) + declared + text.substring(end));
      return;
    }
    assertThat(documented).as("docs/analyzer.md's settings table; rerun with -Dtopowatch.update-docs=true to rewrite it")
        .isEqualTo(declared);
  }

  @Test
  void everyKeyIsDeclaredOnceWithItsEnvironmentName() {
    assertThat(AnalyzerSettings.ALL).extracting(Setting::key).doesNotHaveDuplicates();
    assertThat(AnalyzerSettings.ALL).filteredOn(s -> s.key().equals(AnalyzerConfig.ENGINE_LAYER_WAIT)).singleElement()
        .satisfies(s -> {
          assertThat(s.envName()).isEqualTo("TOPOWATCH_ANALYZER_ENGINE_LAYER_WAIT");
          assertThat(s.section()).isEqualTo("engine");
        });
    assertThat(AnalyzerConfig.DEFAULTS).containsEntry(AnalyzerConfig.HTTP_PORT, "8080").doesNotContainKey(AnalyzerConfig.KAFKA_BOOTSTRAP);
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/analyzer.md")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docs/analyzer.md above " + Path.of("").toAbsolutePath());
  }
}
