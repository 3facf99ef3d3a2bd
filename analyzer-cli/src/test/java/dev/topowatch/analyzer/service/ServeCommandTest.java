package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.cli.TopowatchAnalyzer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve} as a user runs it: its own JVM, its embedded broker, free ports, a fresh data
 * directory; answered over HTTP, then stopped with SIGTERM.
 */
class ServeCommandTest {
  /** The line serve prints once it listens, e.g. {@code topowatch analyzer: open http://127.0.0.1:8080/ …}. */
  private static final Pattern LISTENING = Pattern.compile("topowatch analyzer: \\D*http://127\\.0\\.0\\.1:(\\d+)/");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void serveStartsItsBrokerAnswersHealthAndRunsAndStopsOnSigterm(@TempDir Path dir) throws Exception {
    Path dataDir = dir.resolve("data");
    Path log = dir.resolve("serve.log");
    // The test JVM's own class path (Surefire's booter jar lists every dependency) runs the command.
    Process serve = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), TopowatchAnalyzer.class.getName(),
        "serve", "--http-port", "0", "--kafka-port", "0", "--data-dir", dataDir.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      int port = Awaitility.await("serve to print its address").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> {
            assertThat(serve.isAlive()).as("serve exited early; its log:%n%s", read(log)).isTrue();
            Matcher m = LISTENING.matcher(read(log));
            return m.find() ? Integer.parseInt(m.group(1)) : null;
          }, Objects::nonNull);

      HttpResponse<String> health = Awaitility.await("/health to report UP").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200)).until(() -> get(port, "/health"), r -> r.statusCode() == 200);
      assertThat(health.body()).contains("\"status\":\"UP\"");
      HttpResponse<String> runs = get(port, "/api/runs");
      assertThat(runs.statusCode()).isEqualTo(200);
      assertThat(runs.body().replace(" ", "")).isEqualTo("{\"runs\":[]}");
      assertThat(get(port, "/api/runs/nobody").statusCode()).isEqualTo(404);
      assertThat(get(port, "/metrics").body()).contains("topowatch_consumer_paused");
      assertThat(dataDir.resolve("kafka")).as("the embedded broker keeps its data under --data-dir").isDirectory();
    } finally {
      serve.destroy(); // SIGTERM: the service's shutdown hook drains, commits and stops the broker
      boolean stopped = serve.waitFor(60, TimeUnit.SECONDS);
      if (!stopped) {
        serve.destroyForcibly().waitFor();
      }
      assertThat(stopped).as("serve stops on SIGTERM; its log:%n%s", read(log)).isTrue();
    }
  }

  @Test
  void serveAndLoadgenAreCommandsOfTheJarAndDocumentTheirFlags() {
    CommandLine cli = TopowatchAnalyzer.commandLine();
    assertThat(cli.getSubcommands()).containsKeys("serve", "loadgen");
    assertThat(cli.getSubcommands().get("serve").getUsageMessage()).contains("--kafka-bootstrap", "--http-port", "--config", "--data-dir", "--kafka-port", "--set",
        "Precedence: flags > environment");
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }
}
