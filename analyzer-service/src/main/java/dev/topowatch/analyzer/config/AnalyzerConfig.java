package dev.topowatch.analyzer.config;

import io.vertx.core.json.JsonObject;
import dev.topowatch.broker.BrokerSecurity;
import dev.topowatch.analyzer.stream.InputLimits;
import dev.topowatch.analyzer.stream.ThetaLayers;
import dev.topowatch.analyzer.stream.ThresholdSpec;
import dev.topowatch.topology.BettiEngines;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The analyzer's resolved settings: a flat map of dotted keys with typed accessors. Built by {@link
 * ConfigSources#merge}; travels to the verticles as their {@code config()} ({@link #toJson()}). Every
 * key is declared once, with its default, meaning and check, in {@link AnalyzerSettings}; the
 * constants below are its names for code.
 */
public final class AnalyzerConfig {

  public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap";
  public static final String KAFKA_GROUP_ID = "kafka.group-id";
  public static final String KAFKA_PORT = "kafka.port";
  public static final String BROKER_KEYSTORE = "broker.keystore";
  public static final String BROKER_KEYSTORE_PASSWORD = "broker.keystore-password";
  public static final String BROKER_SCRAM_USERS = "broker.scram-users";
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_HOST = "http.host";
  public static final String HTTP_API_TOKEN = "http.api-token";
  public static final String HTTP_METRICS_NEED_TOKEN = "http.metrics-need-token";
  public static final String HTTP_SESSION_TTL = "http.session-ttl";
  public static final String TOPIC_ACTIVATIONS = "topics.activations";
  public static final String TOPIC_EVENTS = "topics.events";
  public static final String ACTIVATION_PARTITIONS = "topics.activations-partitions";
  public static final String TOPIC_RUN_STATE = "topics.run-state";
  public static final String TOPIC_REPLICATION_FACTOR = "topics.replication-factor";
  public static final String TOPIC_MIN_INSYNC_REPLICAS = "topics.min-insync-replicas";
  public static final String ENGINE_BACKEND = "engine.backend";
  public static final String ENGINE_CONSTRUCTION = "engine.construction";
  public static final String ENGINE_THRESHOLDS = "engine.thresholds";
  public static final String ENGINE_QUANTILE_MODE = "engine.quantile-mode";
  public static final String ENGINE_THRESHOLD_MODE = "engine.threshold-mode";
  public static final String ENGINE_SKIP_DUPLICATES = "engine.skip-duplicate-layers";
  public static final String ENGINE_LAYER_WAIT = "engine.layer-wait";
  public static final String ENGINE_THETA_LAYERS = "engine.theta-layers";
  public static final String ENGINE_WORKERS = "engine.workers";
  public static final String BATCH_MAX_VOLUMES = "engine.batch.max-volumes";
  public static final String BATCH_MAX_WAIT = "engine.batch.max-wait";
  public static final String MAX_VOLUME_VALUES = "limits.max-volume-values";
  public static final String MAX_IN_FLIGHT = "limits.max-in-flight";
  public static final String MAX_MESSAGE_BYTES = "limits.max-message-bytes";
  public static final String MAX_ID_LENGTH = "limits.max-id-length";
  public static final String MAX_LAYERS = "limits.max-layers";

  /** Volumes are held as one float array and their data as one byte string: 2^31 bytes at most. */
  public static final long MAX_VOLUME_VALUES_CEILING = Integer.MAX_VALUE / 4;
  public static final String RUNS_IDLE_TIMEOUT = "runs.idle-timeout";
  public static final String RUNS_MAX_LIVE = "runs.max-live";
  public static final String RUNS_THETA_HISTORY = "runs.theta-history";
  public static final String RUNS_RETAINED_STEPS = "runs.retained-steps";
  public static final String STATE_COMMIT_INTERVAL = "state.commit-interval";
  public static final String DEAD_LETTER_TOPIC = "dead-letter.topic";
  public static final String DATA_DIR = "data-dir";
  public static final String HISTORY_RETENTION = "history.retention";
  public static final String HISTORY_MAX_BYTES = "history.max-bytes";
  public static final String UI_PROMETHEUS_URL = "ui.prometheus-url";

  /** Every key with a default, in documentation order (declared in {@link AnalyzerSettings}). */
  public static final Map<String, String> DEFAULTS = java.util.Collections.unmodifiableMap(AnalyzerSettings.defaults());

  private final Map<String, String> values;

  private AnalyzerConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Defaults overlaid with {@code overrides}. */
  public static AnalyzerConfig of(Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
    all.putAll(overrides);
    AnalyzerConfig config = new AnalyzerConfig(all);
    config.validate();
    return config;
  }

