package dev.topowatch.it.web;

import static dev.topowatch.it.web.PageProbe.js;
import static dev.topowatch.it.web.PageProbe.points;
import static dev.topowatch.it.web.PageProbe.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.service.AnalyzerService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The page on an analyzer with {@code http.api-token}, in headless Chromium: a run's link opened
 * cold shows the login form and no data; a wrong token is refused; the right one opens the run's
 * page, which then updates live over server-sent events on the session cookie, a cookie the page's
 * scripts cannot read; a session ended elsewhere, and logging out, bring the form back and the API
 * refuses the browser again.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // about 20 s on an idle 2-core machine
class WebLoginBrowserTest {

  private static final String TOKEN = "page-token-" + Long.toString(System.nanoTime(), 36);
  private static final String RUN = "login-run";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** Everything here is already in the analyzer or a step away: the page's own speed, not training's. */
  private static final Duration SETTLE = Duration.ofSeconds(90);

  @Test
  void thePageAsksForTheTokenOnceThenShowsTheRunLive(@TempDir Path dir) throws Exception {
    try (AnalyzerService analyzer = AnalyzerService.start(AnalyzerConfig.of(Map.of(
            AnalyzerConfig.HTTP_PORT, "0",
            AnalyzerConfig.KAFKA_PORT, "0",
            AnalyzerConfig.DATA_DIR, dir.toString(),
            AnalyzerConfig.HTTP_API_TOKEN, TOKEN)));
        SyntheticRun run = new SyntheticRun(analyzer.bootstrapServers(), RUN, 3);
        HeadlessChromium chromium = new HeadlessChromium(1200, 900)) {
      run.started();
      for (long step = 0; step < 3; step++) {
        run.step(step);
      }
      WebDriver driver = chromium.driver;
      String base = "http://127.0.0.1:" + analyzer.httpPort();
      driver.get(base + "/runs/" + RUN);

      await().atMost(SETTLE).ignoreExceptions().until(() -> driver.findElement(By.cssSelector("form[data-view=login]")).isDisplayed());
      assertThat(driver.findElements(By.cssSelector("[data-chart]"))).as("no data before the login").isEmpty();
      chromium.screenshot(Path.of("target", "screenshots", "login-form.png"));
      submit(driver, TOKEN + "-wrong");
      await().atMost(SETTLE).until(() -> text(driver, "form[data-view=login] [role=alert]").equals("Wrong token."));
      submit(driver, TOKEN);

      await().atMost(SETTLE).until(() -> points(driver, "theta") > 0 && points(driver, "loss") == 3);
      assertThat(driver.getCurrentUrl()).as("the same address after the login").isEqualTo(base + "/runs/" + RUN);
      assertThat(String.valueOf(js(driver, "return document.cookie"))).as("the session is HttpOnly").doesNotContain("topowatch_session");
      chromium.screenshot(Path.of("target", "screenshots", "login-run-page.png"));

      // Live updates ride on the cookie: EventSource cannot send the bearer header.
      run.step(3);
      run.step(4);
      await().atMost(SETTLE).until(() -> text(driver, "[data-tile=step] strong").equals("4") && points(driver, "loss") == 5);

      // The session ends elsewhere (a logout in another tab): the open stream ends, the page asks again.
      Map<String, Object> cookie = sessionCookie(chromium);
      assertThat(cookie).containsEntry("httpOnly", true).containsEntry("sameSite", "Strict");
      HttpResponse<Void> elsewhere = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).DELETE()
          .header("Cookie", cookie.get("name") + "=" + cookie.get("value")).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(elsewhere.statusCode()).isEqualTo(204);
      run.step(5);
      await().atMost(SETTLE).ignoreExceptions().until(() -> driver.findElement(By.cssSelector("form[data-view=login]")).isDisplayed());

      submit(driver, TOKEN);
      await().atMost(SETTLE).until(() -> text(driver, "[data-tile=step] strong").equals("5") && points(driver, "loss") == 6);
      driver.findElement(By.cssSelector("button[data-action=logout]")).click();
      await().atMost(SETTLE).ignoreExceptions().until(() -> driver.findElement(By.cssSelector("form[data-view=login]")).isDisplayed());
      // Expected: the refused wrong token, and the live stream refused once its session had ended.
      assertThat(chromium.consoleErrors()).as("console errors but the refused calls")
          .allSatisfy(e -> assertThat(e).containsAnyOf("/api/session", "/api/events").containsAnyOf("401", "MIME type"));
      Object status = ((JavascriptExecutor) driver).executeAsyncScript(
          "const done = arguments[arguments.length - 1]; fetch('/api/runs').then(r => done(r.status), e => done(String(e)));");
      assertThat(status).as("the API after logout").isEqualTo(401L);
    }
  }

  /** The page's session cookie as the browser holds it (read through DevTools: scripts cannot see it). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> sessionCookie(HeadlessChromium chromium) {
    List<Map<String, Object>> cookies = (List<Map<String, Object>>) chromium.driver.executeCdpCommand("Network.getCookies", Map.of()).get("cookies");
    return cookies.stream().filter(c -> String.valueOf(c.get("name")).startsWith("topowatch_session")).findFirst().orElseThrow();
  }

  private static void submit(WebDriver driver, String token) {
    WebElement input = driver.findElement(By.cssSelector("form[data-view=login] input[name=token]"));
    input.clear();
    input.sendKeys(token);
    driver.findElement(By.cssSelector("form[data-view=login] button[type=submit]")).click();
  }
}
