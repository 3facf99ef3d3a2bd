package dev.topowatch.analyzer.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of the shipped rules hold for one run, read from Prometheus's own evaluation ({@code
 * /api/v1/rules?type=alert}). An alert belongs to the run when its {@code run_id} label is the run's;
 * alerts without a {@code run_id} (the pipeline's: analyzer down, lag, rejections) concern every
 * run and are shown too; other runs' alerts are not. A shipped rule that Prometheus has not loaded
 * is reported as {@code not_loaded}, so a missing rule file shows instead of passing for "all clear".
 */
final class PrometheusAlerts {

  private PrometheusAlerts() {}

  /** The rules with their state for {@code runId}: {@code firing}, {@code pending}, {@code inactive} or {@code not_loaded}. */
  static JsonObject forRun(RuleCatalog catalog, JsonObject prometheusRules, String runId) {
    Map<String, JsonObject> loaded = new HashMap<>();
    for (Object g : prometheusRules.getJsonObject("data", new JsonObject()).getJsonArray("groups", new JsonArray())) {
      for (Object r : ((JsonObject) g).getJsonArray("rules", new JsonArray())) {
        JsonObject rule = (JsonObject) r;
        if ("alerting".equals(rule.getString("type", "alerting"))) {
          loaded.put(rule.getString("name"), rule);
        }
      }
    }
    JsonArray rules = new JsonArray();
    int firing = 0;
    int pending = 0;
    for (RuleCatalog.Rule shipped : catalog.rules()) {
      JsonObject rule = shipped.toJson();
      JsonObject evaluated = loaded.get(shipped.name());
      if (evaluated == null) {
        rules.add(rule.put("state", "not_loaded").put("alerts", new JsonArray()));
        continue;
      }
      JsonArray alerts = new JsonArray();
      String state = "inactive";
      for (Object a : evaluated.getJsonArray("alerts", new JsonArray())) {
        JsonObject alert = (JsonObject) a;
        JsonObject labels = alert.getJsonObject("labels", new JsonObject());
        String alertRun = labels.getString("run_id");
        if (alertRun != null && !alertRun.equals(runId)) {
          continue;
        }
        String alertState = alert.getString("state", "inactive");
        state = stronger(state, alertState);
        alerts.add(new JsonObject().put("state", alertState).put("labels", labels).put("value", alert.getValue("value"))
            .put("active_at", alert.getString("activeAt"))
            .put("summary", alert.getJsonObject("annotations", new JsonObject()).getString("summary")));
      }
      firing += "firing".equals(state) ? 1 : 0;
      pending += "pending".equals(state) ? 1 : 0;
      rules.add(rule.put("state", state).put("alerts", alerts));
    }
    return new JsonObject().put("evaluated", true).put("firing", firing).put("pending", pending).put("rules", rules);
  }

  /** The rules without an evaluation: every state {@code null}. */
  static JsonObject notEvaluated(RuleCatalog catalog, String why) {
    JsonArray rules = new JsonArray();
    catalog.rules().forEach(r -> rules.add(r.toJson().putNull("state").put("alerts", new JsonArray())));
    return new JsonObject().put("evaluated", false).put("message", why).put("rules", rules);
  }

  private static String stronger(String a, String b) {
    List<String> order = List.of("inactive", "pending", "firing");
    return order.indexOf(b) > order.indexOf(a) ? b : a;
  }
}
