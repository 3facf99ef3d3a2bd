package dev.topowatch.it.web;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/** Reads what the page shows, in the page itself (one script each), since its views redraw live under Selenium's feet. */
final class PageProbe {

  private PageProbe() {}

  /** The chart's data-points attribute: the values it was given (-1 before it exists). */
  static long points(WebDriver driver, String chart) {
    Object n = js(driver, "const e = document.querySelector(arguments[0]); return e ? e.dataset.points ?? null : null;",
        "[data-chart='" + chart + "']");
    return n == null ? -1 : Long.parseLong(String.valueOf(n));
  }

  /** The element's visible text, or "" when there is none. */
  static String text(WebDriver driver, String css) {
    return String.valueOf(js(driver, "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';", css));
  }

  static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }
}
