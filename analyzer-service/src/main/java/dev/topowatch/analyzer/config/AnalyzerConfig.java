package dev.topowatch.analyzer.config;

import io.vertx.core.json.JsonObject;
import dev.topowatch.broker.BrokerSecurity;
import dev.topowatch.analyzer.stream.InputLimits;
import dev.topowatch.analyzer.stream.ThetaLayers;
import dev.topowatch.topology.BettiEngines;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The analyzer's resolved settings: a flat map of dotted keys with typed accessors. Built by {@link
 * ConfigSources#merge}; travels to the verticles as their {@code config()} ({@link #toJson()}).
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><td>{@code kafka.bootstrap}</td><td>unset: start the embedded broker</td></tr>
 *   <tr><td>{@code kafka.group-id}</td><td>{@code topowatch-analyzer}</td></tr>
 *   <tr><td>{@code kafka.*} (others)</td><td>passed to the Kafka clients (TLS, SASL)</td></tr>
 *   <tr><td>{@code kafka.port}</td><td>9092, embedded broker only</td></tr>
 *   <tr><td>{@code broker.keystore}, {@code broker.keystore-password}, {@code broker.scram-users}</td><td>unset: the
 *       embedded broker speaks PLAINTEXT on loopback; set: SASL_SSL with SCRAM-SHA-512 for these {@code name:password,…} users</td></tr>
 *   <tr><td>{@code http.port}</td><td>8080 (0 = any free port)</td></tr>
 *   <tr><td>{@code http.host}</td><td>{@code 127.0.0.1} (the interface HTTP listens on; {@code 0.0.0.0} = all)</td></tr>
 *   <tr><td>{@code http.api-token}</td><td>unset: {@code /api/*} open; set: it needs {@code Authorization: Bearer TOKEN}</td></tr>
 *   <tr><td>{@code http.session-ttl}</td><td>12h: how long a web page login (a session cookie from {@code POST /api/session}) lasts</td></tr>
 *   <tr><td>{@code http.metrics-need-token}</td><td>false: {@code /metrics} open; true: it needs the token too ({@code /health} stays open)</td></tr>
 *   <tr><td>{@code topics.activations}, {@code topics.events}</td><td>{@code topowatch.activations}, {@code topowatch.events}</td></tr>
 *   <tr><td>{@code topics.activations-partitions}</td><td>6 (topic creation only)</td></tr>
 *   <tr><td>{@code topics.replication-factor}</td><td>{@code auto}: min(3, brokers) (topic creation only)</td></tr>
 *   <tr><td>{@code topics.min-insync-replicas}</td><td>{@code auto}: 2 when the replication factor is 3 or more, else 1</td></tr>
 *   <tr><td>{@code topics.run-state}</td><td>{@code <kafka.group-id>.run-state}: the compacted run-state changelog</td></tr>
 *   <tr><td>{@code engine.backend}</td><td>{@code cpu} (a back end found on the class path, e.g. {@code cpu|gpu}, or {@code auto})</td></tr>
 *   <tr><td>{@code engine.construction}</td><td>{@code v} ({@code v|t})</td></tr>
 *   <tr><td>{@code engine.thresholds}</td><td>{@code 0,0.25,0.5,0.75,1,1.25,1.5,1.75}</td></tr>
 *   <tr><td>{@code engine.quantile-mode}</td><td>false: thresholds are quantiles q of each volume</td></tr>
 *   <tr><td>{@code engine.layer-wait}</td><td>30s</td></tr>
 *   <tr><td>{@code engine.theta-layers}</td><td>{@code spatial}: layers entering θ ({@code spatial|all|regex:PATTERN}, see {@link ThetaLayers})</td></tr>
 *   <tr><td>{@code engine.workers}</td><td>0 = one per core</td></tr>
 *   <tr><td>{@code engine.batch.max-volumes}</td><td>1024 volumes per engine call at most</td></tr>
 *   <tr><td>{@code engine.batch.max-wait}</td><td>2ms: under load, how long a batch may wait to fill</td></tr>
 *   <tr><td>{@code limits.max-volume-values}</td><td>4000000 (at most 536870911)</td></tr>
 *   <tr><td>{@code limits.max-message-bytes}</td><td>16777216: larger records are rejected unread</td></tr>
 *   <tr><td>{@code limits.max-id-length}</td><td>256 characters of a run id or layer name</td></tr>
 *   <tr><td>{@code limits.max-layers}</td><td>256 distinct layers per run</td></tr>
 *   <tr><td>{@code limits.max-in-flight}</td><td>0 = 32 per worker: pause above, resume at half</td></tr>
 *   <tr><td>{@code runs.idle-timeout}</td><td>30m</td></tr>
 *   <tr><td>{@code runs.max-live}</td><td>50</td></tr>
 *   <tr><td>{@code runs.theta-history}</td><td>256 points per run</td></tr>
 *   <tr><td>{@code runs.retained-steps}</td><td>256 steps kept per run (idempotency, late samples)</td></tr>
 *   <tr><td>{@code state.commit-interval}</td><td>5s: run checkpoints and offsets committed together this often</td></tr>
 *   <tr><td>{@code dead-letter.topic}</td><td>unset: no dead-letter copy</td></tr>
 *   <tr><td>{@code data-dir}</td><td>{@code ~/.topowatch}: the embedded broker's data and the run history; one analyzer per directory</td></tr>
 *   <tr><td>{@code history.retention}</td><td>30d: recorded runs not updated for this long are deleted</td></tr>
 *   <tr><td>{@code history.max-bytes}</td><td>1g: the oldest recorded runs are deleted above this total</td></tr>
 *   <tr><td>{@code ui.prometheus-url}</td><td>unset: the web page cannot show which alert rules hold</td></tr>
 * </table>
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

  /** Every key with a default, in documentation order. */
  public static final Map<String, String> DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(KAFKA_GROUP_ID, "topowatch-analyzer");
    d.put(KAFKA_PORT, "9092");
    d.put(HTTP_PORT, "8080");
    d.put(HTTP_HOST, "127.0.0.1");
    d.put(HTTP_METRICS_NEED_TOKEN, "false");
    d.put(HTTP_SESSION_TTL, "12h");
    d.put(TOPIC_ACTIVATIONS, "topowatch.activations");
    d.put(TOPIC_EVENTS, "topowatch.events");
    d.put(ACTIVATION_PARTITIONS, "6");
    d.put(TOPIC_REPLICATION_FACTOR, "auto");
    d.put(TOPIC_MIN_INSYNC_REPLICAS, "auto");
    d.put(ENGINE_BACKEND, "cpu");
    d.put(ENGINE_CONSTRUCTION, "v");
    d.put(ENGINE_THRESHOLDS, "0,0.25,0.5,0.75,1,1.25,1.5,1.75");
    d.put(ENGINE_QUANTILE_MODE, "false");
    d.put(ENGINE_LAYER_WAIT, "30s");
    d.put(ENGINE_THETA_LAYERS, ThetaLayers.DEFAULT);
    d.put(ENGINE_WORKERS, "0");
    d.put(BATCH_MAX_VOLUMES, "1024");
    d.put(BATCH_MAX_WAIT, "2ms");
    d.put(MAX_VOLUME_VALUES, "4000000");
    d.put(MAX_IN_FLIGHT, "0");
    d.put(MAX_MESSAGE_BYTES, String.valueOf(16 << 20));
    d.put(MAX_ID_LENGTH, "256");
    d.put(MAX_LAYERS, "256");
    d.put(RUNS_IDLE_TIMEOUT, "30m");
    d.put(RUNS_MAX_LIVE, "50");
    d.put(RUNS_THETA_HISTORY, "256");
    d.put(RUNS_RETAINED_STEPS, "256");
    d.put(STATE_COMMIT_INTERVAL, "5s");
    d.put(DATA_DIR, "~/.topowatch");
    d.put(HISTORY_RETENTION, "30d");
    d.put(HISTORY_MAX_BYTES, "1g");
    DEFAULTS = Collections.unmodifiableMap(d);
  }

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

  public boolean quantileMode() {
    return Boolean.parseBoolean(values.get(ENGINE_QUANTILE_MODE).trim());
  }

  public Duration layerWait() {
    return duration(ENGINE_LAYER_WAIT);
  }

  /** The rule choosing the layers that enter θ and the late-layer complexity. */
  public ThetaLayers thetaLayers() {
    return ThetaLayers.parse(values.get(ENGINE_THETA_LAYERS));
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
    return parseBytes(values.get(HISTORY_MAX_BYTES));
  }

  /** The Prometheus that evaluates the alert rules, for the web page's alert panel. */
  public Optional<URI> prometheusUrl() {
    return Optional.ofNullable(values.get(UI_PROMETHEUS_URL)).filter(s -> !s.isBlank()).map(s -> URI.create(s.trim()));
  }

  /** Parses {@code 512}, {@code 64k}, {@code 500m}, {@code 2g} (binary units, bytes). */
  public static long parseBytes(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      int shift = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
        case 'k' -> 10;
        case 'm' -> 20;
        case 'g' -> 30;
        case 't' -> 40;
        default -> 0;
      };
      long amount = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1).trim());
      if (amount < 0 || amount > (Long.MAX_VALUE >> shift)) {
        throw new IllegalArgumentException("out of range");
      }
      return amount << shift;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 500m, 2g)", e);
    }
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

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, ISO-8601 or plain seconds. */
  public static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      char unit = s.charAt(s.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
      }
      double amount = Double.parseDouble(s.substring(0, s.length() - 1).trim());
      long unitMillis =
          switch (unit) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "'");
          };
      return Duration.ofMillis(Math.round(amount * unitMillis));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 30s, 5m, 2h)", e);
    }
  }

  private void validate() {
    if (!BettiEngines.names().contains(backend())) {
      throw new IllegalArgumentException(ENGINE_BACKEND + " must be one of " + String.join(", ", BettiEngines.names())
          + ", was " + values.get(ENGINE_BACKEND));
    }
    if (!values.get(ENGINE_CONSTRUCTION).matches("(?i)[vt]")) {
      throw new IllegalArgumentException(ENGINE_CONSTRUCTION + " must be v or t, was " + values.get(ENGINE_CONSTRUCTION));
    }
    double[] t = thresholds();
    if (t.length == 0) {
      throw new IllegalArgumentException(ENGINE_THRESHOLDS + " must list at least one threshold");
    }
    if (quantileMode()) {
      for (double q : t) {
        if (!(q >= 0 && q <= 1)) {
          throw new IllegalArgumentException("in quantile mode every threshold is a quantile in [0, 1], was " + q);
        }
      }
    }
    layerWait();
    thetaLayers();
    Optional<Integer> factor = replicationFactor();
    if (factor.isPresent() && minInsyncReplicas().filter(m -> m > factor.get()).isPresent()) {
      throw new IllegalArgumentException(TOPIC_MIN_INSYNC_REPLICAS + " must not exceed " + TOPIC_REPLICATION_FACTOR + " ("
          + factor.get() + "), was " + values.get(TOPIC_MIN_INSYNC_REPLICAS));
    }
    idleTimeout();
    if (batchMaxVolumes() < 1 || batchMaxVolumes() > 1_000_000) {
      throw new IllegalArgumentException(BATCH_MAX_VOLUMES + " must be in 1..1000000, was " + values.get(BATCH_MAX_VOLUMES));
    }
    if (batchMaxWait().isNegative() || batchMaxWait().compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(BATCH_MAX_WAIT + " must be between 0 and 10s, was " + values.get(BATCH_MAX_WAIT));
    }
    if (historyRetention().isNegative() || historyRetention().isZero() || historyMaxBytes() <= 0) {
      throw new IllegalArgumentException(HISTORY_RETENTION + " and " + HISTORY_MAX_BYTES + " must be positive");
    }
    Optional<URI> prometheus;
    try {
      prometheus = prometheusUrl();
    } catch (IllegalArgumentException e) {
      prometheus = Optional.of(URI.create("invalid:url")); // not even a URI: refused below with the key
    }
    prometheus.ifPresent(u -> {
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException(UI_PROMETHEUS_URL + " must be an http(s) URL such as http://127.0.0.1:9090, was "
            + values.get(UI_PROMETHEUS_URL));
      }
    });
    if (stateCommitInterval().isNegative() || stateCommitInterval().isZero()) {
      throw new IllegalArgumentException(STATE_COMMIT_INTERVAL + " must be positive, was " + values.get(STATE_COMMIT_INTERVAL));
    }
    if (maxVolumeValues() <= 0 || maxLiveRuns() <= 0 || thetaHistory() <= 0 || retainedSteps() <= 0) {
      throw new IllegalArgumentException("limits.max-volume-values, runs.max-live, runs.theta-history and runs.retained-steps must be positive");
    }
    if (maxVolumeValues() > MAX_VOLUME_VALUES_CEILING) {
      throw new IllegalArgumentException(MAX_VOLUME_VALUES + " must be at most " + MAX_VOLUME_VALUES_CEILING + ", was " + maxVolumeValues());
    }
    for (String key : new String[] {MAX_MESSAGE_BYTES, MAX_ID_LENGTH, MAX_LAYERS}) {
      if (integer(key) <= 0) {
        throw new IllegalArgumentException(key + " must be positive, was " + values.get(key));
      }
    }
    if (httpHost().isEmpty()) {
      throw new IllegalArgumentException(HTTP_HOST + " must name an interface (127.0.0.1, 0.0.0.0, a host name)");
    }
    if (!values.get(HTTP_METRICS_NEED_TOKEN).trim().matches("(?i)true|false")) {
      throw new IllegalArgumentException(HTTP_METRICS_NEED_TOKEN + " must be true or false, was " + values.get(HTTP_METRICS_NEED_TOKEN));
    }
    Duration sessionTtl;
    try {
      sessionTtl = sessionTtl();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(HTTP_SESSION_TTL + ": " + e.getMessage(), e);
    }
    if (sessionTtl.isNegative() || sessionTtl.isZero()) {
      throw new IllegalArgumentException(HTTP_SESSION_TTL + " must be positive, was " + values.get(HTTP_SESSION_TTL));
    }
    if (metricsNeedToken() && apiToken().isEmpty()) {
      throw new IllegalArgumentException(HTTP_METRICS_NEED_TOKEN + "=true needs " + HTTP_API_TOKEN);
    }
    httpPort();
    embeddedKafkaPort();
    brokerSecurity();
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
    return parseDuration(values.get(key));
  }
}
