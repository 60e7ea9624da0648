package org.paperrec.server.http;

/**
 * Every kind of error the API answers, with its HTTP status: the catalogue that {@link
 * ProblemMapper} maps exceptions to and that {@code openapi.json} documents. The {@code type} member
 * of a problem is {@code urn:paperrec:problem:} followed by the slug; errors that Jetty answers
 * before a request reaches the API take the type of their status where there is one (400, 408,
 * 413) and {@code about:blank} otherwise (414, 417, 431, 501, 505).
 */
enum ProblemType {
  INVALID_REQUEST(400, "invalid-request", "Invalid request"),
  MALFORMED_JSON(400, "malformed-json", "Malformed JSON body"),
  JSON_LIMIT_EXCEEDED(400, "json-limit-exceeded", "JSON body exceeds a limit"),
  NO_KNOWN_LIKES(400, "no-known-likes", "No liked paper in the corpus"),
  UNAUTHORIZED(401, "unauthorized", "Admin token required"),
  USER_UNAUTHORIZED(401, "user-unauthorized", "User token required"),
  FORBIDDEN(403, "forbidden", "Admin token rejected"),
  ADMIN_DISABLED(403, "admin-disabled", "Admin routes are disabled"),
  PAPER_NOT_FOUND(404, "paper-not-found", "Paper not found"),
  ROUTE_NOT_FOUND(404, "route-not-found", "No such route"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  REQUEST_TIMEOUT(408, "request-timeout", "Request timeout"),
  PROFILE_FULL(409, "profile-full", "Profile is full"),
  BODY_TOO_LARGE(413, "body-too-large", "Request body too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  MISDIRECTED_REQUEST(421, "misdirected-request", "Misdirected request"),
  RATE_LIMITED(429, "rate-limited", "Too many requests"),
  ADMIN_LOCKED_OUT(429, "admin-locked-out", "Too many wrong admin tokens"),
  EMBEDDING_FAILED(500, "embedding-failed", "Embedding failed"),
  INTERNAL_ERROR(500, "internal-error", "Internal server error"),
  STARTING(503, "starting", "Server is starting"),
  BODIES_IN_TRANSIT(503, "bodies-in-transit", "Too many request bodies in transit"),
  INSUFFICIENT_STORAGE(507, "insufficient-storage", "Disk full");

  private static final String PREFIX = "urn:paperrec:problem:";

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  int status() {
    return status;
  }

  String uri() {
    return PREFIX + slug;
  }

  String title() {
    return title;
  }

  Problem problem(String detail, String instance) {
    return new Problem(uri(), title, status, detail, instance, null);
  }
}
