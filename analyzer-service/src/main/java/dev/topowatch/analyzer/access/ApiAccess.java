package dev.topowatch.analyzer.access;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Who may read the analyzer's data over HTTP. Without {@code http.api-token}, everyone who can reach
 * the port. With it, {@code /api/*} (and {@code /metrics} with {@code http.metrics-need-token})
 * needs the bearer header or a session cookie from {@code POST /api/session} ({@link
 * SessionRoutes}); {@code /api/session} itself, the page's files and {@code /health} stay open.
 */
public final class ApiAccess {

  /** Logins kept at once, at most: plenty for a team's browsers, and a bound on memory. */
  static final int MAX_SESSIONS = 1000;

  /** Routing-context key of the check that a request let in by a session is still allowed. */
  static final String STILL_ALLOWED = "topowatch.access.still-allowed";

  private ApiAccess() {}

  /**
   * Whether the request may still be answered: false once the session that let it in has ended
   * (logout, expiry). For answers that stream for hours; a bearer token cannot change while the
   * analyzer runs, so bearer requests stay allowed.
   */
  public static boolean stillAllowed(RoutingContext ctx) {
    BooleanSupplier check = ctx.get(STILL_ALLOWED);
    return check == null || check.getAsBoolean();
  }

  /** Adds the session routes and the guard; call before any other route is added, so the guard comes first. */
  public static void mount(Router router, AnalyzerConfig config) {
    Optional<ApiToken> token = config.apiToken().map(ApiToken::new);
    Sessions sessions = new Sessions(config.sessionTtl(), MAX_SESSIONS, System::currentTimeMillis);
    SessionRoutes routes = new SessionRoutes(token, sessions);
    router.get("/api/session").handler(routes::status);
    router.post("/api/session").handler(BodyHandler.create(false).setBodyLimit(SessionRoutes.MAX_BODY_BYTES)).handler(routes::login)
        .failureHandler(routes::unreadable);
    router.delete("/api/session").handler(routes::logout);
    token.ifPresent(t -> {
      AccessGuard guard = new AccessGuard(t, sessions);
      router.route("/api/*").handler(guard);
      if (config.metricsNeedToken()) {
        router.route("/metrics").handler(guard);
      }
    });
  }
}
