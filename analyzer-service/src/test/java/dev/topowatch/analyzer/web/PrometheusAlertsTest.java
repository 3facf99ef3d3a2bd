package dev.topowatch.analyzer.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Matching Prometheus's evaluation (the shape of its /api/v1/rules answer) with the shipped rules, for one run. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PrometheusAlertsTest {

  private static final RuleCatalog CATALOG = RuleCatalog.parse("""
      groups:
        - name: g
          rules:
            - alert: ThetaLow
              expr: topowatch_topological_decay_rate < 0
              for: 10m
              labels: {severity: warning}
              annotations: {summary: "θ low", description: d, runbook: r}
            - alert: AnalyzerDown
              expr: up == 0
              labels: {severity: critical}
              annotations: {summary: down, description: d, runbook: r}
            - alert: NotInPrometheus
              expr: vector(1)
              labels: {severity: info}
              annotations: {summary: s, description: d, runbook: r}
            - record: not_an_alert
              expr: vector(1)
      """);

  private static final JsonObject PROMETHEUS = new JsonObject("""
      {"status": "success", "data": {"groups": [{"name": "g", "rules": [
        {"type": "alerting", "name": "ThetaLow", "state": "firing", "alerts": [
          {"labels": {"alertname": "ThetaLow", "run_id": "other", "threshold": "0.5"}, "state": "firing", "value": "-1e-01"},
          {"labels": {"alertname": "ThetaLow", "run_id": "mine", "threshold": "0.5"}, "state": "pending", "value": "-2e-01",
           "activeAt": "2026-11-30T00:00:00Z", "annotations": {"summary": "θ of run mine is low"}}]},
        {"type": "alerting", "name": "AnalyzerDown", "state": "firing", "alerts": [
          {"labels": {"alertname": "AnalyzerDown", "instance": "a:8080"}, "state": "firing", "value": "0e+00"}]},
        {"type": "alerting", "name": "SomeoneElsesRule", "state": "firing", "alerts": []}]}]}}
      """);

  @Test
  void eachShippedRuleGetsItsStateForTheRunAlone() {
    JsonObject mine = PrometheusAlerts.forRun(CATALOG, PROMETHEUS, "mine");
    assertThat(mine.getJsonArray("rules")).hasSize(3);
    JsonObject theta = mine.getJsonArray("rules").getJsonObject(0);
    assertThat(theta.getString("state")).isEqualTo("pending"); // the other run's firing alert is not this run's
    assertThat(theta.getJsonArray("alerts")).hasSize(1);
    assertThat(theta.getJsonArray("alerts").getJsonObject(0).getString("summary")).isEqualTo("θ of run mine is low");
    assertThat(mine.getJsonArray("rules").getJsonObject(1).getString("state")).isEqualTo("firing"); // no run_id: every run's
    assertThat(mine.getJsonArray("rules").getJsonObject(2).getString("state")).isEqualTo("not_loaded");
    assertThat(mine.getInteger("firing")).isEqualTo(1);
    assertThat(mine.getInteger("pending")).isEqualTo(1);

    JsonObject other = PrometheusAlerts.forRun(CATALOG, PROMETHEUS, "other");
    assertThat(other.getJsonArray("rules").getJsonObject(0).getString("state")).isEqualTo("firing");
    assertThat(PrometheusAlerts.forRun(CATALOG, PROMETHEUS, "third").getJsonArray("rules").getJsonObject(0).getString("state"))
        .isEqualTo("inactive");
  }

  @Test
  void theShippedCatalogHasEveryAlertOfTheRuleFile() {
    RuleCatalog shipped = RuleCatalog.shipped();
    assertThat(shipped.rules()).extracting(RuleCatalog.Rule::name).contains("TopowatchAnalyzerDown");
    assertThat(shipped.rules()).allSatisfy(r -> assertThat(r.severity()).isNotBlank());
    assertThat(CATALOG.rules()).extracting(RuleCatalog.Rule::name).containsExactly("ThetaLow", "AnalyzerDown", "NotInPrometheus");
  }
}
