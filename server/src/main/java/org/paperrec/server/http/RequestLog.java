package org.paperrec.server.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.Locale;
import org.paperrec.server.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Javalin's request logger: every answered request is one structured line on the logger {@value
 * #LOGGER} and one observation of the {@code http.server.requests} histogram.
 *
 * <p>The line is logfmt ({@code method=GET route=/v1/papers/<id>/similar status=200 ms=3.2}) so that
 * log tools parse it without a pattern. It names the route template, never the path, the query,
 * a header or a body: paths carry paper IDs and queries carry what a person searched for, headers
 * carry tokens. Silence it with {@code -Dorg.slf4j.simpleLogger.log.paperrec.requests=warn}.
 */
final class RequestLog {

  static final String LOGGER = "paperrec.requests";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final ServerMetrics metrics;

  RequestLog(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  void handle(Context ctx, Float millis) {
    String method = ctx.method().name();
    String route = route(ctx);
    int status = ctx.statusCode();
    metrics.request(method, route, status, (long) (millis * 1_000_000.0));
    String limit = ctx.attribute(RateLimiter.REFUSED_BY);
    if (limit != null) {
      metrics.rateLimited(limit);
    }
    if (LOG.isInfoEnabled()) {
      LOG.info("method={} route={} status={} ms={}", method, route, status, String.format(Locale.ROOT, "%.1f", millis));
    }
  }

  /** The matched route's template; the web page's files as one route; anything else as unmatched. */
  static String route(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    if (endpoint != null) {
      return endpoint.path;
    }
    return ctx.path().startsWith(WebPage.HOSTED_PATH + "/") ? WebPage.HOSTED_PATH + "/*" : ServerMetrics.UNMATCHED;
  }
}