  public static AnalyzerConfig fromJson(JsonObject json) {
    Map<String, String> map = new LinkedHashMap<>();
    json.forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
    return of(map);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    values.forEach(json::put);
    return json;
  }

  /** A copy with one key changed. */
  public AnalyzerConfig with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return of(copy);
  }

  public Map<String, String> asMap() {
    return values;
  }

  public Optional<String> bootstrap() {
    return Optional.ofNullable(values.get(KAFKA_BOOTSTRAP)).filter(s -> !s.isBlank());
  }

  public String groupId() {
    return values.get(KAFKA_GROUP_ID);
  }

  public int embeddedKafkaPort() {
    return integer(KAFKA_PORT);
  }

  /** TLS and SCRAM users for the embedded broker, when {@code broker.keystore} is set. */
  public Optional<BrokerSecurity> brokerSecurity() {
    try {
      return BrokerSecurity.fromSettings(values.get(BROKER_KEYSTORE), values.get(BROKER_KEYSTORE_PASSWORD), values.get(BROKER_SCRAM_USERS));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(BROKER_KEYSTORE + ", " + BROKER_KEYSTORE_PASSWORD + ", " + BROKER_SCRAM_USERS + ": " + e.getMessage(), e);
    }
  }

  public int httpPort() {
    return integer(HTTP_PORT);
  }

  /** The interface HTTP binds to; loopback unless told otherwise, so nothing is exposed by accident. */
  public String httpHost() {
    return values.get(HTTP_HOST).trim();
  }

  /** The bearer token {@code /api/*} requires; empty when the API is open. */
  public Optional<String> apiToken() {
    return Optional.ofNullable(values.get(HTTP_API_TOKEN)).filter(s -> !s.isBlank());
  }

  /** Whether {@code /metrics} requires the API token as well. */
  public boolean metricsNeedToken() {
    return Boolean.parseBoolean(values.get(HTTP_METRICS_NEED_TOKEN).trim());
  }

  /** How long a web page login lasts, from the login (not renewed by use). */
  public Duration sessionTtl() {
    return duration(HTTP_SESSION_TTL);
  }

  /** Every per-record size limit, for the decoders. */
  public InputLimits inputLimits() {
    return new InputLimits(integer(MAX_MESSAGE_BYTES), maxVolumeValues(), integer(MAX_ID_LENGTH),
        integer(MAX_LAYERS));
  }

  public String activationsTopic() {
    return values.get(TOPIC_ACTIVATIONS);
  }

  public String eventsTopic() {
    return values.get(TOPIC_EVENTS);
  }

  /** The run-state changelog topic; by default named after the consumer group, whose offsets it goes with. */
  public String runStateTopic() {
    String topic = values.get(TOPIC_RUN_STATE);
    return topic == null || topic.isBlank() ? groupId() + ".run-state" : topic;
  }

  public int activationPartitions() {
    return integer(ACTIVATION_PARTITIONS);
  }

  /** {@code topics.replication-factor}; empty for {@code auto} (min(3, brokers), see TopicReplication). */
  public Optional<Integer> replicationFactor() {
    return autoOrPositive(TOPIC_REPLICATION_FACTOR);
  }

  /** {@code topics.min-insync-replicas}; empty for {@code auto}. */
  public Optional<Integer> minInsyncReplicas() {
    return autoOrPositive(TOPIC_MIN_INSYNC_REPLICAS);
  }

  private Optional<Integer> autoOrPositive(String key) {
    String v = values.get(key);
    if (v == null || v.isBlank() || v.trim().equalsIgnoreCase("auto")) {
      return Optional.empty();
    }
    int n = integer(key);
    if (n < 1 || n > Short.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be auto or a positive number, was '" + v + "'");
    }
    return Optional.of(n);
  }

  public String backend() {
    return values.get(ENGINE_BACKEND).toLowerCase(Locale.ROOT);
  }

  public String construction() {
    return values.get(ENGINE_CONSTRUCTION).toLowerCase(Locale.ROOT);
  }

  public double[] thresholds() {
    return Arrays.stream(values.get(ENGINE_THRESHOLDS).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .mapToDouble(Double::parseDouble)
        .toArray();
  }

  /** True when thresholds are per-volume (quantile or standardised). */
  public boolean quantileMode() {
    return thresholdMode() != ThresholdSpec.Mode.ABSOLUTE;
  }

  /** {@code engine.threshold-mode}, or quantile where the older {@code engine.quantile-mode=true} says so. */
  public ThresholdSpec.Mode thresholdMode() {
    ThresholdSpec.Mode mode = ThresholdSpec.Mode.parse(values.get(ENGINE_THRESHOLD_MODE));
    boolean legacyQuantile = Boolean.parseBoolean(values.get(ENGINE_QUANTILE_MODE).trim());
    if (legacyQuantile && mode == ThresholdSpec.Mode.STANDARDISED) {
      throw new IllegalArgumentException(ENGINE_QUANTILE_MODE + "=true contradicts " + ENGINE_THRESHOLD_MODE + "=standardised");
    }
    return legacyQuantile ? ThresholdSpec.Mode.QUANTILE : mode;
  }

  /** The thresholds as the engine applies them. */
  public ThresholdSpec thresholdSpec() {
    return new ThresholdSpec(thresholds(), thresholdMode());
  }

  public Duration layerWait() {
    return duration(ENGINE_LAYER_WAIT);
  }

  /** The rule choosing the layers that enter θ and the late-layer complexity. */
  public ThetaLayers thetaLayers() {
    ThetaLayers rule = ThetaLayers.parse(values.get(ENGINE_THETA_LAYERS));
    return Boolean.parseBoolean(values.get(ENGINE_SKIP_DUPLICATES).trim())
        ? rule.skippingDuplicates(thresholdMode(), thresholds()) : rule;
  }

  /** Betti worker threads: the configured count, or one per core. */
  public int workers() {
    int n = integer(ENGINE_WORKERS);
    return n > 0 ? n : Runtime.getRuntime().availableProcessors();
  }

  /** The most volumes one engine call takes. */
  public int batchMaxVolumes() {
    return integer(BATCH_MAX_VOLUMES);
  }

  /** Under load, how long the oldest volume of a batch may wait for the batch to fill. */
  public Duration batchMaxWait() {
    return duration(BATCH_MAX_WAIT);
  }

  public long maxVolumeValues() {
    return Long.parseLong(values.get(MAX_VOLUME_VALUES).replace("_", "").replace(",", "").trim());
  }

  /** Records in the compute queue above which the consumer pauses. */
  public int maxInFlight() {
    int n = integer(MAX_IN_FLIGHT);
    return n > 0 ? n : 32 * workers();
  }

  public Duration idleTimeout() {
    return duration(RUNS_IDLE_TIMEOUT);
  }

  public int maxLiveRuns() {
    return integer(RUNS_MAX_LIVE);
  }

  public int thetaHistory() {
    return integer(RUNS_THETA_HISTORY);
  }

  public int retainedSteps() {
    return integer(RUNS_RETAINED_STEPS);
  }

  /** How often the changed runs' checkpoints and the consumer offsets are committed (one transaction). */
  public Duration stateCommitInterval() {
    return duration(STATE_COMMIT_INTERVAL);
  }

  public Optional<String> deadLetterTopic() {
    return Optional.ofNullable(values.get(DEAD_LETTER_TOPIC)).filter(s -> !s.isBlank());
  }

  public Path dataDir() {
    String dir = values.get(DATA_DIR);
    if (dir.equals("~") || dir.startsWith("~/")) {
      dir = System.getProperty("user.home") + dir.substring(1);
    }
    return Path.of(dir);
  }

  /** How long a recorded run is kept after its last update. */
  public Duration historyRetention() {
    return duration(HISTORY_RETENTION);
  }

  /** The most bytes the recorded runs may take together. */
  public long historyMaxBytes() {
    return SettingValues.parseBytes(values.get(HISTORY_MAX_BYTES));
  }

  /** The Prometheus that evaluates the alert rules, for the web page's alert panel. */
  public Optional<URI> prometheusUrl() {
    return Optional.ofNullable(values.get(UI_PROMETHEUS_URL)).filter(s -> !s.isBlank()).map(s -> URI.create(s.trim()));
  }

  /**
   * Client properties from the {@code kafka.*} keys other than the analyzer's own ({@code
   * kafka.bootstrap}, {@code kafka.group-id}, {@code kafka.port}), prefix removed, plus the
   * bootstrap servers.
   */
  public Properties kafkaClientProperties(String bootstrapServers) {
    Properties props = new Properties();
    values.forEach(
        (k, v) -> {
          if (k.startsWith("kafka.") && !k.equals(KAFKA_BOOTSTRAP) && !k.equals(KAFKA_GROUP_ID) && !k.equals(KAFKA_PORT)) {
            props.put(k.substring("kafka.".length()), v);
          }
        });
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  /** Every declared check, in declaration order: the first wrong setting is the error. */
  private void validate() {
    AnalyzerSettings.ALL.forEach(setting -> setting.check().accept(this));
  }

  private int integer(String key) {
    String v = values.get(key);
    try {
      return Integer.parseInt(v.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'", e);
    }
  }

  private Duration duration(String key) {
    return SettingValues.parseDuration(values.get(key));
  }
}
