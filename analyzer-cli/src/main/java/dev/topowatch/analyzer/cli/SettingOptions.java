package dev.topowatch.analyzer.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code -s/--set KEY=VALUE}: any analyzer setting, for {@code serve} and the analyzer {@code soak} starts (a picocli mixin). */
final class SettingOptions {

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", description = "an analyzer setting, e.g. --set engine.layer-wait=10s (repeatable)")
  Map<String, String> settings = new LinkedHashMap<>();
}
