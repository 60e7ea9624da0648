package org.paperrec.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.Header;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CORS for browser extensions ({@code chrome-extension://...}, {@code moz-extension://...}) and the
 * configured origins, matched exactly. An allowed origin gets {@code Access-Control-Allow-Origin}
 * set to itself (never {@code *}) and {@code Access-Control-Expose-Headers: ETag}, so that a script
 * can read the ETag and revalidate with it; a preflight from it is answered here with 204 and the
 * allowed methods and headers. Any other origin gets no CORS headers, so the browser blocks it. Every
 * response carries {@code Vary: Origin} because its headers depend on that request header.
 *
 * <p>Javalin's bundled CORS plugin is not used: its wildcards only cover subdomains
 * ({@code https://*.example.org}), not an extension scheme with any ID, and it answers a disallowed
 * origin with 400 instead of leaving the headers out. Thread-safe.
 */
final class Cors {

  static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE";
  static final String ALLOWED_HEADERS = "Content-Type, Authorization";
  /** Response headers a script may read besides the CORS-safelisted ones (Content-Type, Cache-Control, ...). */
  static final String EXPOSED_HEADERS = "ETag";
  /** How long a browser may cache a preflight answer: 10 minutes (Chrome caps it at 2 hours). */
  static final int MAX_AGE_SECONDS = 600;

  private static final Pattern EXTENSION = Pattern.compile("(?:chrome|moz)-extension://[A-Za-z0-9\\-]+");

  private final Set<String> origins;

  Cors(List<String> allowedOrigins) {
    this.origins = Set.copyOf(allowedOrigins);
  }

  /** A before-handler for every path. */
  void handle(Context ctx) {
    ctx.header(Header.VARY, Header.ORIGIN);
    String origin = ctx.header(Header.ORIGIN);
    if (origin == null || !allowed(origin)) {
      return;
    }
    ctx.header(Header.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    ctx.header(Header.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    if (ctx.method().equals(HandlerType.OPTIONS) && ctx.header(Header.ACCESS_CONTROL_REQUEST_METHOD) != null) {
      ctx.header(Header.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
      ctx.header(Header.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
      ctx.header(Header.ACCESS_CONTROL_MAX_AGE, Integer.toString(MAX_AGE_SECONDS));
      ctx.status(204);
      ctx.skipRemainingHandlers();
    }
  }

  boolean allowed(String origin) {
    return EXTENSION.matcher(origin).matches() || origins.contains(origin);
  }
}
