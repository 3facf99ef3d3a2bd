package dev.topowatch.it.agent;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.topowatch.agent.powergrad.PowerGradLoss;
import dev.topowatch.trainer.CnnModel;
import dev.topowatch.trainer.ImageData;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * In-process A/B of the cost of PowerGradLoss in a full training step (forward, loss, backward,
 * optimizer step) of the sample CNN: two trainers, one with DJL's softmax cross-entropy and one
 * with PowerGradLoss, run in alternating blocks on the same batches so that a busy machine slows
 * both alike. Prints the median block step time of each and their ratio. Run by
 * {@code agent/bench/overhead.sh}; arguments: blocks, steps per block, batch size.
 */
public final class PowerGradStepBench {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private PowerGradStepBench() {}

  public static void main(String[] args) {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    Engine.getInstance().setRandomSeed(1);
    ImageData data = ImageData.synthetic(batch * 8, 1);
    try (NDManager manager = NDManager.newBaseManager();
        Model plainModel = Model.newInstance("plain");
        Model pgModel = Model.newInstance("powergrad")) {
      NDArray x = manager.create(data.pixels(), new Shape(data.count()).addAll(CnnModel.IMAGE));
      NDArray y = manager.create(data.labels(), new Shape(data.count()));
      plainModel.setBlock(CnnModel.build());
      pgModel.setBlock(CnnModel.build());
      try (Trainer plain = trainer(plainModel, Loss.softmaxCrossEntropyLoss(), batch);
          Trainer pg = trainer(pgModel, PowerGradLoss.builder().setAlpha(0.5f).build(), batch)) {
        List<Double> plainWall = new ArrayList<>();
        List<Double> pgWall = new ArrayList<>();
        List<Double> plainCpu = new ArrayList<>();
        List<Double> pgCpu = new ArrayList<>();
        for (int b = -4; b < blocks; b++) { // 4 warm-up blocks
          boolean usePg = (b & 1) == 1;
          long t0 = System.nanoTime();
          long c0 = THREADS.getCurrentThreadCpuTime();
          for (int s = 0; s < steps; s++) {
            step(usePg ? pg : plain, x, y, (s % 8) * batch, batch);
          }
          double wall = (System.nanoTime() - t0) / 1e6 / steps;
          double cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
          if (b >= 0) {
            (usePg ? pgWall : plainWall).add(wall);
            (usePg ? pgCpu : plainCpu).add(cpu);
          }
        }
        System.out.printf(Locale.ROOT,
            "in-process A/B, %d blocks of %d steps, batch %d: softmax CE %.3f ms/step (cpu %.3f),"
                + " PowerGradLoss %.3f ms/step (cpu %.3f), ratio %.3fx wall, %.3fx cpu%n",
            blocks, steps, batch, median(plainWall), median(plainCpu), median(pgWall), median(pgCpu),
            median(pgWall) / median(plainWall), median(pgCpu) / median(plainCpu));
      }
    }
  }

  private static Trainer trainer(Model model, Loss loss, int batch) {
    Trainer t = model.newTrainer(new DefaultTrainingConfig(loss)
        .optInitializer(new XavierInitializer(), "weight")
        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build()));
    t.initialize(new Shape(batch).addAll(CnnModel.IMAGE));
    return t;
  }

  private static void step(Trainer t, NDArray x, NDArray y, int from, int batch) {
    try (NDManager scope = t.getManager().newSubManager()) {
      NDArray xb = x.get(from + ":" + (from + batch));
      NDArray yb = y.get(from + ":" + (from + batch));
      xb.attach(scope);
      yb.attach(scope);
      try (GradientCollector collector = t.newGradientCollector()) {
        NDList out = t.forward(new NDList(xb));
        NDArray loss = t.getLoss().evaluate(new NDList(yb), out);
        collector.backward(loss);
        out.attach(scope);
        loss.attach(scope);
      }
      t.step();
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
