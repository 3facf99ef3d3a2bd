package dev.topowatch.demo;

import dev.topowatch.harness.RepoLayout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code ./demo.sh --help} answers at once, before any build, and names every option the demo has. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DemoScriptTest {

  @Test
  void helpAnswersWithoutBuildingAndListsEveryOption(@TempDir Path stubs) throws Exception {
    RepoLayout repo = RepoLayout.find();
    // mvn, java and apt-get that fail loudly come first on the PATH: a script that tried to build would say so.
    for (String tool : new String[] {"mvn", "java", "apt-get", "sudo"}) {
      Path stub = Files.writeString(stubs.resolve(tool), "#!/bin/sh\necho \"$0 CALLED\"\nexit 3\n");
      assertThat(stub.toFile().setExecutable(true)).isTrue();
    }
    ProcessBuilder builder = new ProcessBuilder("bash", repo.root().resolve("demo.sh").toString(), "--steps", "5", "--help")
        .redirectErrorStream(true);
    builder.environment().put("PATH", stubs + ":/usr/bin:/bin");
    long start = System.nanoTime();
    Process script = builder.start();
    String help = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(script.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(script.exitValue()).as(help).isZero();
    assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(5);
    assertThat(help).startsWith("Usage: ./demo.sh").contains("open http://127.0.0.1:8080/").doesNotContain("CALLED");

    for (OptionSpec option : new CommandLine(new TopowatchDemo()).getCommandSpec().options()) {
      if (!option.longestName().equals("--version")) {
        assertThat(help).as("demo.sh --help names %s", option.longestName()).contains(option.longestName() + " ");
      }
    }
  }
}
