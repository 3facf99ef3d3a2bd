package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.cli.TopowatchAnalyzer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

  @Test
  void serveAndLoadgenAreCommandsOfTheJarAndDocumentTheirFlags() {
    CommandLine cli = TopowatchAnalyzer.commandLine();
    assertThat(cli.getSubcommands()).containsKeys("serve", "loadgen");
    assertThat(cli.getSubcommands().get("serve").getUsageMessage()).contains("--kafka-bootstrap", "--http-port", "--config", "--data-dir", "--kafka-port", "--set",
        "Precedence: flags > environment");
  }
}
