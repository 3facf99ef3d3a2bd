package dev.topowatch.rank.cli;

import dev.topowatch.transfer.cli.TransferabilityCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code rank.sh}: the model-selection commands with DJL on the class path ({@code rank}) beside the
 * pure {@code transferability} (which the analyzer's jar also has; the analyzer carries no DJL).
 */
@Command(name = "topowatch-rank", mixinStandardHelpOptions = true,
    description = "Model selection before fine-tuning: rank candidates by topology and transferability scores.",
    subcommands = {RankCommand.class, TransferabilityCommand.class})
public final class RankTool implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: rank or transferability");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new RankTool()).execute(args));
  }
}
