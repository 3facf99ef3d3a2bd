package dev.topowatch.analyzer.config;

import static dev.topowatch.analyzer.config.AnalyzerConfig.*;

import dev.topowatch.analyzer.stream.ThetaLayers;
import dev.topowatch.analyzer.stream.ThresholdSpec;
import dev.topowatch.topology.BettiEngines;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every analyzer setting, each declared once with its default, meaning and check, in documentation
 * order. {@link AnalyzerConfig} takes its defaults and its validation from here, {@link
 * ConfigSources} the environment names, and {@code docs/analyzer.md} its table of settings
 * ({@link #markdownTable()}; {@code SettingsDocTest} keeps the two equal).
 */
public final class AnalyzerSettings {
  private AnalyzerSettings() {}

  private static final Consumer<AnalyzerConfig> ANY = c -> {};

  public static final List<Setting> ALL = List.of(
      new Setting(HTTP_PORT, "8080", "HTTP port (0 = any free port)", AnalyzerConfig::httpPort),
      new Setting(HTTP_HOST, "127.0.0.1", "interface HTTP listens on (`0.0.0.0` = all)", c -> {
        if (c.httpHost().isEmpty()) {
          throw new IllegalArgumentException(HTTP_HOST + " must name an interface (127.0.0.1, 0.0.0.0, a host name)");
        }
      }),
      new Setting(HTTP_API_TOKEN, null, "bearer token every `/api/…` request must carry; unset: `/api` open", ANY),
      new Setting(HTTP_METRICS_NEED_TOKEN, "false", "`true`: `/metrics` needs the token too (`/health` never does)", c -> {
        bool(c, HTTP_METRICS_NEED_TOKEN);
        if (c.metricsNeedToken() && c.apiToken().isEmpty()) {
          throw new IllegalArgumentException(HTTP_METRICS_NEED_TOKEN + "=true needs " + HTTP_API_TOKEN);
        }
      }),
      new Setting(HTTP_SESSION_TTL, "12h", "how long a web page login lasts, from the login", c -> positive(c, HTTP_SESSION_TTL)),
      new Setting(KAFKA_BOOTSTRAP, null, "cluster to join; unset: the embedded broker. Any other `kafka.*` key is passed to "
          + "the Kafka clients as is (TLS, SASL)", ANY),
      new Setting(KAFKA_GROUP_ID, "topowatch-analyzer", "consumer group; replicas in one group share the partitions", ANY),
      new Setting(KAFKA_PORT, "9092", "port of the embedded broker", AnalyzerConfig::embeddedKafkaPort),
      new Setting(BROKER_KEYSTORE, null, "PKCS12 (or `.jks`) key store of the embedded broker: TLS + SCRAM-SHA-512; "
          + "unset: PLAINTEXT on loopback", AnalyzerConfig::brokerSecurity),
      new Setting(BROKER_KEYSTORE_PASSWORD, null, "its password (also the key's)", ANY),
      new Setting(BROKER_SCRAM_USERS, null, "`name:password,name:password` (a password may hold `:` but not `,`)", ANY),
      new Setting(TOPIC_ACTIVATIONS, "topowatch.activations", "activations topic", ANY),
      new Setting(TOPIC_EVENTS, "topowatch.events", "events topic", ANY),
      new Setting(ACTIVATION_PARTITIONS, "6", "partitions of the activations topic when the analyzer creates it",
          c -> positiveInt(c, ACTIVATION_PARTITIONS)),
      new Setting(TOPIC_REPLICATION_FACTOR, "auto", "replicas of each topic the analyzer creates; `auto`: min(3, brokers)",
          AnalyzerConfig::replicationFactor),
      new Setting(TOPIC_MIN_INSYNC_REPLICAS, "auto", "`min.insync.replicas` of the topics it creates; `auto`: 2 from 3 replicas, "
          + "else 1", c -> {
            if (c.replicationFactor().isPresent() && c.minInsyncReplicas().filter(m -> m > c.replicationFactor().get()).isPresent()) {
              throw new IllegalArgumentException(TOPIC_MIN_INSYNC_REPLICAS + " must not exceed " + TOPIC_REPLICATION_FACTOR + " ("
                  + c.replicationFactor().get() + "), was " + c.asMap().get(TOPIC_MIN_INSYNC_REPLICAS));
            }
          }),
      new Setting(TOPIC_RUN_STATE, null, "compacted topic holding each run's state; unset: `<kafka.group-id>.run-state`", ANY),
      new Setting(ENGINE_BACKEND, "cpu", "`cpu`, `gpu` or `auto` (`gpu` when libcuda, NVRTC and a device are found, else `cpu`)", c -> {
        if (!BettiEngines.names().contains(c.backend())) {
          throw new IllegalArgumentException(ENGINE_BACKEND + " must be one of " + String.join(", ", BettiEngines.names())
              + ", was " + c.asMap().get(ENGINE_BACKEND));
        }
      }),
      new Setting(ENGINE_CONSTRUCTION, "v", "`v` or `t` cubical construction", c -> {
        if (!c.asMap().get(ENGINE_CONSTRUCTION).matches("(?i)[vt]")) {
          throw new IllegalArgumentException(ENGINE_CONSTRUCTION + " must be v or t, was " + c.asMap().get(ENGINE_CONSTRUCTION));
        }
      }),
      new Setting(ENGINE_THRESHOLDS, "0,0.25,0.5,0.75,1,1.25,1.5,1.75", "thresholds η (metric label `threshold`, e.g. `0.25`)", c -> {
        double[] t = c.thresholds();
        if (t.length == 0) {
          throw new IllegalArgumentException(ENGINE_THRESHOLDS + " must list at least one threshold");
        }
        for (double q : t) {
          if (c.thresholdMode() == ThresholdSpec.Mode.QUANTILE && !(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("in quantile mode every threshold is a quantile in [0, 1], was " + q);
          }
        }
      }),
      new Setting(ENGINE_THRESHOLD_MODE, "absolute", "`absolute`: thresholds are η; `quantile`: quantiles q ∈ [0, 1] of each "
          + "volume's finite values (labels `q0.25`); `standardised`: z-scores, η = mean + z·sd of each volume (labels `z0.5`). "
          + "The last two are scale-free", c -> c.thresholdMode()),
      new Setting(ENGINE_QUANTILE_MODE, "false", "older name: `true` is `engine.threshold-mode=quantile`",
          c -> bool(c, ENGINE_QUANTILE_MODE)),
      new Setting(ENGINE_SKIP_DUPLICATES, "true", "a layer whose sublevel sets equal its input's at every threshold (a ReLU right "
          + "after the layer it reads, with thresholds ≥ 0) enters neither θ nor the depth trend: it would count its input twice",
          c -> bool(c, ENGINE_SKIP_DUPLICATES)),
      new Setting(ENGINE_LAYER_WAIT, "30s", "a step's θ is computed when all its layers arrived, or after this wait with the layers "
          + "present (`complete: false`)", c -> c.layerWait()),
      new Setting(ENGINE_THETA_LAYERS, ThetaLayers.DEFAULT, "the layers that enter θ, the depth trend and the late-layer complexity: `spatial` "
          + "(convolution and pooling volumes, 2-D maps), `all`, or `regex:PATTERN` on layer names", c -> c.thetaLayers()),
      new Setting(ENGINE_WORKERS, "0", "worker threads that decode samples and apply results (0 = one per core)",
          c -> c.workers()),
      new Setting(BATCH_MAX_VOLUMES, "1024", "most volumes per engine call (1 … 1000000)", c -> {
        if (c.batchMaxVolumes() < 1 || c.batchMaxVolumes() > 1_000_000) {
          throw new IllegalArgumentException(BATCH_MAX_VOLUMES + " must be in 1..1000000, was " + c.asMap().get(BATCH_MAX_VOLUMES));
        }
      }),
      new Setting(BATCH_MAX_WAIT, "2ms", "under load, how long a batch may wait to fill (0 … 10s); a lone volume goes at once", c -> {
        if (c.batchMaxWait().isNegative() || c.batchMaxWait().compareTo(Duration.ofSeconds(10)) > 0) {
          throw new IllegalArgumentException(BATCH_MAX_WAIT + " must be between 0 and 10s, was " + c.asMap().get(BATCH_MAX_WAIT));
        }
      }),
      new Setting(MAX_VOLUME_VALUES, "4000000", "larger volumes are rejected (`too_large`); at most " + MAX_VOLUME_VALUES_CEILING, c -> {
        if (c.maxVolumeValues() <= 0 || c.maxVolumeValues() > MAX_VOLUME_VALUES_CEILING) {
          throw new IllegalArgumentException(MAX_VOLUME_VALUES + " must be positive and at most " + MAX_VOLUME_VALUES_CEILING + ", was " + c.maxVolumeValues());
        }
      }),
      new Setting(MAX_MESSAGE_BYTES, String.valueOf(16 << 20), "larger records are rejected unread (`too_large`)",
          c -> positiveInt(c, MAX_MESSAGE_BYTES)),
      new Setting(MAX_ID_LENGTH, "256", "characters of a `run_id` or layer name; longer ones are rejected (`id_too_long`)",
          c -> positiveInt(c, MAX_ID_LENGTH)),
      new Setting(MAX_LAYERS, "256", "distinct layers per run (`too_many_layers`)", c -> positiveInt(c, MAX_LAYERS)),
      new Setting(MAX_IN_FLIGHT, "0", "compute queue bound, in volumes: the consumer pauses above it, resumes at half (0 = 32 × workers)",
          c -> c.maxInFlight()),
      new Setting(RUNS_IDLE_TIMEOUT, "30m", "a run without records is removed with its meters and saved state", c -> c.idleTimeout()),
      new Setting(RUNS_MAX_LIVE, "50", "live runs, and so distinct `run_id` label values; a new run beyond it is refused "
          + "(`too_many_runs`) unless a finished run can make room", c -> positiveInt(c, RUNS_MAX_LIVE)),
      new Setting(RUNS_THETA_HISTORY, "256", "θ points kept per run", c -> positiveInt(c, RUNS_THETA_HISTORY)),
      new Setting(RUNS_RETAINED_STEPS, "256", "steps kept per run for idempotency and late samples; older ones are `stale`",
          c -> positiveInt(c, RUNS_RETAINED_STEPS)),
      new Setting(STATE_COMMIT_INTERVAL, "5s", "how often the changed runs' state and the consumer offsets are committed, in one "
          + "Kafka transaction", c -> positive(c, STATE_COMMIT_INTERVAL)),
      new Setting(DEAD_LETTER_TOPIC, null, "copy of every rejected record (headers `topowatch.reason`, `topowatch.error`, "
          + "`topowatch.source`); unset: none", ANY),
      new Setting(DATA_DIR, "~/.topowatch", "embedded broker data (`kafka/`) and the run history (`history/`); one analyzer per "
          + "directory (it is locked)", c -> c.dataDir()),
      new Setting(HISTORY_RETENTION, "30d", "a recorded run not updated for this long is deleted", c -> positive(c, HISTORY_RETENTION)),
      new Setting(HISTORY_MAX_BYTES, "1g", "above this total the recorded runs are deleted oldest first (suffix k, m, g)", c -> {
        if (c.historyMaxBytes() <= 0) {
          throw new IllegalArgumentException(HISTORY_MAX_BYTES + " must be positive, was " + c.asMap().get(HISTORY_MAX_BYTES));
        }
      }),
      new Setting(UI_PROMETHEUS_URL, null, "the Prometheus that evaluates the shipped alert rules, for the page's alert panel "
          + "(e.g. `http://127.0.0.1:9090`)", c -> {
        String url = c.asMap().get(UI_PROMETHEUS_URL);
        boolean ok;
        try {
          ok = c.prometheusUrl().map(u -> ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null)
              .orElse(true);
        } catch (IllegalArgumentException e) {
          ok = false;
        }
        if (!ok) {
          throw new IllegalArgumentException(UI_PROMETHEUS_URL + " must be an http(s) URL such as http://127.0.0.1:9090, was " + url);
        }
      }));

  /** The declared defaults, key by key, in documentation order. */
  static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    ALL.forEach(s -> s.defaultIfAny().ifPresent(v -> d.put(s.key(), v)));
    return d;
  }

  /** The documentation's table of settings, section by section: key, environment variable, default, meaning. */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder("| section | key | environment variable | default | meaning |\n|---|---|---|---|---|\n");
    for (Setting s : ALL) {
      out.append("| ").append(s.section()).append(" | `").append(s.key()).append("` | `").append(s.envName()).append("` | ")
          .append(s.defaultIfAny().map(v -> "`" + v + "`").orElse("unset")).append(" | ").append(s.doc()).append(" |\n");
    }
    return out.toString();
  }

  private static void bool(AnalyzerConfig c, String key) {
    if (!c.asMap().get(key).trim().matches("(?i)true|false")) {
      throw new IllegalArgumentException(key + " must be true or false, was " + c.asMap().get(key));
    }
  }

  private static void positiveInt(AnalyzerConfig c, String key) {
    String v = c.asMap().get(key);
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'", e);
    }
    if (n <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + v);
    }
  }

  private static void positive(AnalyzerConfig c, String key) {
    Duration d;
    try {
      d = SettingValues.parseDuration(c.asMap().get(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + c.asMap().get(key));
    }
  }
}
