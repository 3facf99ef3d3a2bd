package dev.topowatch.trainer;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/**
 * A dataset that, when it hands out the batch of a chosen global step, first writes that batch and
 * the model's parameters as they are before the step: {@code step-S-data.nd}, {@code
 * step-S-labels.nd} ({@code NDArray.encode}) and {@code step-S-params.bin} ({@code
 * Block.saveParameters}). A test can then recompute every layer's output for that step. Batches are
 * counted across epochs; the trainer iterates lazily (no prefetch), so the parameters are those
 * after the previous step's update.
 */
final class DumpingDataset implements Dataset {
  private final Dataset inner;
  private final Block block;
  private final Path dir;
  private final Set<Long> steps;
  private long nextStep;

  DumpingDataset(Dataset inner, Block block, Path dir, Set<Long> steps) {
    this.inner = inner;
    this.block = block;
    this.dir = dir;
    this.steps = steps;
  }

  @Override
  public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
    Iterable<Batch> batches = inner.getData(manager);
    return () -> {
      Iterator<Batch> it = batches.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Batch next() {
          Batch batch = it.next();
          long step = nextStep++;
          if (steps.contains(step)) {
            dump(step, batch);
          }
          return batch;
        }
      };
    };
  }

  private void dump(long step, Batch batch) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("step-" + step + "-data.nd"), batch.getData().head().encode());
      Files.write(dir.resolve("step-" + step + "-labels.nd"), batch.getLabels().head().encode());
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve("step-" + step + "-params.bin")))) {
        block.saveParameters(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void prepare(Progress progress) throws IOException, TranslateException {
    inner.prepare(progress);
  }
}
