package dev.topowatch.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Real processes on loopback: one {@code broker} child JVM and any number of {@code serve} child
 * JVMs pointed at it, each with its own data directory and log under {@code dir}. {@link #close()}
 * stops every child still running, so a test that fails midway leaves none behind.
 */
public final class LocalCluster implements AutoCloseable {

  static final Pattern BROKER_READY = Pattern.compile("topowatch broker ready: bootstrap (\\S+),");
  /** {@code serve}'s line once it serves HTTP: its URL (any host) gives the port. */
  static final Pattern ANALYZER_READY = Pattern.compile("topowatch analyzer: .*?http://[^/ ]+:(\\d+)/");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** An analyzer child: its process and an HTTP client for it. */
  public record Analyzer(String name, AnalyzerProcess process, AnalyzerClient client) {}

  private final Path dir;
  private final List<AnalyzerProcess> analyzers = new ArrayList<>();
  private final List<AnalyzerProcess> brokers = new ArrayList<>();
  private AnalyzerProcess broker;
  private String bootstrap;
  private int brokerStarts;

  public LocalCluster(Path dir) {
    this.dir = dir;
  }

  /** Starts the broker on {@code port} (0: a free one) with its data in {@code dir/broker}; returns its bootstrap. */
  public String startBroker(int port) throws IOException, InterruptedException {
    broker = AnalyzerProcess.start(List.of("broker", "--port", String.valueOf(port), "--data-dir", dir.resolve("broker").toString()),
        "512m", dir.resolve("broker-" + (++brokerStarts) + ".log"), BROKER_READY);
    brokers.add(broker);
    bootstrap = broker.awaitLine(BROKER_READY, START_TIMEOUT).group(1);
    return bootstrap;
  }

  /** Points the analyzers started from now on at brokers started elsewhere (a {@link KafkaCluster}). */
  public void useBrokers(String bootstrapServers) {
    bootstrap = bootstrapServers;
  }

  public String bootstrap() {
    return bootstrap;
  }

  /** The broker's client port. */
  public int brokerPort() {
    return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
  }

  public AnalyzerProcess broker() {
    return broker;
  }

  /**
   * Starts {@code serve --kafka-bootstrap <broker>} with its data in {@code dir/<name>}, any free
   * HTTP port, and {@code settings} as {@code --set} flags; returns once it serves HTTP.
   */
  public Analyzer startAnalyzer(String name, Map<String, String> settings) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("serve", "--kafka-bootstrap", bootstrap, "--http-port", "0",
        "--data-dir", dir.resolve(name).toString()));
    settings.forEach((k, v) -> {
      args.add("--set");
      args.add(k + "=" + v);
    });
    AnalyzerProcess p = AnalyzerProcess.start(args, "384m", dir.resolve(name + "-" + analyzers.size() + ".log"), ANALYZER_READY);
    analyzers.add(p);
    int port = Integer.parseInt(p.awaitLine(ANALYZER_READY, START_TIMEOUT).group(1));
    return new Analyzer(name, p, new AnalyzerClient(port));
  }

  /** Stops the analyzers still running, then the brokers (so the analyzers can commit on the way out). */
  @Override
  public void close() {
    analyzers.forEach(AnalyzerProcess::close);
    brokers.forEach(AnalyzerProcess::close);
  }
}
