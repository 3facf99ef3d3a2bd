package dev.topowatch.it.agent;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shaded agent jar that the reactor builds before this module. */
final class AgentJar {
  private AgentJar() {}

  /** {@code ../agent/target/topowatch-agent.jar}; fails with instructions when it is missing. */
  static Path require() {
    Path jar = Path.of("..", "agent", "target", "topowatch-agent.jar").toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "agent jar not found at " + jar + ": build it first with `mvn -pl agent install` "
              + "(the reactor builds agent before integration-tests)");
    }
    return jar;
  }
}
