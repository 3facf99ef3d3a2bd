package dev.topowatch.agent;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.topowatch.trainer.CnnModel;
import dev.topowatch.trainer.FashionMnistTrainer;
import dev.topowatch.trainer.ImageData;
import java.io.IOException;

/**
 * One trainer of the agent benchmarks, built the way a job builds it (same seed, so identical initial
 * weights in every configuration), with its own real agent watching from the start, or none. The
 * agents' advice is installed into DJL once per JVM; {@link #route} points it at this trainer's agent
 * before its turn, so each turn pays for exactly one agent's work.
 */
final class BenchTrainer {
  /** Distinct batches the trainers cycle through (the same ones in every configuration). */
  static final int DISTINCT_BATCHES = 16;

  final String name;
  final AgentRuntime agent;
  final Model model;
  final Trainer trainer;
  private long step;

  private BenchTrainer(String name, AgentRuntime agent, Model model, Trainer trainer) {
    this.name = name;
    this.agent = agent;
    this.model = model;
    this.trainer = trainer;
  }

  /** An agent built from agent arguments exactly as {@code -javaagent} builds it; not started. */
  static AgentRuntime agent(String agentArgs) {
    AgentConfig config = AgentConfig.load(agentArgs);
    if (!config.problems().isEmpty()) {
      throw new IllegalArgumentException("agent arguments " + agentArgs + ": " + config.problems());
    }
    return new AgentRuntime(config);
  }

  /** A trainer of {@code block} for batches of {@code batch}, watched by {@code agent} (started here) or none. */
  static BenchTrainer build(String name, AgentRuntime agent, Block block, int batch) {
    Dispatcher.install(agent == null ? null : agent.monitor());
    Engine.getInstance().setRandomSeed(1);
    Model model = Model.newInstance("bench-" + name);
    model.setBlock(block);
    Trainer trainer = model.newTrainer(
        FashionMnistTrainer.trainingConfig(FashionMnistTrainer.sgd(FashionMnistTrainer.DEFAULT_LEARNING_RATE)));
    trainer.initialize(new Shape(batch).addAll(CnnModel.IMAGE));
    if (agent != null) {
      agent.start();
    }
    Dispatcher.install(null);
    return new BenchTrainer(name, agent, model, trainer);
  }

  /** The images the benchmarks train on: Fashion-MNIST where it is installed, seeded synthetic images otherwise. */
  static ImageData images(int batch) throws IOException {
    ImageData data = ImageData.readIdx(FashionMnistTrainer.DEFAULT_DATA_DIR, "train", batch * DISTINCT_BATCHES);
    return data != null ? data : ImageData.synthetic(batch * DISTINCT_BATCHES, 1);
  }

  /** Points the advice at this trainer's agent (none for a trainer without one). */
  void route() {
    Dispatcher.install(agent == null ? null : agent.monitor());
  }

  /** {@code n} training steps on the next batches of {@code x} and {@code y}, as EasyTrain.fit does them. */
  void steps(NDArray x, NDArray y, int batch, int n) {
    for (int s = 0; s < n; s++) {
      int from = (int) (step++ % DISTINCT_BATCHES) * batch;
      // What EasyTrain.fit does per batch: a batch in its own manager, trainBatch, step, close.
      try (NDManager scope = x.getManager().newSubManager()) {
        NDArray xb = x.get(from + ":" + (from + batch));
        NDArray yb = y.get(from + ":" + (from + batch));
        xb.attach(scope);
        yb.attach(scope);
        Batch b = new Batch(scope, new NDList(xb), new NDList(yb), batch, Batchifier.STACK, Batchifier.STACK, s, n);
        EasyTrain.trainBatch(trainer, b);
        trainer.step();
      }
    }
  }

  /** CPU time, in nanoseconds, of this agent's threads whose name starts with {@code prefix} (0 without an agent). */
  long agentCpu(String prefix) {
    return agent == null ? 0 : BenchStats.agentThreadsCpu(agent.config().runId(), prefix);
  }

  /** Samples this agent sent or dropped so far. */
  long samplesHandled() {
    return agent == null ? 0 : agent.counters().samplesSent() + agent.counters().samplesDropped();
  }

  /** Ends the run (the agent publishes RunFinished), closes the model and stops the agent; returns its counters' summary. */
  String close() {
    route();
    trainer.close();
    model.close();
    Dispatcher.install(null);
    if (agent == null) {
      return "no agent";
    }
    agent.stop();
    return agent.counters().summary();
  }
}
