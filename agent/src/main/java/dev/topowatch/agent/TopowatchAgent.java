package dev.topowatch.agent;

import dev.topowatch.agent.instrument.Instrumenter;
import java.lang.instrument.Instrumentation;

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
      AgentRuntime runtime = new AgentRuntime(config);
      if (Instrumenter.install(inst) == null) {
        return;
      }
      Dispatcher.install(runtime.monitor());
      runtime.start();
      Runtime.getRuntime().addShutdownHook(new Thread(runtime::stop, "topowatch-shutdown"));
      Log.info("agent on: run " + config.runId() + ", Kafka " + config.kafkaBootstrap()
          + (runtime.metricsPort() < 0 ? "" : ", metrics on port " + runtime.metricsPort()));
    } catch (Throwable t) {
      Log.info("agent failed to start (" + t + "); training runs without it");
    }
  }
}
