package dev.topowatch.it.prometheus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A client for the parts of Prometheus's HTTP API the tests use ({@code /api/v1/...}, {@code /-/ready}). */
public final class PrometheusHttpApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public PrometheusHttpApi(URI base) {
        this.base = base;
    }

    public URI base() {
        return base;
    }

    /** Instant query at the server's current time. */
    public PromResponse query(String expr) {
        return post("/api/v1/query", Map.of("query", expr));
    }

    /** Range query over {@code [start, end]} at {@code step} resolution. */
    public PromResponse queryRange(String expr, Instant start, Instant end, Duration step) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", expr);
        form.put("start", seconds(start));
        form.put("end", seconds(end));
        form.put("step", step.toMillis() / 1000.0 + "");
        return post("/api/v1/query_range", form);
    }

    /** Any GET endpoint returning the JSON envelope, e.g. {@code /api/v1/rules} or {@code /api/v1/targets}. */
    public PromResponse get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** Whether {@code /-/ready} answers 200 (TSDB open, config loaded). */
    public boolean isReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private PromResponse post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private PromResponse send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new PromResponse(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            // Non-JSON answers (a proxy error page) are kept as text so the caller can show them.
            return JsonNodeFactory.instance.objectNode().put("status", "error").put("error", body);
        }
    }

    private static String seconds(Instant t) {
        return t.getEpochSecond() + "." + String.format("%03d", t.getNano() / 1_000_000);
    }
}
