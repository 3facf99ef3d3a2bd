package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.broker.SharedBroker;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** HTTP listens on loopback unless told otherwise, and /api (and /metrics on request) needs the bearer token when one is set. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HttpAccessTest {

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;

  @Test
  void theApiNeedsTheTokenAndHealthAndMetricsStayOpen() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)
        .set(AnalyzerConfig.HTTP_API_TOKEN, "s3cret-token").start()) {
      assertThat(get(h, "/api/runs", null).statusCode()).isEqualTo(401);
      HttpResponse<String> wrong = get(h, "/api/runs/x", "Bearer s3cret-tokem");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(wrong.body()).contains("http.api-token").doesNotContain("s3cret");
      assertThat(get(h, "/api/runs", "Basic czNjcmV0LXRva2Vu").statusCode()).isEqualTo(401);
      assertThat(get(h, "/api/runs", "Bearer s3cret-token").statusCode()).isEqualTo(200);
      assertThat(get(h, "/api/runs/unknown", "bearer s3cret-token").statusCode()).isEqualTo(404);
      assertThat(get(h, "/metrics", null).statusCode()).isEqualTo(200);
      assertThat(get(h, "/health", null).statusCode()).isIn(200, 503);
    }
  }

  @Test
  void metricsCanNeedTheTokenToo() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)
        .set(AnalyzerConfig.HTTP_API_TOKEN, "t").set(AnalyzerConfig.HTTP_METRICS_NEED_TOKEN, "true").start()) {
      assertThat(get(h, "/metrics", null).statusCode()).isEqualTo(401);
      assertThat(get(h, "/metrics", "Bearer t").statusCode()).isEqualTo(200);
      assertThat(get(h, "/health", null).statusCode()).isIn(200, 503);
    }
    assertThatThrownBy(() -> AnalyzerConfig.of(Map.of(AnalyzerConfig.HTTP_METRICS_NEED_TOKEN, "true")))
        .hasMessageContaining(AnalyzerConfig.HTTP_API_TOKEN);
  }

  @Test
  void byDefaultOnlyLoopbackIsListenedOn() throws Exception {
    InetAddress external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .filter(i -> { try { return i.isUp() && !i.isLoopback(); } catch (Exception e) { return false; } })
        .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
        .filter(a -> a instanceof Inet4Address).findFirst().orElse(null);
    assumeThat(external).as("a non-loopback IPv4 address on this machine").isNotNull();
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      assertThat(get(h, "/health", null).statusCode()).isIn(200, 503);
      assertThatThrownBy(() -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(external, h.service.httpPort()), 2_000);
        }
      }).as("connecting on " + external.getHostAddress()).isInstanceOf(java.io.IOException.class);
    }
  }

  private static HttpResponse<String> get(ServiceHarness h, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.service.httpPort() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
