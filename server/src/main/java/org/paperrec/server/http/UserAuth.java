package org.paperrec.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.Header;
import org.paperrec.recommend.profile.Profiles;

/**
 * Guards the {@code /v1/users/me} routes with the user's own bearer token (the one {@code POST
 * /v1/users} returned; never the admin token). A request without a token, with another scheme, with
 * a malformed token or with a token of no user is answered 401 {@code user-unauthorized}; a
 * request that passes carries its user's ID for the handler ({@link #userId}), so a handler can
 * only ever reach the caller's own data. Responses are marked {@code Cache-Control: no-store}:
 * they hold personal data. Thread-safe.
 */
final class UserAuth {

  private static final String USER_ID = "paperrec.userId";

  private final Profiles profiles;

  UserAuth(Profiles profiles) {
    this.profiles = profiles;
  }

  /** {@code handler}, run only for requests that carry a user's token. */
  Handler guard(Handler handler) {
    return ctx -> {
      ctx.header(Header.CACHE_CONTROL, "no-store");
      ctx.attribute(USER_ID, authenticate(ctx));
      handler.handle(ctx);
    };
  }

  /** The ID of the user whose token the request carries; only for handlers behind {@link #guard}. */
  static String userId(Context ctx) {
    String id = ctx.attribute(USER_ID);
    if (id == null) {
      throw new IllegalStateException(ctx.method() + " " + ctx.path() + " is not registered behind UserAuth");
    }
    return id;
  }

  private String authenticate(Context ctx) {
    String header = ctx.header(Header.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      throw unauthorized("this route needs your user token: send 'Authorization: Bearer <token>' with the token"
          + " that POST /v1/users returned");
    }
    String token = BearerToken.of(header);
    if (token == null) {
      throw unauthorized("the Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'");
    }
    if (!Profiles.isWellFormedToken(token)) {
      throw unauthorized("the bearer token is not a paperrec user token (" + Profiles.TOKEN_CHARS
          + " characters of base64url, as POST /v1/users returned it)");
    }
    return profiles.authenticate(token).orElseThrow(() -> unauthorized(
        "the bearer token belongs to no user (a deleted user's token stops working); create a user with"
            + " POST /v1/users"));
  }

  private static ProblemException unauthorized(String detail) {
    return new ProblemException(ProblemType.USER_UNAUTHORIZED, detail);
  }
}
