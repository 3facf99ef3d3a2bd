package dev.topowatch.it.prometheus;

import java.util.Objects;

/**
 * One scrape job with one target.
 *
 * @param job         the Prometheus job label, e.g. {@code topowatch-analyzer} (the alert rules use it)
 * @param hostPort    {@code host:port} of the HTTP endpoint
 * @param metricsPath the path, {@code /metrics} by default
 */
public record ScrapeTarget(String job, String hostPort, String metricsPath) {

    public ScrapeTarget {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(hostPort, "hostPort");
        if (!metricsPath.startsWith("/")) {
            throw new IllegalArgumentException("metrics path must start with '/': " + metricsPath);
        }
    }

    public ScrapeTarget(String job, String hostPort) {
        this(job, hostPort, "/metrics");
    }
}
