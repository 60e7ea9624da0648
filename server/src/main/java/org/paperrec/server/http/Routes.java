package org.paperrec.server.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * The route table of the API, in registration order. {@code openapi.json} documents exactly these
 * routes (a test checks it against the routes Javalin registered). {@link HttpApi} also registers
 * every GET route for HEAD, which the document states once rather than per route.
 *
 * <p>Paths use Javalin syntax: {@code <id>} is a path parameter that may contain slashes, so that
 * old-style arXiv IDs ({@code hep-ph/0307015}) and DOIs ({@code doi:10.1145/3292500.3330701}) work
 * unencoded. Javalin takes the first route that matches, so {@code /v1/papers/<id>/similar} comes
 * before {@code /v1/papers/<id>}, which would otherwise swallow it. The {@code /v1/users/me} routes
 * act on the user whose token the request carries; no route takes another user's ID. The web page's
 * static files under {@code /app/} are not routes: see {@link WebPage}.
 */
final class Routes {

  /** Who may call a route. */
  enum Access {
    PUBLIC,
    /** Needs the admin bearer token, see {@link AdminAuth}. */
    ADMIN,
    /** Needs a user's own bearer token and acts on that user only, see {@link UserAuth}. */
    USER,
    /**
     * Creating a user: public while sign-up is open ({@link ApiSettings#openSignup()}, the default),
     * otherwise behind {@link AdminAuth}.
     */
    SIGNUP
  }

  /**
   * Which rate limit of {@link RateLimitSettings} a route's requests count against, per address and
   * per token ({@link RateLimiter}). Reads of one paper or one profile and the service routes have
   * none: each is a few point reads.
   */
  enum Limit {
    NONE,
    /** {@link RateLimitSettings#signupsPerMinute()}. */
    SIGNUP,
    /** {@link RateLimitSettings#writesPerSecond()}: anything that writes to the store. */
    WRITE,
    /** {@link RateLimitSettings#queriesPerSecond()}: an embedding, a vector search or a ranking. */
    QUERY
  }

  record Route(HandlerType method, String path, Access access, Limit limit, Handler handler) {

    /** A route without a rate limit. */
    Route(HandlerType method, String path, Access access, Handler handler) {
      this(method, path, access, Limit.NONE, handler);
    }
  }

  private Routes() {}

  static List<Route> table(
      PaperHandlers papers, QueryHandlers queries, UserHandlers users, InfoHandlers info, AdminHandlers admin,
      WebPage web) {
    return List.of(
        new Route(GET, "/", Access.PUBLIC, web::index),
        new Route(GET, "/health", Access.PUBLIC, info::health),
        new Route(GET, "/openapi.json", Access.PUBLIC, info::openApi),
        new Route(GET, "/v1/papers/<id>/similar", Access.PUBLIC, Limit.QUERY, papers::similar),
        new Route(GET, "/v1/papers/<id>", Access.PUBLIC, papers::get),
        new Route(POST, "/v1/papers", Access.ADMIN, Limit.WRITE, papers::upsert),
        new Route(DELETE, "/v1/papers/<id>", Access.ADMIN, Limit.WRITE, papers::delete),
        new Route(GET, "/v1/sources", Access.ADMIN, info::sources),
        new Route(GET, "/metrics", Access.ADMIN, info::metrics),
        new Route(POST, "/v1/admin/backup", Access.ADMIN, Limit.WRITE, admin::backup),
        new Route(POST, "/v1/similar", Access.PUBLIC, Limit.QUERY, queries::similarToText),
        new Route(GET, "/v1/search", Access.PUBLIC, Limit.QUERY, queries::search),
        new Route(POST, "/v1/recommendations", Access.PUBLIC, Limit.QUERY, queries::recommend),
        new Route(POST, "/v1/users", Access.SIGNUP, Limit.SIGNUP, users::create),
        new Route(GET, "/v1/users/me", Access.USER, users::me),
        new Route(DELETE, "/v1/users/me", Access.USER, Limit.WRITE, users::deleteMe),
        new Route(PUT, "/v1/users/me/likes/<id>", Access.USER, Limit.WRITE, users::like),
        new Route(DELETE, "/v1/users/me/likes/<id>", Access.USER, Limit.WRITE, users::unlike),
        new Route(PUT, "/v1/users/me/dislikes/<id>", Access.USER, Limit.WRITE, users::dislike),
        new Route(DELETE, "/v1/users/me/dislikes/<id>", Access.USER, Limit.WRITE, users::undislike),
        new Route(POST, "/v1/users/me/seen", Access.USER, Limit.WRITE, users::seen),
        new Route(GET, "/v1/users/me/recommendations", Access.USER, Limit.QUERY, users::recommendations),
        new Route(POST, "/v1/users/me/recommendations", Access.USER, Limit.QUERY, users::recommendationsWithOptions),
        new Route(GET, "/v1/users/me/export", Access.USER, users::export));
  }
}
