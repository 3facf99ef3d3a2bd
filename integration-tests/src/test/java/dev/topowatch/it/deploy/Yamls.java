package dev.topowatch.it.deploy;

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

/** Small YAML navigation helpers for the deployment checks. */
final class Yamls {

    private Yamls() {
    }

    static List<Object> loadAll(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            List<Object> docs = new ArrayList<>();
            new Yaml().loadAll(in).forEach(docs::add);
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> load(Path file) {
        return map(new Yaml().load(read(file)));
    }

    static Map<String, Object> load(String text) {
        return map(new Yaml().load(text));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Follows a path of map keys and list indexes, e.g. {@code at(doc, "spec", "ports", 0, "port")}. */
    static Object at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (step instanceof Integer i && current instanceof List<?> list) {
                current = i < list.size() ? list.get(i) : null;
            } else if (current instanceof Map<?, ?> m) {
                current = m.get(step);
            } else {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError("expected a mapping, got " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        if (!(node instanceof List<?>)) {
            throw new AssertionError("expected a list, got " + node);
        }
        return (List<Object>) node;
    }

    /** Nested maps as dotted keys ({@code kafka: {bootstrap: x}} -> {@code kafka.bootstrap}); lists stay values. */
    static Map<String, Object> flatten(Map<String, Object> root) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> node, Map<String, Object> flat) {
        node.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> child) {
                flatten(key + ".", child, flat);
            } else {
                flat.put(key, v);
            }
        });
    }
}
