package dev.topowatch.analyzer.cli;

import dev.topowatch.topology.BettiEngineProvider;
import dev.topowatch.topology.BettiEngines;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gpu-info}: what the gpu back end finds (driver, device, NVRTC) and, when it can run, how
 * long its kernels took to compile or to load from the cache; or one line per missing piece. Exit
 * code 0 when the gpu back end can run, 1 when it cannot. The back end is found through
 * {@link java.util.ServiceLoader}, like every other use of it: this command knows only its name.
 */
@Command(
    name = "gpu-info",
    mixinStandardHelpOptions = true,
    description = {
        "Prints as JSON what the gpu back end finds: the NVIDIA driver, the device, NVRTC, and the time",
        "to compile its kernels (or to read them from the cache); or what is missing.",
        "Exit code 0 when the gpu back end can run, 1 when it cannot."})
public final class GpuInfoCommand implements Callable<Integer> {
  static final String NOT_ON_CLASS_PATH = "no gpu back end on the class path (the topowatch-topology-gpu jar belongs in lib/)";

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--no-compile", description = "Only probe: do not compile or load the kernels.")
  boolean noCompile;

  @Override
  public Integer call() {
    Map<String, Object> json = BettiEngines.providers().stream().filter(p -> p.name().equals("gpu")).findFirst()
        .map(p -> p.report(!noCompile))
        .orElseGet(() -> Map.of("usable", false, "missing", List.of(NOT_ON_CLASS_PATH)));
    CliJson.print(spec.commandLine().getOut(), json);
    return Boolean.TRUE.equals(json.get("usable")) ? 0 : 1;
  }
}
