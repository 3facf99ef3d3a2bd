package dev.topowatch.analyzer.config;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * One analyzer setting, declared once in {@link AnalyzerSettings}: its key, default, meaning and
 * check. Its section is the key's first part ({@code http}, {@code kafka}, {@code engine}, …) and its
 * environment variable follows from the key ({@link ConfigSources#envName}); the documentation's
 * table of settings is generated from these declarations ({@link AnalyzerSettings#markdownTable}).
 *
 * @param key the dotted key, as in the YAML file and after {@code --set}
 * @param defaultValue the default as the user would write it; null when unset by default
 * @param doc what it means, one Markdown sentence or two
 * @param check throws {@link IllegalArgumentException} naming the key when the resolved value is wrong
 */
public record Setting(String key, String defaultValue, String doc, Consumer<AnalyzerConfig> check) {

  /** The setting's section: the key up to its first dot ({@code data-dir}: {@code storage}). */
  public String section() {
    int dot = key.indexOf('.');
    return dot < 0 ? "storage" : key.substring(0, dot);
  }

  /** The environment variable that sets it, e.g. {@code TOPOWATCH_ANALYZER_ENGINE_LAYER_WAIT}. */
  public String envName() {
    return ConfigSources.envName(key);
  }

  public Optional<String> defaultIfAny() {
    return Optional.ofNullable(defaultValue);
  }
}
