package dev.topowatch.it.prometheus;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text-level helpers for Grafana-flavoured PromQL: turning a panel expression into one Prometheus
 * evaluates (what Grafana does before sending it), and listing the metric names an expression reads.
 * Not a parser: Prometheus itself is the judge of syntax; these helpers only need to be exact on the
 * expressions our dashboards and rules use, and fail loudly otherwise.
 */
public final class PromQl {

    /** What Grafana's built-in interval variables become when a test evaluates a panel. */
    public static final Map<String, String> GRAFANA_DEFAULTS = Map.of(
            "__rate_interval", "1m",
            "__interval", "15s",
            "__interval_ms", "15000",
            "__range", "1h",
            "__range_s", "3600",
            "__range_ms", "3600000");

    /** {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]}. */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^]]*)?]]");
    private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_CLAUSE =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((?:(.*),)?\\s*(\\w+)\\s*\\)\\s*$");
    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
            "offset", "atan2", "inf", "nan");

    private PromQl() {
    }

    /** {@link #substitute(String, Map)} with every template variable matching anything. */
    public static String substitute(String expr) {
        return substitute(expr, Map.of());
    }

    /**
     * Replaces Grafana variables. Inside a label matcher a variable is a regex: its value from
     * {@code values}, or {@code .*} when absent, and {@code =}/{@code !=} become {@code =~}/{@code !~}
     * (what Grafana does for multi-value and "All" selections). Elsewhere only Grafana's interval
     * variables ({@link #GRAFANA_DEFAULTS}, overridable through {@code values}) are allowed.
     *
     * @throws IllegalArgumentException for a variable outside a matcher with no value
     */
    public static String substitute(String expr, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(GRAFANA_DEFAULTS);
        all.putAll(values);
        StringBuilder out = new StringBuilder();
        Matcher m = MATCHER.matcher(expr);
        while (m.find()) {
            String value = m.group(3);
            String replacement = m.group();
            if (VARIABLE.matcher(value).find()) {
                String op = switch (m.group(2)) {
                    case "=" -> "=~";
                    case "!=" -> "!~";
                    default -> m.group(2);
                };
                String regex = replaceVariables(value, name -> values.getOrDefault(name, ".*"));
                replacement = m.group(1) + op + "\"" + regex + "\"";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return replaceVariables(out.toString(), name -> {
            String value = all.get(name);
            if (value == null) {
                throw new IllegalArgumentException("variable $" + name + " outside a label matcher has no value in: " + expr);
            }
            return value;
        });
    }

    /**
     * Metric names an expression reads, in order of appearance. Strings, label matchers, ranges,
     * {@code by(...)}-style label lists, function names, keywords, numbers and durations are skipped.
     * A Grafana {@code label_values(metric, label)} query yields the metric.
     */
    public static Set<String> metricNames(String expr) {
        Matcher labelValues = LABEL_VALUES.matcher(expr);
        if (labelValues.matches()) {
            return labelValues.group(1) == null ? Set.of() : metricNames(labelValues.group(1));
        }
        String s = VARIABLE.matcher(expr).replaceAll(" ");
        s = STRING.matcher(s).replaceAll("\"\"");
        s = s.replaceAll("\\{[^}]*}", "{}").replaceAll("\\[[^]]*]", "[]");
        s = LABEL_CLAUSE.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String word = m.group();
            boolean partOfNumber = m.start() > 0 && (Character.isLetterOrDigit(s.charAt(m.start() - 1)) || s.charAt(m.start() - 1) == '.');
            boolean function = s.substring(m.end()).stripLeading().startsWith("(");
            if (!partOfNumber && !function && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /**
     * A Grafana {@code label_values(metric, label)} variable query as PromQL that returns one series
     * per label value; any other query is returned unchanged.
     */
    public static String variableQueryAsPromQl(String query) {
        Matcher m = LABEL_VALUES.matcher(query);
        if (!m.matches() || m.group(1) == null) {
            return query;
        }
        return "count by (" + m.group(2) + ") (" + m.group(1).strip() + ")";
    }

    private static String replaceVariables(String text, java.util.function.Function<String, String> valueOf) {
        Matcher v = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (v.find()) {
            String name = v.group(1) != null ? v.group(1) : v.group(2) != null ? v.group(2) : v.group(3);
            v.appendReplacement(out, Matcher.quoteReplacement(valueOf.apply(name)));
        }
        v.appendTail(out);
        return out.toString();
    }
}
