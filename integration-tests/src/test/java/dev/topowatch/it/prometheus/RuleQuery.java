package dev.topowatch.it.prometheus;

import java.util.Map;

/**
 * One rule of a Prometheus rule file.
 *
 * @param group       the rule group's name
 * @param name        the {@code alert} (or {@code record}) name
 * @param expr        its PromQL expression
 * @param labels      the rule's labels (e.g. severity)
 * @param annotations the rule's annotations (summary, description, runbook)
 */
public record RuleQuery(String group, String name, String expr, Map<String, String> labels, Map<String, String> annotations) {

    @Override
    public String toString() {
        return group + " / " + name;
    }
}
