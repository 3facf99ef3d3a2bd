package dev.topowatch.analyzer.cli;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.config.ConfigSources;
import dev.topowatch.analyzer.service.AnalyzerService;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code serve}: the streaming analyzer. Settings: flags &gt; {@code TOPOWATCH_ANALYZER_*} environment
 * &gt; {@code --config} YAML file &gt; defaults (see {@link AnalyzerConfig} for every key).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Consume topowatch.activations and topowatch.events, compute Betti numbers, Omega and theta, and serve",
      "the web page (/), /metrics, /health and /api/runs (docs/api.md). Without --kafka-bootstrap an embedded single-node",
      "KRaft broker is started on 127.0.0.1:--kafka-port with its data under --data-dir.",
      "Precedence: flags > environment (TOPOWATCH_ANALYZER_<KEY>, e.g. TOPOWATCH_ANALYZER_HTTP_PORT) > --config file > defaults."
    })
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT", description = "join this Kafka cluster instead of starting the embedded broker (kafka.bootstrap)")
  String kafkaBootstrap;

  @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port, 0 for any free port (http.port, default 8080)")
  Integer httpPort;

  @Option(names = "--http-host", paramLabel = "HOST", description = "interface HTTP listens on (http.host, default 127.0.0.1; 0.0.0.0 = all)")
  String httpHost;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file")
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "the embedded broker's data; one analyzer per directory (data-dir, default ~/.topowatch)")
  String dataDir;

  @Option(names = "--kafka-port", paramLabel = "PORT", description = "port of the embedded broker (kafka.port, default 9092)")
  Integer kafkaPort;

  @Mixin SettingOptions analyzerSettings;

  @Override
  public Integer call() throws Exception {
    AnalyzerConfig config = AnalyzerConfig.of(ConfigSources.merge(configFile, System.getenv(), flags()));
    // The service's own shutdown hook stops it in order on SIGTERM / Ctrl-C.
    AnalyzerService service = AnalyzerService.start(config);
    System.err.println("topowatch analyzer: open http://" + config.httpHost() + ":" + service.httpPort()
        + "/  (metrics on /metrics, kafka " + service.bootstrapServers() + ")");
    new CountDownLatch(1).await();
    return 0;
  }

  Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>(analyzerSettings.settings);
    put(flags, AnalyzerConfig.KAFKA_BOOTSTRAP, kafkaBootstrap);
    put(flags, AnalyzerConfig.HTTP_PORT, httpPort);
    put(flags, AnalyzerConfig.HTTP_HOST, httpHost);
    put(flags, AnalyzerConfig.DATA_DIR, dataDir);
    put(flags, AnalyzerConfig.KAFKA_PORT, kafkaPort);
    return flags;
  }

  private static void put(Map<String, String> flags, String key, Object value) {
    if (value != null) {
      flags.put(key, String.valueOf(value));
    }
  }
}
