package dev.topowatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code ./demo.sh --help} answers at once, before any build, and names every option the demo has. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoScriptTest {

  @Test
  void helpAnswersWithoutBuildingAndListsEveryOption() throws Exception {
    RepoLayout repo = RepoLayout.find();
    // No Maven and no Java on the PATH: a script that tried to build would fail.
    ProcessBuilder builder = new ProcessBuilder("bash", repo.root().resolve("demo.sh").toString(), "--steps", "5", "--help")
        .redirectErrorStream(true);
    builder.environment().put("PATH", "/nonexistent");
    builder.environment().remove("JAVA_HOME");
    long start = System.nanoTime();
    Process script = builder.start();
    String help = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(script.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).as(help).isZero();
    assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(5);
    assertThat(help).startsWith("Usage: ./demo.sh").contains("open http://127.0.0.1:8080/").doesNotContain("building");

    for (OptionSpec option : new CommandLine(new TopowatchDemo()).getCommandSpec().options()) {
      if (!option.longestName().equals("--version")) {
        assertThat(help).as("demo.sh --help names %s", option.longestName()).contains(option.longestName() + " ");
      }
    }
  }
}
