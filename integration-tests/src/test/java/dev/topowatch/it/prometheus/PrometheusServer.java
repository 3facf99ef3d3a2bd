package dev.topowatch.it.prometheus;

import dev.topowatch.harness.GracefulStop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Prometheus ({@code /usr/bin/prometheus}, Debian's package) for tests and the demo: writes a
 * config with the caller's scrape targets and rule files, starts it on a free 127.0.0.1 port with a
 * throw-away TSDB, waits for {@code /-/ready}, answers queries through the HTTP API and stops it on
 * {@link #close()}.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus = PrometheusServer.builder()
 *         .scrape(new ScrapeTarget("topowatch-analyzer", "127.0.0.1:8080"))
 *         .ruleFile(RepoLayout.find().rulesFile())
 *         .start()) {
 *     prometheus.awaitSeries("topowatch_train_step", Duration.ofSeconds(60));
 * }
 * }</pre>
 */
public final class PrometheusServer implements AutoCloseable {

    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final int port;
    private final PrometheusHttpApi api;
    private final Thread shutdownHook;

    private PrometheusServer(Process process, Path workDir, int port) {
        this.process = process;
        this.workDir = workDir;
        this.port = port;
        this.api = new PrometheusHttpApi(URI.create("http://127.0.0.1:" + port));
        // A test JVM that dies must not leave a Prometheus behind.
        this.shutdownHook = new Thread(process::destroyForcibly, "prometheus-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return api.base();
    }

    /** The HTTP API client, for endpoints beyond queries ({@code /api/v1/rules}, {@code /api/v1/targets}). */
    public PrometheusHttpApi api() {
        return api;
    }

    /** The directory holding the config, the log and the TSDB; removed on close. */
    public Path workDir() {
        return workDir;
    }

    public PromResponse query(String expr) {
        return api.query(expr);
    }

    public PromResponse queryRange(String expr, Instant start, Instant end, Duration step) {
        return api.queryRange(expr, start, end, step);
    }

    /** Polls {@code expr} until it returns at least one series; throws with the last answer on timeout. */
    public PromResponse awaitSeries(String expr, Duration timeout) {
        return await(expr, r -> r.isSuccess() && r.seriesCount() > 0, timeout);
    }

    /** Polls {@code expr} until {@code done} accepts the answer; throws with the last answer on timeout. */
    public PromResponse await(String expr, Predicate<PromResponse> done, Duration timeout) {
        AtomicReference<PromResponse> last = new AtomicReference<>();
        try {
            return Awaitility.await(expr).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        last.set(api.query(expr));
                        return last.get();
                    }, done);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("after " + timeout + " " + expr + " still answers " + last.get(), e);
        }
    }

    /** The last lines of Prometheus's own log, for failure messages. */
    public String logTail() {
        return tail(workDir.resolve("prometheus.log"));
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        try {
            GracefulStop.stop(process);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway
            }
            deleteRecursively(workDir);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Configures and starts a {@link PrometheusServer}. */
    public static final class Builder {
        private final List<ScrapeTarget> targets = new ArrayList<>();
        private final List<Path> ruleFiles = new ArrayList<>();
        private Duration scrapeInterval = Duration.ofSeconds(1);
        private Duration evaluationInterval = Duration.ofSeconds(1);
        private Duration readyTimeout = Duration.ofSeconds(60);
        private Path binary;
        private String configYaml;

        private Builder() {
        }

        /** Adds a scrape job (any number; none is fine for parse-only checks). */
        public Builder scrape(ScrapeTarget target) {
            targets.add(target);
            return this;
        }

        /** Adds a rule file, loaded by absolute path. */
        public Builder ruleFile(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no rule file " + file);
            }
            ruleFiles.add(file.toAbsolutePath());
            return this;
        }

        /** Scrape interval, 1 s by default. */
        public Builder scrapeInterval(Duration interval) {
            this.scrapeInterval = interval;
            return this;
        }

        /** Rule evaluation interval, 1 s by default. */
        public Builder evaluationInterval(Duration interval) {
            this.evaluationInterval = interval;
            return this;
        }

        /** How long to wait for {@code /-/ready}, 60 s by default. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /**
         * Runs with this configuration instead of one built from the targets and rule files (which
         * are then ignored): to test a config file users run, e.g. {@code deploy/prometheus/prometheus-local.yml}.
         */
        public Builder config(String yaml) {
            this.configYaml = yaml;
            return this;
        }

        /** The executable; {@link PrometheusBinaries#prometheus()} by default. */
        public Builder binary(Path binary) {
            this.binary = binary;
            return this;
        }

        /**
         * Starts Prometheus and waits until it is ready. A port taken between choosing and binding
         * is retried on another port.
         *
         * @throws IOException when it cannot start; the message carries Prometheus's log
         */
        public PrometheusServer start() throws IOException {
            Path executable = binary != null ? binary : PrometheusBinaries.prometheus();
            PrometheusConfig config = new PrometheusConfig(targets, ruleFiles, scrapeInterval, evaluationInterval);
            IOException last = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                Path workDir = Files.createTempDirectory("topowatch-prometheus-");
                try {
                    return launch(executable, config, workDir);
                } catch (IOException e) {
                    deleteRecursively(workDir);
                    last = e;
                    if (!e.getMessage().contains("address already in use")) {
                        throw e;
                    }
                }
            }
            throw last;
        }

        private PrometheusServer launch(Path executable, PrometheusConfig config, Path workDir) throws IOException {
            Path configFile = configYaml != null
                    ? Files.writeString(workDir.resolve("prometheus.yml"), configYaml)
                    : config.write(workDir.resolve("prometheus.yml"));
            Path log = workDir.resolve("prometheus.log");
            int port = freePort();
            Process process = new ProcessBuilder(executable.toString(),
                    "--config.file=" + configFile,
                    "--storage.tsdb.path=" + workDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=info")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(process, workDir, port);
            try {
                Awaitility.await("prometheus ready").atMost(readyTimeout).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            if (!process.isAlive()) {
                                throw new IllegalStateException("exited with " + process.exitValue());
                            }
                            return server.api.isReady();
                        });
            } catch (ConditionTimeoutException | IllegalStateException e) {
                String why = e instanceof ConditionTimeoutException ? "not ready after " + readyTimeout : e.getMessage();
                String logText = tail(log);
                server.close();
                throw new IOException("prometheus " + why + "; log:\n" + logText, e);
            }
            return server;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
