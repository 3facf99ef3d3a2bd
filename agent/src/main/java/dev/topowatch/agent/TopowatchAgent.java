package dev.topowatch.agent;

import dev.topowatch.agent.instrument.Instrumenter;
import dev.topowatch.agent.publish.AgentCounters;
import dev.topowatch.agent.publish.KafkaSender;
import dev.topowatch.agent.publish.PrometheusEndpoint;
import dev.topowatch.agent.run.RunMonitor;
import java.lang.instrument.Instrumentation;
import java.time.Duration;

/**
 * The topowatch Java agent: {@code java -javaagent:topowatch-agent.jar[=key=value,...] ...}, or
 * attached to a running JVM ({@code agentmain}).
 *
 * <p>Configuration (see {@link AgentConfig} for every key and default): agent arguments win over
 * {@code -Dtopowatch.KEY} system properties, which win over {@code TOPOWATCH_KEY} environment
 * variables, which win over the defaults. Problems are reported once on stderr.
 *
 * <p>{@code premain} and {@code agentmain} share one guarded start that catches everything: a
 * broken agent is a no-op, never a dead host.
 */
public final class TopowatchAgent {
  private static boolean started;

  private TopowatchAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst);
  }

  private static synchronized void start(String args, Instrumentation inst) {
    if (started) {
      return;
    }
    started = true;
    try {
      AgentConfig config = AgentConfig.load(args);
      config.problems().forEach(p -> Log.info("config: " + p));
      if (!config.enabled()) {
        Log.info("disabled (enabled=false); the JVM runs unmodified");
        return;
      }
      AgentCounters counters = new AgentCounters();
      KafkaSender sender =
          new KafkaSender(
              config.kafkaBootstrap(),
              config.kafkaProperties(),
              "topowatch-agent-" + config.runId(),
              config.queueBytes(),
              counters);
      RunMonitor monitor = new RunMonitor(config, sender, counters);
      if (Instrumenter.install(inst) == 0) {
        return;
      }
      Dispatcher.install(monitor);
      sender.start();
      PrometheusEndpoint endpoint = startEndpoint(config, counters, sender);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> stop(config, monitor, sender, endpoint, counters), "topowatch-shutdown"));
      Log.info("agent on: run " + config.runId() + ", Kafka " + config.kafkaBootstrap()
          + (endpoint == null ? "" : ", metrics on port " + endpoint.port()));
    } catch (Throwable t) {
      Log.info("agent failed to start (" + t + "); training runs without it");
    }
  }

  private static PrometheusEndpoint startEndpoint(
      AgentConfig config, AgentCounters counters, KafkaSender sender) {
    if (config.metricsPort().isEmpty()) {
      return null;
    }
    try {
      return PrometheusEndpoint.start(config.metricsPort().getAsInt(), counters, sender::queuedBytes);
    } catch (Throwable t) {
      Log.info("metrics endpoint on port " + config.metricsPort().getAsInt() + " failed (" + t + "); none");
      return null;
    }
  }

  private static void stop(
      AgentConfig config,
      RunMonitor monitor,
      KafkaSender sender,
      PrometheusEndpoint endpoint,
      AgentCounters counters) {
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
