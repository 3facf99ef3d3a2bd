package dev.topowatch.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The agent's configuration, read and validated once at start-up.
 *
 * <p>Every key can be given in three places; the first that has it wins:
 *
 * <ol>
 *   <li>the agent arguments, {@code -javaagent:topowatch-agent.jar=key=value,key=value};
 *   <li>a system property {@code -Dtopowatch.KEY=value};
 *   <li>an environment variable {@code TOPOWATCH_KEY} (upper case, dots to underscores, e.g.
 *       {@code TOPOWATCH_SAMPLE_EVERY});
 *   <li>otherwise the default.
 * </ol>
 *
 * <p>In the agent arguments a comma separates pairs; a piece without {@code =} is glued back to the
 * previous value, so a regular expression such as {@code layers=^0[1-3]_.*} works, and so does
 * {@code \d{1,2}}. Keys starting with {@code kafka.} (other than {@code kafka.bootstrap}) go to the
 * Kafka producer with the prefix removed ({@code kafka.security.protocol=SSL}).
 *
 * <p>Unknown keys and bad values are collected in {@link #problems()} (the agent prints them once);
 * a bad value falls back to its default, except {@code powergrad.alpha}, which turns PowerGrad off.
 * Nothing here ever throws at the host.
 */
public final class AgentConfig {
  /** Keys and their defaults ({@code null}: unset). */
  static final Map<String, String> DEFAULTS = defaults();

  private final String kafkaBootstrap;
  private final String runId;
  private final String jobName;
  private final OptionalDouble powergradAlpha;
  private final int sampleEvery;
  private final int sampleSize;
  private final Pattern layers;
  private final int metricsEvery;
  private final boolean enabled;
  private final String activationsTopic;
  private final String eventsTopic;
  private final SampleDType sampleDType;
  private final long queueBytes;
  private final OptionalInt metricsPort;
  private final Map<String, String> tags;
  private final Map<String, String> kafkaProperties;
  private final List<String> problems;

  /** Element type of published samples (agent key {@code sample.dtype}). */
  public enum SampleDType {
    FLOAT32(4),
    FLOAT16(2),
    BFLOAT16(2);

    private final int bytes;

    SampleDType(int bytes) {
      this.bytes = bytes;
    }

    /** Bytes per value. */
    public int bytes() {
      return bytes;
    }
  }

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("kafka.bootstrap", "127.0.0.1:9092");
    d.put("run.id", null);
    d.put("job.name", null);
    d.put("powergrad.alpha", null);
    d.put("sample.every", "50");
    d.put("sample.size", "8");
    d.put("layers", null);
    d.put("metrics.every", "10");
    d.put("enabled", "true");
    d.put("topics.activations", "topowatch.activations");
    d.put("topics.events", "topowatch.events");
    d.put("sample.dtype", "float32");
    d.put("queue.bytes", String.valueOf(64L << 20));
    d.put("metrics.port", null);
    d.put("tags", null);
    return Collections.unmodifiableMap(d);
  }

  private AgentConfig(Map<String, String> raw, Map<String, String> kafka, List<String> problems) {
    ConfigValues v = new ConfigValues(raw, problems);
    this.kafkaBootstrap = v.string("kafka.bootstrap");
    this.runId = Optional.ofNullable(v.string("run.id")).orElseGet(() -> UUID.randomUUID().toString());
    this.jobName = Optional.ofNullable(v.string("job.name")).orElseGet(AgentConfig::mainClassName);
    this.powergradAlpha = v.alpha();
    this.sampleEvery = v.integer("sample.every", 0, Integer.MAX_VALUE);
    this.sampleSize = v.integer("sample.size", 1, 1 << 16);
    this.layers = v.regex("layers");
    this.metricsEvery = v.integer("metrics.every", 0, Integer.MAX_VALUE);
    this.enabled = v.bool("enabled");
    this.activationsTopic = v.string("topics.activations");
    this.eventsTopic = v.string("topics.events");
    this.sampleDType = v.dtype("sample.dtype");
    this.queueBytes = v.bytes("queue.bytes", 64L << 10, 4L << 30);
    this.metricsPort = v.port("metrics.port");
    this.tags = v.tags("tags");
    this.kafkaProperties = Collections.unmodifiableMap(kafka);
    this.problems = List.copyOf(problems);
  }

  /** Reads the configuration from the real agent arguments, system properties and environment. */
  public static AgentConfig load(String agentArgs) {
    Map<String, String> props = new LinkedHashMap<>();
    System.getProperties().forEach((k, v) -> props.put(String.valueOf(k), String.valueOf(v)));
    return load(agentArgs, props, System.getenv());
  }

  /**
   * Reads the configuration from explicit sources (tests use this).
   *
   * @param agentArgs the text after {@code =} in {@code -javaagent:}, may be null
   * @param systemProperties all system properties; only {@code topowatch.*} are read
   * @param env the environment; only {@code TOPOWATCH_*} are read
   */
  public static AgentConfig load(
      String agentArgs, Map<String, String> systemProperties, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<String, String> merged = new LinkedHashMap<>();
    // Lowest precedence first, so later sources overwrite.
    env.forEach(
        (k, v) -> {
          if (k.startsWith("TOPOWATCH_")) {
            merged.put(envKey(k), v);
          }
        });
    systemProperties.forEach(
        (k, v) -> {
          if (k.startsWith("topowatch.")) {
            merged.put(k.substring("topowatch.".length()), v);
          }
        });
    merged.putAll(parseArgs(agentArgs, problems));

    Map<String, String> known = new LinkedHashMap<>();
    Map<String, String> kafka = new LinkedHashMap<>();
    merged.forEach(
        (k, v) -> {
          if (DEFAULTS.containsKey(k)) {
            known.put(k, v);
          } else if (k.startsWith("kafka.") && k.length() > "kafka.".length()) {
            kafka.put(k.substring("kafka.".length()), v);
          } else {
            problems.add("unknown key '" + k + "' ignored");
          }
        });
    return new AgentConfig(known, kafka, problems);
  }

  /** {@code TOPOWATCH_SAMPLE_EVERY} → {@code sample.every}; known keys are matched exactly. */
  static String envKey(String envName) {
    String rest = envName.substring("TOPOWATCH_".length());
    for (String key : DEFAULTS.keySet()) {
      if (envName(key).equals(envName)) {
        return key;
      }
    }
    return rest.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** The environment variable that carries a key. */
  public static String envName(String key) {
    return "TOPOWATCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  /** Splits {@code k=v,k=v}; a piece without '=' continues the previous value. */
  static Map<String, String> parseArgs(String args, List<String> problems) {
    Map<String, String> out = new LinkedHashMap<>();
    if (args == null || args.isBlank()) {
      return out;
    }
    String lastKey = null;
    for (String piece : args.split(",", -1)) {
      int eq = piece.indexOf('=');
      if (eq > 0) {
        lastKey = piece.substring(0, eq).trim();
        out.put(lastKey, piece.substring(eq + 1).trim());
      } else if (lastKey != null) {
        out.put(lastKey, out.get(lastKey) + "," + piece);
      } else if (!piece.isBlank()) {
        problems.add("agent argument '" + piece + "' is not key=value; ignored");
      }
    }
    return out;
  }

  /** The default job name: the host's main class (or jar), as the JVM recorded it. */
  static String mainClassName() {
    String command = System.getProperty("sun.java.command", "").trim();
    String first = command.isEmpty() ? "" : command.split("\\s+")[0];
    return first.isEmpty() ? "djl-training" : first;
  }

  /** Known keys, for documentation and tests. */
  public static Set<String> keys() {
    return DEFAULTS.keySet();
  }

  public String kafkaBootstrap() {
    return kafkaBootstrap;
  }

  public String runId() {
    return runId;
  }

  public String jobName() {
    return jobName;
  }

  /** PowerGrad α; empty when PowerGrad is off. */
  public OptionalDouble powergradAlpha() {
    return powergradAlpha;
  }

  /** Steps between samples; 0 = sampling off. */
  public int sampleEvery() {
    return sampleEvery;
  }

  public int sampleSize() {
    return sampleSize;
  }

  /** Layer-name filter; null = every layer. */
  public Pattern layers() {
    return layers;
  }

  /** Steps between StepMetrics; 0 = off. */
  public int metricsEvery() {
    return metricsEvery;
  }

  public boolean enabled() {
    return enabled;
  }

  public String activationsTopic() {
    return activationsTopic;
  }

  public String eventsTopic() {
    return eventsTopic;
  }

  public SampleDType sampleDType() {
    return sampleDType;
  }

  public long queueBytes() {
    return queueBytes;
  }

  public OptionalInt metricsPort() {
    return metricsPort;
  }

  public Map<String, String> tags() {
    return tags;
  }

  /** Producer settings from {@code kafka.*} keys, prefix removed. */
  public Map<String, String> kafkaProperties() {
    return kafkaProperties;
  }

  /** What was wrong with the given configuration, one line each; empty when all is well. */
  public List<String> problems() {
    return problems;
  }
}
