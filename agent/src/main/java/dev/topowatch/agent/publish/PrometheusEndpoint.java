package dev.topowatch.agent.publish;

import dev.topowatch.agent.publish.AgentCounters.DropReason;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * Serves the agent's counters on {@code http://HOST:PORT/metrics} (agent key {@code metrics.port}),
 * reading them from {@link AgentCounters} at scrape time, so there is one source of truth.
 */
public final class PrometheusEndpoint implements AutoCloseable {
  private final HTTPServer server;

  private PrometheusEndpoint(HTTPServer server) {
    this.server = server;
  }

  /** Starts the endpoint; the port may be 0 (any free port, see {@link #port()}). */
  public static PrometheusEndpoint start(int port, AgentCounters counters, LongSupplier queueBytes)
      throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    CounterWithCallback.builder()
        .name("topowatch_agent_samples_sent_total")
        .help("ActivationSamples acknowledged by Kafka")
        .callback(cb -> cb.call(counters.samplesSent()))
        .register(registry);
    CounterWithCallback.builder()
        .name("topowatch_agent_samples_dropped_total")
        .help("ActivationSamples not sent, by reason")
        .labelNames("reason")
        .callback(
            cb -> {
              for (DropReason r : DropReason.values()) {
                cb.call(counters.samplesDropped(r), r.label());
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("topowatch_agent_events_sent_total")
        .help("TrainingEvents acknowledged by Kafka")
        .callback(cb -> cb.call(counters.eventsSent()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("topowatch_agent_queue_bytes")
        .help("Bytes waiting in the agent's send queue")
        .callback(cb -> cb.call(queueBytes.getAsLong()))
        .register(registry);
    return new PrometheusEndpoint(HTTPServer.builder().port(port).registry(registry).buildAndStart());
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
