package dev.topowatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.topowatch.agent.Log;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the advice into DJL (0.36 is the tested version). Before installing, every hooked method
 * is looked up in the DJL on the system class path without loading it; a method that is missing
 * switches off only the hooks that need it, and says so.
 */
public final class Instrumenter {
  private static final String TRAINER = "ai.djl.training.Trainer";
  private static final String NDLIST = "ai.djl.ndarray.NDList";
  private static final String POWERGRAD = "dev.topowatch.agent.powergrad.PowerGradLoss";
  private static final String RUNTIME = "java.lang.Runtime";

  private Instrumenter() {}

  /** The hooks of the tested DJL version. */
  static List<Hook> hooks() {
    List<Hook> hooks = new ArrayList<>();
    hooks.add(new Hook(TRAINER, named(TRAINER),
        isConstructor().and(takesArguments(2)).and(takesArgument(1, named("ai.djl.training.TrainingConfig"))),
        TrainerConstructorAdvice.class, "run binding and PowerGrad"));
    hooks.add(new Hook(TRAINER, named(TRAINER),
        named("forward").and(takesArguments(1)).and(takesArgument(0, named(NDLIST))),
        TrainerForwardAdvice.class, "sampling in hand-written loops"));
    hooks.add(new Hook(TRAINER, named(TRAINER),
        named("forward").and(takesArguments(2)).and(takesArgument(0, named(NDLIST)))
            .and(takesArgument(1, named(NDLIST))),
        TrainerForwardWithLabelsAdvice.class, "sampling in EasyTrain"));
    hooks.add(new Hook(TRAINER, named(TRAINER), named("step").and(takesArguments(0)),
        TrainerStepAdvice.class, "step counting, StepMetrics and samples"));
    hooks.add(new Hook(TRAINER, named(TRAINER), named("close").and(takesArguments(0)),
        TrainerCloseAdvice.class, "RunFinished at training end"));
    hooks.add(new Hook("ai.djl.nn.AbstractBaseBlock", named("ai.djl.nn.AbstractBaseBlock"),
        named("forward").and(takesArguments(4)).and(takesArgument(0, named("ai.djl.training.ParameterStore"))),
        BlockForwardAdvice.class, "layer outputs"));
    hooks.add(new Hook("ai.djl.training.loss.SoftmaxCrossEntropyLoss",
        hasSuperType(named("ai.djl.training.loss.Loss")),
        named("evaluate").and(takesArguments(2)).and(not(isAbstract())),
        LossEvaluateAdvice.class, "loss and accuracy in StepMetrics, labels in hand-written loops"));
    hooks.add(new Hook("ai.djl.training.listener.EvaluatorTrainingListener",
        named("ai.djl.training.listener.EvaluatorTrainingListener"),
        named("onEpoch").and(takesArguments(1)),
        EpochEndAdvice.class, "EpochMetrics"));
    hooks.add(new Hook("ai.djl.training.EasyTrain", named("ai.djl.training.EasyTrain"),
        named("fit").and(takesArguments(4)).and(takesArgument(0, named(TRAINER))),
        EasyTrainFitAdvice.class, "EasyTrain detection and FAILED status"));
    hooks.add(new Hook("ai.djl.training.GradientCollector", hasSuperType(named("ai.djl.training.GradientCollector")),
        named("backward").and(takesArguments(1)),
        GradientBackwardAdvice.class, "FAILED status when backward throws in a hand-written loop"));
    return hooks;
  }

  /**
   * Hooks into the JDK, installed only alongside DJL hooks: {@code Runtime.exit} leaves the exit
   * status where the shutdown hook finds it (a run closed just before {@code System.exit(1)} failed).
   */
  static List<Hook> jdkHooks() {
    return List.of(new Hook(RUNTIME, named(RUNTIME), named("exit").and(takesArguments(int.class)),
        ExitStatusAdvice.class, "FAILED status when the program exits with a non-zero status"));
  }

  /** Hooks whose method exists in the DJL found through {@code loader}; reports the others. */
  static List<Hook> available(List<Hook> hooks, ClassLoader loader) {
    TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
    List<Hook> found = new ArrayList<>();
    for (Hook hook : hooks) {
      TypePool.Resolution r = pool.describe(hook.declaringType());
      if (!r.isResolved()) {
        Log.info("DJL class " + hook.declaringType() + " not found: " + hook.feature() + " off");
      } else if (r.resolve().getDeclaredMethods().filter(hook.method()).isEmpty()) {
        Log.info("DJL " + hook.declaringType() + " lacks the hooked method: " + hook.feature() + " off");
      } else {
        found.add(hook);
      }
    }
    return found;
  }

  /**
   * Installs every available hook. Returns the installed transformer, whose {@code reset} takes the
   * hooks out again (the overhead benchmark compares DJL with and without them), or null when there
   * was nothing to hook.
   */
  public static ResettableClassFileTransformer install(Instrumentation inst) {
    List<Hook> hooks = new ArrayList<>(available(hooks(), ClassLoader.getSystemClassLoader()));
    if (hooks.isEmpty()) {
      Log.info("no DJL on the class path: the agent stays idle");
      return null;
    }
    hooks.addAll(available(jdkHooks(), ClassLoader.getSystemClassLoader()));
    Map<ElementMatcher<? super TypeDescription>, List<Hook>> byTarget = new LinkedHashMap<>();
    for (Hook hook : hooks) {
      byTarget.computeIfAbsent(hook.targets(), k -> new ArrayList<>()).add(hook);
    }
    // Advice is described from its class file, never by reflection: reflecting on an advice class
    // would load the DJL types in its signatures in the middle of defining them.
    ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(Instrumenter.class.getClassLoader());
    TypePool agentPool = TypePool.Default.of(agentClasses);
    Map<Hook, Advice> advice = new LinkedHashMap<>();
    for (Hook hook : hooks) {
      advice.put(hook, Advice.to(agentPool.describe(hook.advice().getName()).resolve(), agentClasses));
    }
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
            .with(new ErrorListener())
            .ignore(not(nameStartsWith("ai.djl.").or(named(POWERGRAD)).or(named(RUNTIME))));
    for (Map.Entry<ElementMatcher<? super TypeDescription>, List<Hook>> e : byTarget.entrySet()) {
      List<Hook> group = e.getValue();
      builder =
          builder
              .type(e.getKey())
              .transform(
                  (b, type, loader, module, domain) -> {
                    for (Hook h : group) {
                      b = b.visit(advice.get(h).on(h.method()));
                    }
                    return b;
                  });
    }
    return builder.installOn(inst);
  }

  /** Reports a class that could not be rewritten; that class then runs unmodified. */
  private static final class ErrorListener extends AgentBuilder.Listener.Adapter {

    @Override
    public void onError(
        String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
      Log.once("transform-" + typeName, "cannot instrument " + typeName + " (" + error + "); it runs unmodified");
    }
  }
}
