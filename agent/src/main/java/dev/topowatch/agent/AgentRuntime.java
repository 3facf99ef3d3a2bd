package dev.topowatch.agent;

import dev.topowatch.agent.publish.AgentCounters;
import dev.topowatch.agent.publish.KafkaSender;
import dev.topowatch.agent.publish.PrometheusEndpoint;
import dev.topowatch.agent.run.RunMonitor;
import java.time.Duration;

/**
 * The parts of one configured agent, built, started and stopped together: its counters, the Kafka
 * sender, the run monitor the hooks feed, and the optional Prometheus endpoint. Building one starts
 * nothing, so a broken configuration costs no thread.
 */
final class AgentRuntime {
  private final AgentConfig config;
  private final AgentCounters counters = new AgentCounters();
  private final KafkaSender sender;
  private final RunMonitor monitor;
  private PrometheusEndpoint endpoint;

  AgentRuntime(AgentConfig config) {
    this.config = config;
    this.sender =
        new KafkaSender(
            config.kafkaBootstrap(),
            config.kafkaProperties(),
            "topowatch-agent-" + config.runId(),
            config.queueBytes(),
            counters);
    this.monitor = new RunMonitor(config, sender, counters);
  }

  AgentConfig config() {
    return config;
  }

  RunMonitor monitor() {
    return monitor;
  }

  AgentCounters counters() {
    return counters;
  }

  /** Starts the sender thread and, when {@code metrics.port} is set, the metrics endpoint. */
  void start() {
    sender.start();
    if (config.metricsPort().isPresent()) {
      int port = config.metricsPort().getAsInt();
      try {
        endpoint = PrometheusEndpoint.start(port, counters, sender::queuedBytes);
      } catch (Throwable t) {
        Log.info("metrics endpoint on port " + port + " failed (" + t + "); none");
      }
    }
  }

  /** The port the metrics endpoint listens on, or -1 when there is none. */
  int metricsPort() {
    return endpoint == null ? -1 : endpoint.port();
  }

  /** Ends the run (INTERRUPTED if still going), sends what it can within 3 s, logs the counters. */
  void stop() {
    try {
      monitor.onShutdown();
      sender.close(Duration.ofSeconds(3));
      if (endpoint != null) {
        endpoint.close();
      }
      Log.info("run " + config.runId() + ": " + counters.summary());
    } catch (Throwable t) {
      Log.info("shutdown: " + t);
    }
  }
}
