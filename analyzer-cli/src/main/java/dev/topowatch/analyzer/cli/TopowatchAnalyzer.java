package dev.topowatch.analyzer.cli;

import dev.topowatch.transfer.cli.TransferabilityCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The analyzer's command line: {@code java -jar topowatch-analyzer.jar <command> …}. Add a
 * subcommand by listing its class in {@code subcommands}.
 */
@Command(
    name = "topowatch-analyzer",
    mixinStandardHelpOptions = true,
    versionProvider = TopowatchAnalyzer.Version.class,
    description = "Topological monitoring of neural-network activations.",
    subcommands = {BettiCommand.class, ThetaCommand.class, BenchCommand.class, GpuInfoCommand.class,
        TransferabilityCommand.class})
public final class TopowatchAnalyzer implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command: choose one of " + spec.subcommands().keySet());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The configured command line: user errors become one line on stderr and exit code 1. serve,
   * broker, loadgen and soak are there when Kafka and Vert.x are on the class path; the engine
   * commands run without them (the GPU bundle of bench/gpu.sh carries only what they need).
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TopowatchAnalyzer());
    if (onClassPath("org.apache.kafka.clients.consumer.KafkaConsumer") && onClassPath("io.vertx.core.Vertx")) {
      cli.addSubcommand(new ServeCommand());
      cli.addSubcommand(new BrokerCommand());
      cli.addSubcommand(new LoadGenCommand());
      cli.addSubcommand(new SoakCommand());
    }
    return cli.setExecutionExceptionHandler(new UserErrorHandler());
  }

  private static boolean onClassPath(String className) {
    try {
      Class.forName(className, false, TopowatchAnalyzer.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The jar's implementation version, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TopowatchAnalyzer.class.getPackage().getImplementationVersion();
      return new String[] {"topowatch-analyzer " + (v == null ? "dev" : v)};
    }
  }
}
