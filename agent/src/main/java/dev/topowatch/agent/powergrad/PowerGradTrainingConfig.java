package dev.topowatch.agent.powergrad;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.training.TrainingConfig;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.PairList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * A training configuration identical to another except for its loss. Wrapping (rather than
 * mutating) the user's configuration works for any {@link TrainingConfig} implementation.
 */
public final class PowerGradTrainingConfig implements TrainingConfig {
  private final TrainingConfig delegate;
  private final Loss loss;

  public PowerGradTrainingConfig(TrainingConfig delegate, Loss loss) {
    this.delegate = delegate;
    this.loss = loss;
  }

  @Override
  public Loss getLossFunction() {
    return loss;
  }

  @Override
  public Device[] getDevices() {
    return delegate.getDevices();
  }

  @Override
  public PairList<Initializer, Predicate<Parameter>> getInitializers() {
    return delegate.getInitializers();
  }

  @Override
  public Optimizer getOptimizer() {
    return delegate.getOptimizer();
  }

  @Override
  public ExecutorService getExecutorService() {
    return delegate.getExecutorService();
  }

  @Override
  public List<Evaluator> getEvaluators() {
    return delegate.getEvaluators();
  }

  @Override
  public List<TrainingListener> getTrainingListeners() {
    return delegate.getTrainingListeners();
  }
}
