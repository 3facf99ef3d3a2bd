package dev.topowatch.it.prometheus;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Locates the Debian {@code prometheus} package's executables. Missing binaries are an error with
 * the fix in the message, never a silent skip: CI installs them through {@code .ci/run}.
 */
public final class PrometheusBinaries {

    static final String INSTALL_HINT =
            "install Debian's prometheus package: run .ci/run, or apt-get install prometheus";

    private PrometheusBinaries() {
    }

    /** {@code /usr/bin/prometheus} (or the first on PATH); throws with the install hint if absent. */
    public static Path prometheus() {
        return require("prometheus");
    }

    /** {@code /usr/bin/promtool} (or the first on PATH); throws with the install hint if absent. */
    public static Path promtool() {
        return require("promtool");
    }

    /** The named executable from /usr/bin or PATH; throws with the install hint if absent. */
    public static Path require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(
                name + " not found in /usr/bin or on PATH; " + INSTALL_HINT));
    }

    static Optional<Path> find(String name) {
        Path debian = Path.of("/usr/bin", name);
        if (Files.isExecutable(debian)) {
            return Optional.of(debian);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Optional.of(Path.of(dir, name));
            }
        }
        return Optional.empty();
    }
}
