package dev.topowatch.experiment.data;

import dev.topowatch.experiment.grid.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Every finished run of a grid folder ({@code runs/<id>/run.csv}), in a stable order (kind, α, seed). */
public record GridData(List<RunData> runs) {

  public static GridData read(Path gridDir) {
    Path runsDir = gridDir.resolve("runs");
    if (!Files.isDirectory(runsDir)) {
      throw new IllegalArgumentException("no runs/ folder in " + gridDir + ": run `experiment run --out " + gridDir + "` first");
    }
    try (Stream<Path> dirs = Files.list(runsDir)) {
      List<RunData> runs = dirs.filter(d -> Files.isRegularFile(d.resolve("run.csv"))).map(RunData::read)
          .sorted(Comparator.comparing((RunData r) -> r.kind().ordinal())
              .thenComparing(r -> r.alpha() == null ? 2.0 : -r.alpha()).thenComparingInt(RunData::seed))
          .toList();
      if (runs.isEmpty()) {
        throw new IllegalArgumentException("no finished run in " + runsDir);
      }
      return new GridData(runs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runs of the grid proper (the deep CNN), without the demo-model runs that only inform the layer rule. */
  public List<RunData> deep() {
    return filter(r -> r.kind() != Kind.DEMO_MODEL);
  }

  public List<RunData> of(Kind kind) {
    return filter(r -> r.kind() == kind);
  }

  public List<RunData> filter(Predicate<RunData> p) {
    return runs.stream().filter(p).toList();
  }

  /** The threshold labels the analyzer used (from the first run). */
  public List<String> thresholds() {
    return runs.get(0).topologyThresholds();
  }
}
