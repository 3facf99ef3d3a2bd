package dev.topowatch.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository's shared files live, found by walking up from the working directory (Maven
 * runs tests in the module folder, the demo may run from the root).
 */
public final class RepoLayout {

    private final Path root;

    private RepoLayout(Path root) {
        this.root = root;
    }

    /** Finds the root: the nearest ancestor of {@code user.dir} holding {@code docs/metrics.md} and {@code pom.xml}. */
    public static RepoLayout find() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/metrics.md")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new RepoLayout(dir);
            }
        }
        throw new IllegalStateException("no topowatch repository (docs/metrics.md + pom.xml) above " + start);
    }

    public Path root() {
        return root;
    }

    public Path dashboardsDir() {
        return root.resolve("dashboards");
    }

    /** The Prometheus rule file shipped with the dashboards. */
    public Path rulesFile() {
        return root.resolve("dashboards/alerts/topowatch-rules.yml");
    }

    public Path ruleTestsDir() {
        return root.resolve("dashboards/alerts/tests");
    }

    /** The metric contract: the tables of this file name every exported metric. */
    public Path metricsDoc() {
        return root.resolve("docs/metrics.md");
    }

    public Path deployDir() {
        return root.resolve("deploy");
    }

    /**
     * The built agent jar; a clear error when it has not been built yet. The system property {@code
     * topowatch.agent.jar} names another one instead, e.g. an agent built before a contract change, to
     * show that it still talks to this analyzer (docs/agent.md, Compatibility).
     */
    public Path agentJar() {
        String other = System.getProperty("topowatch.agent.jar");
        Path jar = other == null || other.isBlank() ? root.resolve("agent/target/topowatch-agent.jar") : Path.of(other);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with `mvn -B -DskipTests package`");
        }
        return jar;
    }
}
