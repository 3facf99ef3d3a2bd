package dev.topowatch.it.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.topowatch.broker.SharedBroker;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.TrainingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent inside a JDK 17 training JVM, the oldest its users run (the rest of topowatch needs 25):
 * the shaded jar, built with {@code --release 17}, attaches, samples and reports the run's end there.
 */
class AgentOnJdk17Test {
  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();
  @TempDir static Path dir;

  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)[.\"]");

  @Test
  void attachesSamplesAndFinishesInAJdk17TrainingJvm() throws Exception {
    Optional<Path> jdk17 = runtimeOfMajorVersion(17);
    assumeTrue(jdk17.isPresent(), "no Java 17 runtime under /usr/lib/jvm (Debian's openjdk-17-jre-headless provides one)");
    RepoLayout.find().agentJar();
    String runId = "it-jdk17";
    Path work = dir.resolve("run");
    Process p = TrainerRun.start(jdk17.get(), work, "kafka.bootstrap=" + KAFKA.bootstrapServers() + ",run.id=" + runId
        + ",sample.every=5,sample.size=2",
        List.of("--synthetic", "--steps", "12", "--epochs", "1", "--batch-size", "8", "--seed", "7", "--log-every", "0"));
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("trainer finished").isTrue();
    TrainerRun.Result result = TrainerRun.result(work, p, Duration.ZERO);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stderr()).as("the agent started").doesNotContain("agent failed to start")
        .doesNotContain("UnsupportedClassVersionError");

    Telemetry t = Telemetry.read(KAFKA.bootstrapServers(), runId, Duration.ofSeconds(60),
        r -> r.events.stream().anyMatch(TrainingEvent::hasRunFinished));
    assertThat(t.runFinished().getStatus()).isEqualTo(RunStatus.COMPLETED);
    assertThat(t.runFinished().getStepCount()).isEqualTo(12);
    // steps 0, 5 and 10 are sampled: every layer, two samples each
    assertThat(t.samples).extracting(ActivationSample::getStep).containsOnly(0L, 5L, 10L);
    int layers = t.runStarted().getLayersCount();
    assertThat(t.samples).hasSize(3 * layers * 2);
  }

  /** A JDK or JRE under /usr/lib/jvm whose {@code release} file names this major version. */
  static Optional<Path> runtimeOfMajorVersion(int major) throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes.filter(h -> Files.isExecutable(h.resolve("bin/java")))
          .filter(h -> major == releaseMajor(h.resolve("release")))
          .sorted()
          .findFirst();
    }
  }

  private static int releaseMajor(Path release) {
    try {
      Matcher m = JAVA_VERSION.matcher(Files.isRegularFile(release) ? Files.readString(release) : "");
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
