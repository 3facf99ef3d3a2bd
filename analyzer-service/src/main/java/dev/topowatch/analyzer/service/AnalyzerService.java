package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.broker.DirectoryLock;
import dev.topowatch.analyzer.history.HistoryStore;
import dev.topowatch.analyzer.history.Retention;
import dev.topowatch.analyzer.history.RunRecorder;
import dev.topowatch.broker.EmbeddedKafka;
import dev.topowatch.analyzer.kafka.TopicReplication;
import dev.topowatch.analyzer.kafka.TopicSetup;
import dev.topowatch.analyzer.state.RunStateTopic;
import dev.topowatch.analyzer.state.StateMetrics;
import dev.topowatch.analyzer.stream.BettiComputer;
import dev.topowatch.analyzer.stream.EngineFailover;
import dev.topowatch.analyzer.stream.EventProcessor;
import dev.topowatch.analyzer.stream.RunRegistry;
import dev.topowatch.analyzer.stream.SampleDecoder;
import dev.topowatch.analyzer.stream.SampleProcessor;
import dev.topowatch.analyzer.stream.ThresholdSpec;
import dev.topowatch.analyzer.web.WebUi;
import dev.topowatch.topology.BettiEngines;
import dev.topowatch.topology.Construction;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole analyzer, assembled: the lock on its data directory, the embedded broker when no
 * bootstrap is configured (started before any verticle, off the event loop), the topics (the run-state
 * changelog among them), the run registry and the run history, the engine, the meters, and four
 * verticles (ingest, which restores runs as it is assigned their partitions, HTTP, housekeeping,
 * history). {@link #close()} stops them in reverse order.
 */
public final class AnalyzerService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AnalyzerService.class);

  private final AnalyzerConfig config;
  private DirectoryLock dataDirLock;
  private EmbeddedKafka embedded;
  private Admin admin;
  private EngineFailover engine;
  private RunRegistry runs;
  private HistoryStore history;
  private Vertx vertx;
  private HttpVerticle http;
  private String bootstrap;
  private Thread shutdownHook;
  private TopicReplication replication;

  private AnalyzerService(AnalyzerConfig config) {
    this.config = config;
  }

  /** Starts everything; on failure, whatever started is stopped and the exception rethrown. */
  public static AnalyzerService start(AnalyzerConfig config) {
    AnalyzerService service = new AnalyzerService(config);
    try {
      // One hook stops everything in order: the consumer commits before the embedded broker goes.
      service.shutdownHook = new Thread(service::close, "topowatch-analyzer-shutdown");
      Runtime.getRuntime().addShutdownHook(service.shutdownHook);
      service.startAll();
      return service;
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  /** The replication of the topics created here, counted on the cluster once (topics.replication-factor, …). */
  private synchronized TopicReplication replication() {
    if (replication == null) {
      replication = TopicReplication.resolve(admin, config.replicationFactor(), config.minInsyncReplicas(), 30_000);
    }
    return replication;
  }

  private void startAll() {
    try {
      // Two analyzers on one directory would share a transactional id and fence each other.
      dataDirLock = DirectoryLock.acquire(config.dataDir(), ".analyzer.lock", "another analyzer");
    } catch (IOException e) {
      throw new IllegalStateException("cannot use the data directory: " + e.getMessage(), e);
    }
    bootstrap = config.bootstrap().orElseGet(() -> {
      embedded = EmbeddedKafka.builder()
          .dataDir(config.dataDir().resolve("kafka"))
          .port(config.embeddedKafkaPort())
          .security(config.brokerSecurity().orElse(null))
          .shutdownHook(false)
          .build()
          .start();
      return embedded.bootstrapServers();
    });
    admin = Admin.create(config.kafkaClientProperties(bootstrap));
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put(config.activationsTopic(), config.activationPartitions());
    // Co-partitioned: the agent sends a run's activations and events to the same partition number, and
    // the range assignor gives equal partition numbers to one replica, so one replica sees a whole run.
    topics.put(config.eventsTopic(), config.activationPartitions());
    config.deadLetterTopic().ifPresent(t -> topics.put(t, 1));
    try {
      TopicReplication replication = replication();
      LOG.info("topics the analyzer creates get {}", replication.describe());
      TopicSetup.ensure(admin, topics, replication, 30_000);
      RunStateTopic.ensure(admin, config.runStateTopic(), TopicSetup.partitionCount(admin, config.activationsTopic(), 30_000),
          replication, 30_000);
    } catch (IllegalStateException e) {
      if (embedded != null) {
        throw e;
      }
      // On a managed cluster the analyzer may not be allowed to create topics; they may exist anyway
      // (the run-state topic's partitions are checked when the consumer is assigned partitions).
      LOG.warn("{}; continuing on the assumption that the topics exist", e.getMessage());
    }

    ThresholdSpec thresholds = config.thresholdSpec();
    PipelineMetrics pipeline = new PipelineMetrics(List.of(config.activationsTopic(), config.eventsTopic()));
    engine = openEngine(pipeline);
    runs = new RunRegistry(new RunRegistry.Settings(
        thresholds.labels(), config.thetaHistory(), config.retainedSteps(), config.maxLiveRuns(), config.layerWait(),
        config.idleTimeout()).withThetaLayers(config.thetaLayers()), System::currentTimeMillis);
    // Every run's full record, kept after the run leaves memory (the web page's run history).
    history = HistoryStore.open(config.dataDir().resolve("history"),
        new Retention(config.historyRetention(), config.historyMaxBytes()), System::currentTimeMillis);
    runs.addListener(new RunRecorder(history, System::currentTimeMillis));

    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(), new ClassLoaderMetrics(),
        new ProcessorMetrics(), new UptimeMetrics()).forEach(b -> b.bindTo(prometheus));
    pipeline.bindTo(prometheus);
    new RunMetrics(runs).bindTo(prometheus);
    StateMetrics stateMetrics = new StateMetrics();
    stateMetrics.bindTo(prometheus);

    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(prometheus))
        .build();
    SampleProcessor samples = new SampleProcessor(new SampleDecoder(config.inputLimits()),
        new BettiComputer(engine, Construction.parse(config.construction()), thresholds), runs);
    IngestVerticle ingest = new IngestVerticle(bootstrap, samples, new EventProcessor(runs, config.inputLimits()), runs, pipeline,
        stateMetrics, this::replication);
    WebUi web = new WebUi(runs, history, config.prometheusUrl());
    web.publishTo(vertx);
    http = new HttpVerticle(prometheus, runs, new HealthCheck(vertx, admin, ingest::assigned, engine,
        List.of(config.activationsTopic(), config.eventsTopic(), config.runStateTopic())), web);
    DeploymentOptions options = new DeploymentOptions().setConfig(config.toJson());
    await(vertx.deployVerticle(ingest, options));
    await(vertx.deployVerticle(new HousekeepingVerticle(runs, pipeline), options));
    await(vertx.deployVerticle(new HistoryVerticle(history, runs), options));
    await(vertx.deployVerticle(http, options));
    LOG.info("analyzer serving http://{}:{}/ (engine {}, {} workers, thresholds {}), consuming {} and {} from {}",
        config.httpHost(), httpPort(), engine.name(), config.workers(), thresholds.labels(), config.activationsTopic(), config.eventsTopic(), bootstrap);
  }

  /**
   * The configured back end. Under auto, if it breaks (a lost GPU, a sticky CUDA error) the failed batch
   * and everything after go to cpu; a back end named in the configuration has no fallback: its failure
   * holds the samples uncommitted and /health says DOWN until a restart.
   */
  private EngineFailover openEngine(PipelineMetrics pipeline) {
    BettiEngines.Choice choice = BettiEngines.open(config.backend());
    LOG.info("Betti engine: {}", choice.reason());
    boolean auto = "auto".equalsIgnoreCase(config.backend().trim());
    return new EngineFailover(choice.engine(), auto ? () -> BettiEngines.open("cpu").engine() : null, pipeline);
  }

  public int httpPort() {
    return http.actualPort();
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  public RunRegistry runs() {
    return runs;
  }

  public HistoryStore history() {
    return history;
  }

  /** Undeploys the verticles (the consumer drains and commits run state and offsets), then the rest. */
  @Override
  public synchronized void close() {
    if (vertx != null) {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("stopping Vert.x: {}", e.toString());
      }
      vertx = null;
    }
    runs = null;
    if (history != null) {
      history.sink(flushed -> {}); // the event bus is gone
      history.close();
      history = null;
    }
    if (engine != null) {
      try {
        engine.close();
      } catch (RuntimeException e) { // a lost device fails its release: the rest must still stop
        LOG.warn("closing the Betti engine: {}", e.toString());
      }
      engine = null;
    }
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(5));
      admin = null;
    }
    if (embedded != null) {
      embedded.close();
      embedded = null;
    }
    if (dataDirLock != null) {
      try {
        dataDirLock.close();
      } catch (IOException e) {
        LOG.warn("releasing the data directory: {}", e.toString());
      }
      dataDirLock = null;
    }
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting and the hook is running (or ran): nothing to remove.
      }
    }
    shutdownHook = null;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("deployment failed: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("deployment failed: " + e, e);
    }
  }
}
