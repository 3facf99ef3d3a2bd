package dev.topowatch.analyzer.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules that ship in {@code dashboards/alerts/topowatch-rules.yml}, copied into this jar
 * at build time ({@value #RESOURCE}): the page lists them and matches them with what Prometheus
 * evaluates, so the rules it shows are the ones users load into their Prometheus.
 */
final class RuleCatalog {

  static final String RESOURCE = "topowatch/alerts/topowatch-rules.yml";

  /** One alerting rule as written in the file. */
  record Rule(String name, String group, String severity, String summary, String description, String runbook, String expr,
      String forDuration) {

    JsonObject toJson() {
      return new JsonObject().put("name", name).put("group", group).put("severity", severity).put("summary", summary)
          .put("description", description).put("runbook", runbook).put("expr", expr).put("for", forDuration);
    }
  }

  private final String text;
  private final List<Rule> rules;

  private RuleCatalog(String text, List<Rule> rules) {
    this.text = text;
    this.rules = List.copyOf(rules);
  }

  /** The catalog built into this jar. */
  static RuleCatalog shipped() {
    try (InputStream in = RuleCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path (the build copies it from dashboards/alerts)");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a Prometheus rule file; recording rules are left out. */
  @SuppressWarnings("unchecked")
  static RuleCatalog parse(String yaml) {
    Map<String, Object> root = new Yaml().load(yaml);
    List<Rule> rules = new ArrayList<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) root.getOrDefault("groups", List.of())) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.getOrDefault("rules", List.of())) {
        if (rule.get("alert") == null) {
          continue;
        }
        Map<String, Object> labels = (Map<String, Object>) rule.getOrDefault("labels", Map.of());
        Map<String, Object> notes = (Map<String, Object>) rule.getOrDefault("annotations", Map.of());
        rules.add(new Rule(String.valueOf(rule.get("alert")), String.valueOf(group.get("name")), text(labels.get("severity")),
            text(notes.get("summary")), text(notes.get("description")), text(notes.get("runbook")),
            text(rule.get("expr")).strip(), text(rule.getOrDefault("for", "0s"))));
      }
    }
    return new RuleCatalog(yaml, rules);
  }

  List<Rule> rules() {
    return rules;
  }

  /** The file as shipped. */
  String text() {
    return text;
  }

  JsonObject toJson() {
    JsonArray list = new JsonArray();
    rules.forEach(r -> list.add(r.toJson()));
    return new JsonObject().put("file", "/api/rules/file").put("rules", list);
  }

  private static String text(Object o) {
    return o == null ? "" : String.valueOf(o);
  }
}
