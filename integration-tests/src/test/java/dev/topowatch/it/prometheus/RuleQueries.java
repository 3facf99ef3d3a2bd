package dev.topowatch.it.prometheus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Reads the rules of a Prometheus rule file ({@code groups[].rules[]}). */
public final class RuleQueries {

    private RuleQueries() {
    }

    /** Every alerting and recording rule of {@code rulesFile}, in file order. */
    @SuppressWarnings("unchecked")
    public static List<RuleQuery> extract(Path rulesFile) {
        Map<String, Object> doc;
        try (Reader in = Files.newBufferedReader(rulesFile)) {
            doc = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule file " + rulesFile, e);
        }
        List<RuleQuery> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                Object name = rule.containsKey("alert") ? rule.get("alert") : rule.get("record");
                rules.add(new RuleQuery(String.valueOf(group.get("name")), String.valueOf(name),
                        String.valueOf(rule.get("expr")).strip(), strings(rule.get("labels")), strings(rule.get("annotations"))));
            }
        }
        return rules;
    }

    private static Map<String, String> strings(Object map) {
        Map<String, String> out = new LinkedHashMap<>();
        if (map instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}
