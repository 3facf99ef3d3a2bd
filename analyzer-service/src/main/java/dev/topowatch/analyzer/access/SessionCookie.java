package dev.topowatch.analyzer.access;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.time.Duration;

/**
 * The cookie that carries a session id: {@code HttpOnly} (the page's scripts never see it),
 * {@code SameSite=Strict} (no other site's page can make the browser send it), {@code Path=/},
 * {@code Max-Age} the session's lifetime, and {@code Secure} when the browser reached the analyzer
 * over HTTPS (directly or through a proxy that says so in {@code X-Forwarded-Proto}).
 *
 * <p>Browsers keep cookies per host, not per port: the name carries the port the browser used, so
 * two analyzers on one machine (say the demo and a {@code serve}) do not log each other out.
 */
final class SessionCookie {

  static final String NAME = "topowatch_session";

  private SessionCookie() {}

  /** The session id the request carries, or null. */
  static String read(HttpServerRequest request) {
    Cookie cookie = request.getCookie(name(request));
    return cookie == null ? null : cookie.getValue();
  }

  /** The cookie that sets a new session. */
  static Cookie of(HttpServerRequest request, String sessionId, Duration ttl) {
    return base(request, sessionId).setMaxAge(ttl.toSeconds());
  }

  /** The cookie that makes the browser forget the session (logout). */
  static Cookie expired(HttpServerRequest request) {
    return base(request, "").setMaxAge(0);
  }

  static String name(HttpServerRequest request) {
    HostAndPort authority = request.authority();
    return authority != null && authority.port() > 0 ? NAME + "_" + authority.port() : NAME;
  }

  private static Cookie base(HttpServerRequest request, String value) {
    boolean https = request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    return Cookie.cookie(name(request), value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(https);
  }
}
