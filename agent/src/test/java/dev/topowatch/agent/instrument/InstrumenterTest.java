package dev.topowatch.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up check: hooks are looked up in the DJL the host has, and missing ones switched off. */
class InstrumenterTest {
  @Test
  void everyHookExistsInTheTestedDjl() {
    List<Hook> hooks = Instrumenter.hooks();
    assertThat(Instrumenter.available(hooks, getClass().getClassLoader())).containsExactlyElementsOf(hooks);
  }

  @Test
  void withoutDjlEveryHookIsSwitchedOffAndSaidSo() {
    ClassLoader noDjl = new ClassLoader(null) {};
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Instrumenter.available(Instrumenter.hooks(), noDjl)).isEmpty();
    } finally {
      System.setErr(saved);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("[topowatch] DJL class ai.djl.training.Trainer not found: run binding and PowerGrad off")
        .contains("layer outputs off");
  }

  @Test
  void aMissingMethodSwitchesOffOnlyItsHook() {
    List<Hook> hooks = List.of(
        new Hook("ai.djl.training.Trainer", net.bytebuddy.matcher.ElementMatchers.named("ai.djl.training.Trainer"),
            net.bytebuddy.matcher.ElementMatchers.named("noSuchMethod"), TrainerStepAdvice.class, "imaginary"),
        Instrumenter.hooks().get(3));
    assertThat(Instrumenter.available(hooks, getClass().getClassLoader())).containsExactly(hooks.get(1));
  }
}
