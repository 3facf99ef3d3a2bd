package dev.topowatch.experiment.alerts;

import java.util.Map;

/** An alert promtool saw firing: its labels (alertname included) and annotations, as promtool renders them. */
public record FiredAlert(Map<String, String> labels, Map<String, String> annotations) {

  public String name() {
    return labels.get("alertname");
  }
}
