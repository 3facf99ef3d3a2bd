package dev.topowatch.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds this checkout's build outputs from wherever the demo or a test is started inside it. */
final class RepoFiles {

  static final String AGENT_JAR = "agent/target/topowatch-agent.jar";

  private RepoFiles() {}

  /** The agent jar of the checkout around the working directory; a clear error when it is not built. */
  static Path agentJar() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("agent"))) {
        Path jar = dir.resolve(AGENT_JAR);
        if (!Files.isRegularFile(jar)) {
          throw new IllegalStateException(jar + " is missing: build it with `mvn -B -DskipTests package`");
        }
        return jar;
      }
    }
    throw new IllegalStateException("not inside a topowatch checkout: pass --agent-jar PATH");
  }
}
