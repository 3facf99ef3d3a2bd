package dev.topowatch.agent.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.agent.instrument.ExitStatusAdvice;
import dev.topowatch.proto.v1.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How {@link RunEnding} decides, one rule at a time, with real threads (the trainer JVM tests cover the exit status). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RunEndingRulesTest {

  private final List<String> verdicts = new CopyOnWriteArrayList<>();
  private final RunEnding ending = new RunEnding((status, why) -> verdicts.add(status + (why == null ? "" : " " + why)));

  @AfterEach
  void clearExitStatus() {
    System.clearProperty(ExitStatusAdvice.PROPERTY);
  }

  @Test
  void aTrainingCallThatThrewMakesTheCloseFailed() {
    ending.trainingCallFailed(new IllegalStateException("shape mismatch"));
    ending.closed(Thread.currentThread());
    assertThat(verdicts).containsExactly("FAILED IllegalStateException: shape mismatch");
  }

  @Test
  void aLaterStepMeansTheLoopHandledIt() throws Exception {
    ending.trainingCallFailed(new IllegalStateException("bad batch"));
    ending.stepSucceeded();
    Thread closer = new Thread(() -> ending.closed(Thread.currentThread()));
    closer.start();
    closer.join();
    awaitVerdict();
    assertThat(verdicts).containsExactly("COMPLETED");
  }

  @Test
  void aThreadThatDiesOfAnExceptionAfterClosingFailed() throws Exception {
    Thread closer = new Thread(() -> {
      ending.closed(Thread.currentThread());
      throw new IllegalArgumentException("user code threw");
    });
    CountDownLatch handed = new CountDownLatch(1);
    closer.setUncaughtExceptionHandler((t, e) -> handed.countDown()); // the program's own handler still runs
    closer.start();
    closer.join();
    assertThat(handed.await(5, TimeUnit.SECONDS)).isTrue();
    awaitVerdict();
    assertThat(verdicts).singleElement().asString().startsWith("FAILED IllegalArgumentException: user code threw");
  }

  @Test
  void aTrainingThreadThatDiesWithTheTrainerOpenFailed() throws Exception {
    Thread trainer = new Thread(() -> {
      UncaughtFailures.watch(Thread.currentThread(), ending);
      throw new OutOfMemoryError("no more");
    });
    trainer.setUncaughtExceptionHandler((t, e) -> { });
    trainer.start();
    trainer.join();
    awaitVerdict();
    assertThat(verdicts).singleElement().asString().startsWith("FAILED OutOfMemoryError: no more");
  }

  @Test
  void aNonZeroExitAfterCloseFailedAndAZeroExitCompleted() {
    ending.closed(Thread.currentThread()); // still alive: waiting for evidence
    System.setProperty(ExitStatusAdvice.PROPERTY, "1");
    ending.shutdown();
    assertThat(verdicts).containsExactly("FAILED the program exited with status 1");

    List<String> other = new CopyOnWriteArrayList<>();
    RunEnding zero = new RunEnding((status, why) -> other.add(status.name()));
    zero.closed(Thread.currentThread());
    System.setProperty(ExitStatusAdvice.PROPERTY, "0");
    zero.shutdown();
    assertThat(other).containsExactly("COMPLETED");
  }

  @Test
  void aShutdownWithTheTrainerOpenIsInterrupted() {
    ending.shutdown();
    ending.shutdown();
    assertThat(verdicts).containsExactly(RunStatus.INTERRUPTED.name());
  }

  private void awaitVerdict() {
    await("a verdict").atMost(Duration.ofSeconds(10)).until(() -> !verdicts.isEmpty());
  }
}
