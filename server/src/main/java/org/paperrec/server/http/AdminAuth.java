package org.paperrec.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import java.security.MessageDigest;

/**
 * Guards admin routes with a bearer token. Without a configured token admin routes always refuse
 * (403), so they never run unauthenticated. Tokens are compared as SHA-256 digests with {@link
 * MessageDigest#isEqual}, in constant time that does not depend on where they differ nor on their
 * lengths. Wrong tokens are limited per address ({@link RateLimiter#adminAttempt}): past the limit
 * every admin request from that address gets 429, the right token included, so guessing stays slow.
 * Thread-safe.
 */
final class AdminAuth {

  /** Digest of the admin token, or null when admin routes are off. */
  private final byte[] tokenDigest;
  private final RateLimiter limiter;

  AdminAuth(String adminToken) {
    this(adminToken, RateLimiter.off());
  }

  AdminAuth(String adminToken, RateLimiter limiter) {
    this.tokenDigest = adminToken == null ? null : BearerToken.sha256(adminToken);
    this.limiter = limiter;
  }

  /** {@code handler}, run only for requests that carry the admin token. */
  Handler guard(Handler handler) {
    return ctx -> {
      check(ctx);
      handler.handle(ctx);
    };
  }

  private void check(Context ctx) {
    if (tokenDigest == null) {
      throw new ProblemException(
          ProblemType.ADMIN_DISABLED,
          "admin routes are disabled because this server has no admin token; its operator must set the"
              + " environment variable PAPERREC_ADMIN_TOKEN and restart it");
    }
    String header = ctx.header(Header.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw new ProblemException(
          ProblemType.UNAUTHORIZED, "this route needs the admin token: send 'Authorization: Bearer <token>'");
    }
    String token = BearerToken.of(header);
    if (token == null) {
      throw new ProblemException(
          ProblemType.UNAUTHORIZED,
          "the Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'");
    }
    limiter.adminAttempt(ctx);
    byte[] given = BearerToken.sha256(token);
    if (!MessageDigest.isEqual(given, tokenDigest)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN, "the admin token is not the one this server was started with (PAPERREC_ADMIN_TOKEN)");
    }
    limiter.adminTokenAccepted(ctx);
  }
}
