package dev.topowatch.it.prometheus;

/**
 * One Prometheus target of a Grafana panel, as written in the dashboard (Grafana variables unexpanded).
 *
 * @param dashboard  the dashboard's file name, e.g. {@code training.json}
 * @param panelId    the panel's id, unique within its dashboard
 * @param panelTitle the panel's title
 * @param refId      the target's refId (A, B, ...)
 * @param expr       the PromQL expression with Grafana variables
 * @param instant    whether Grafana runs it as an instant query (else a range query)
 */
public record PanelQuery(String dashboard, int panelId, String panelTitle, String refId, String expr, boolean instant) {

    /** The expression Prometheus can evaluate: {@link PromQl#substitute(String)}. */
    public String promQl() {
        return PromQl.substitute(expr);
    }

    /**
     * The expression with chosen variable values, e.g. {@code Map.of("run_id", "demo-1")} to ask
     * about one run: {@link PromQl#substitute(String, Map)}.
     */
    public String promQl(java.util.Map<String, String> values) {
        return PromQl.substitute(expr, values);
    }

    @Override
    public String toString() {
        return dashboard + " / " + panelTitle + " [" + refId + "]";
    }
}
