package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.broker.SharedBroker;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page's login with {@code http.api-token} set: {@code POST /api/session} with the token sets
 * an HttpOnly, SameSite=Strict session cookie that the guard accepts like the bearer header, on
 * {@code /api}, on the live events and on {@code /metrics} when it needs the token; logout and
 * expiry end it on the server, whatever the browser keeps.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WebLoginTest {

  private static final String TOKEN = "correct-horse-battery-staple";

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dataDir;

  @Test
  void aLoginSetsASessionCookieThatOpensTheApiAndTheLiveEventsUntilLogout() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)
        .set(AnalyzerConfig.HTTP_API_TOKEN, TOKEN).set(AnalyzerConfig.HTTP_METRICS_NEED_TOKEN, "true").start()) {
      assertThat(send(get(h, "/api/runs")).statusCode()).isEqualTo(401);
      assertThat(send(get(h, "/api/runs").header("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
      JsonObject before = new JsonObject(send(get(h, "/api/session")).body());
      assertThat(before.getBoolean("token_required")).isTrue();
      assertThat(before.getBoolean("authenticated")).isFalse();

      HttpResponse<String> login = send(login(h, TOKEN));
      assertThat(login.statusCode()).isEqualTo(200);
      String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
      String name = "topowatch_session_" + h.service.httpPort();
      assertThat(setCookie).startsWith(name + "=").containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict")
          .contains("Path=/").contains("Max-Age=43200").doesNotContain(TOKEN).doesNotContain("Secure");
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      assertThat(cookie.substring(name.length() + 1)).hasSize(43);

      assertThat(send(get(h, "/api/runs").header("Cookie", cookie)).statusCode()).isEqualTo(200);
      assertThat(send(get(h, "/metrics").header("Cookie", cookie)).statusCode()).isEqualTo(200);
      JsonObject session = new JsonObject(send(get(h, "/api/session").header("Cookie", cookie)).body());
      assertThat(session.getBoolean("authenticated")).isTrue();
      assertThat(session.getLong("expires_unix_ms")).isGreaterThan(System.currentTimeMillis() + Duration.ofHours(11).toMillis());

      assertThat(send(get(h, "/api/events")).statusCode()).as("the events without a session").isEqualTo(401);
      // The page's live events: EventSource sends the cookie, and the stream carries the run's rows...
      try (WebApiTest.EventStream events = WebApiTest.EventStream.open(h.service.httpPort(), "/api/events?run=in", "Cookie", cookie)) {
        h.send(Samples.runStarted("in", 2, 1, 0.5));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.text().contains("event: run\ndata: {\"run_id\":\"in\""));

        HttpResponse<String> logout = send(HttpRequest.newBuilder().DELETE().uri(uri(h, "/api/session")).header("Cookie", cookie));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("set-cookie").orElseThrow()).startsWith(name + "=;").contains("Max-Age=0");
        // ...until the session ends: the stream it let in ends at its next event.
        h.send(Samples.sample("in", 0, 0, 0, Samples.ring(), 7, 7).build());
        await().atMost(Duration.ofSeconds(30)).until(events::ended);
      }
      // A browser that kept the cookie gets nothing more: the session ended on the server.
      assertThat(send(get(h, "/api/runs").header("Cookie", cookie)).statusCode()).isEqualTo(401);
      assertThat(send(get(h, "/metrics").header("Cookie", cookie)).statusCode()).isEqualTo(401);
      assertThat(new JsonObject(send(get(h, "/api/session").header("Cookie", cookie)).body()).getBoolean("authenticated")).isFalse();
      assertThat(send(get(h, "/api/runs").header("Authorization", "Bearer " + TOKEN)).statusCode()).as("scripts unaffected").isEqualTo(200);
    }
  }

  @Test
  void aWrongTokenOrAnUnsafeRequestGetsNoSession() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).set(AnalyzerConfig.HTTP_API_TOKEN, TOKEN).start()) {
      HttpResponse<String> wrong = send(login(h, TOKEN + "x"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().allValues("set-cookie")).isEmpty();
      assertThat(wrong.body()).doesNotContain(TOKEN);
      // A plain HTML form from another site posts form data: refused, the token never read.
      HttpResponse<String> form = send(HttpRequest.newBuilder().uri(uri(h, "/api/session"))
          .header("content-type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
      assertThat(form.statusCode()).isEqualTo(415);
      assertThat(form.headers().allValues("set-cookie")).isEmpty();
      assertThat(send(HttpRequest.newBuilder().uri(uri(h, "/api/session")).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"token\": 42}"))).statusCode()).isEqualTo(400);
      assertThat(send(HttpRequest.newBuilder().uri(uri(h, "/api/session")).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + "x".repeat(10_000) + "\"}"))).statusCode()).isEqualTo(413);
      // A made-up or stale cookie is no session; nor is the token in the query string (it would end up in logs).
      String name = "topowatch_session_" + h.service.httpPort();
      assertThat(send(get(h, "/api/runs").header("Cookie", name + "=" + "A".repeat(43))).statusCode()).isEqualTo(401);
      assertThat(send(get(h, "/api/runs").header("Cookie", name + "=" + TOKEN)).statusCode()).isEqualTo(401);
      assertThat(send(get(h, "/api/runs?token=" + TOKEN + "&access_token=" + TOKEN)).statusCode()).isEqualTo(401);
      // /metrics stays open for Prometheus unless told otherwise; the page's files are always served.
      assertThat(send(get(h, "/metrics")).statusCode()).isEqualTo(200);
      assertThat(send(get(h, "/")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aSessionExpiresAfterItsLifetime() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)
        .set(AnalyzerConfig.HTTP_API_TOKEN, TOKEN).set(AnalyzerConfig.HTTP_SESSION_TTL, "2s").start()) {
      HttpResponse<String> login = send(login(h, TOKEN));
      String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
      assertThat(setCookie).contains("Max-Age=2");
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      long loggedIn = System.nanoTime();
      assertThat(send(get(h, "/api/runs").header("Cookie", cookie)).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> send(get(h, "/api/runs").header("Cookie", cookie)).statusCode() == 401);
      assertThat(Duration.ofNanos(System.nanoTime() - loggedIn)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }
  }

  @Test
  void withoutATokenThereIsNothingToLogInTo() throws Exception {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      JsonObject session = new JsonObject(send(get(h, "/api/session")).body());
      assertThat(session.getBoolean("token_required")).isFalse();
      assertThat(session.getBoolean("authenticated")).isTrue();
      assertThat(send(login(h, "anything")).statusCode()).isEqualTo(400);
      assertThat(send(get(h, "/api/runs")).statusCode()).isEqualTo(200);
    }
  }

  private static HttpRequest.Builder login(ServiceHarness h, String token) {
    return HttpRequest.newBuilder(uri(h, "/api/session")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("token", token).encode()));
  }

  private static HttpRequest.Builder get(ServiceHarness h, String path) {
    return HttpRequest.newBuilder(uri(h, path));
  }

  private static URI uri(ServiceHarness h, String path) {
    return URI.create("http://127.0.0.1:" + h.service.httpPort() + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
