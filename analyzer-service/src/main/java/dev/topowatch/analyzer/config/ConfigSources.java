package dev.topowatch.analyzer.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the analyzer's settings from their three sources and merges them with the precedence
 * <b>flags &gt; environment &gt; file &gt; defaults</b>.
 *
 * <ul>
 *   <li>File: YAML, nested maps or dotted keys ({@code kafka: {bootstrap: …}} and {@code
 *       kafka.bootstrap: …} mean the same); lists become comma-separated values.
 *   <li>Environment: {@code TOPOWATCH_ANALYZER_} + the key upper-cased with dots and dashes as
 *       underscores, e.g. {@code TOPOWATCH_ANALYZER_ENGINE_LAYER_WAIT=10s}. A known key is matched
 *       exactly; any other {@code TOPOWATCH_ANALYZER_KAFKA_*} variable becomes a Kafka client
 *       property with underscores as dots ({@code …_KAFKA_SECURITY_PROTOCOL} → {@code
 *       kafka.security.protocol}).
 * </ul>
 */
public final class ConfigSources {

  public static final String ENV_PREFIX = "TOPOWATCH_ANALYZER_";

  private ConfigSources() {}

  /** Merges the sources; {@code file} may be null, {@code flags} holds only flags actually given. */
  public static Map<String, String> merge(Path file, Map<String, String> env, Map<String, String> flags) {
    Map<String, String> merged = new LinkedHashMap<>(AnalyzerConfig.DEFAULTS);
    if (file != null) {
      merged.putAll(readYaml(file));
    }
    merged.putAll(fromEnvironment(env));
    merged.putAll(flags);
    return merged;
  }

  /** The YAML file flattened to dotted keys. */
  public static Map<String, String> readYaml(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      Map<String, String> flat = new LinkedHashMap<>();
      if (root == null) {
        return flat;
      }
      if (!(root instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("config file " + file + " must hold a YAML mapping");
      }
      flatten("", map, flat);
      return flat;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The {@code TOPOWATCH_ANALYZER_*} variables as dotted keys. */
  public static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> byEnvName = new LinkedHashMap<>();
    for (Setting setting : AnalyzerSettings.ALL) {
      byEnvName.put(setting.envName(), setting.key());
    }
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach(
        (name, value) -> {
          if (!name.startsWith(ENV_PREFIX)) {
            return;
          }
          String known = byEnvName.get(name);
          if (known != null) {
            out.put(known, value);
          } else if (name.startsWith(ENV_PREFIX + "KAFKA_")) {
            out.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
          }
        });
    return out;
  }

  /** The environment variable that sets {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    map.forEach(
        (k, v) -> {
          String key = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
          if (v instanceof Map<?, ?> nested) {
            flatten(key, nested, out);
          } else if (v instanceof List<?> list) {
            out.put(key, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
          } else if (v != null) {
            out.put(key, String.valueOf(v));
          }
        });
  }
}
