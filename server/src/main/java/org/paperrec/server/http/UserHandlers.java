package org.paperrec.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Recommender;
import org.paperrec.recommend.profile.Profile;
import org.paperrec.recommend.profile.Profiles;

/**
 * Stored users: creation, and the {@code /v1/users/me} routes on the caller's own profile (behind
 * {@link UserAuth}, which supplies the user ID). Only HTTP is mapped here; {@link Profiles} holds
 * the logic. Thread-safe.
 */
final class UserHandlers {

  private final Profiles profiles;
  private final Recommender recommender;
  private final RequestBodies bodies;

  UserHandlers(Profiles profiles, Recommender recommender, RequestBodies bodies) {
    this.profiles = profiles;
    this.recommender = recommender;
    this.bodies = bodies;
  }

  /**
   * {@code POST /v1/users}: 201 with the new user's ID and token, which no later response repeats.
   * The request must be declared as JSON ({@link RequestBodies#readNoMembers}), so that no web page
   * can create users from its visitors' browsers.
   */
  void create(Context ctx) throws IOException {
    QueryParams.allowOnly(ctx, Set.of());
    bodies.readNoMembers(ctx, Limits.SIGNUP_BODY_BYTES);
    Profiles.NewUser user = profiles.create();
    ctx.status(201)
        .header(Header.LOCATION, "/v1/users/me")
        .header(Header.CACHE_CONTROL, "no-store")
        .json(Responses.userCreated(user));
  }

  /** {@code GET /v1/users/me}. */
  void me(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    ctx.json(Responses.profile(profiles.profile(UserAuth.userId(ctx))));
  }

  /** {@code DELETE /v1/users/me}: erases the user, whose token then stops working. */
  void deleteMe(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    profiles.delete(UserAuth.userId(ctx));
    ctx.status(204);
  }

  /** {@code PUT /v1/users/me/likes/{id}}. */
  void like(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    ctx.json(Responses.feedback(profiles.like(UserAuth.userId(ctx), PaperHandlers.pathId(ctx))));
  }

  /** {@code PUT /v1/users/me/dislikes/{id}}. */
  void dislike(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    ctx.json(Responses.feedback(profiles.dislike(UserAuth.userId(ctx), PaperHandlers.pathId(ctx))));
  }

  /** {@code DELETE /v1/users/me/likes/{id}}: 204 whether or not the paper was liked. */
  void unlike(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    profiles.unlike(UserAuth.userId(ctx), PaperHandlers.pathId(ctx));
    ctx.status(204);
  }

  /** {@code DELETE /v1/users/me/dislikes/{id}}: 204 whether or not the paper was disliked. */
  void undislike(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    profiles.undislike(UserAuth.userId(ctx), PaperHandlers.pathId(ctx));
    ctx.status(204);
  }

  /** {@code POST /v1/users/me/seen}: a JSON array of paper IDs. */
  void seen(Context ctx) throws IOException {
    QueryParams.allowOnly(ctx, Set.of());
    String[] ids = bodies.read(ctx, String[].class, Limits.SEEN_BODY_BYTES);
    ctx.json(Responses.seen(profiles.seen(UserAuth.userId(ctx), Arrays.asList(ids))));
  }

  /**
   * {@code GET /v1/users/me/recommendations}: the options of {@code POST /v1/recommendations} as
   * query parameters; the likes (with their stored times), dislikes and exclusions are the profile's.
   */
  void recommendations(Context ctx) {
    QueryParams.allowOnly(ctx, QueryParams.RECOMMEND);
    recommendForProfile(ctx, QueryParams.recommendOptions(ctx), QueryParams.filter(ctx), null);
  }

  /**
   * {@code POST /v1/users/me/recommendations}: the GET route with the options as a JSON body, which
   * also takes {@code candidates} (a listing page's IDs, too many for a query string). No body or
   * {@code {}} means every default; {@code positive}, {@code liked} and {@code negative} are refused
   * with the reason. The profile's likes, dislikes and exclusions apply as in the GET route; {@link
   * Profiles#toRequest} adds the exclusions to the body's filter, and the recommender applies that
   * filter to candidates too, so a candidate the user liked, disliked or saw (or that fails the
   * filter) is left out, and one not in the corpus is listed in {@code unknownIds}.
   */
  void recommendationsWithOptions(Context ctx) throws IOException {
    QueryParams.allowOnly(ctx, Set.of());
    Requests.MyRecommendationsBody body = bodies.readOrDefault(
        ctx, Requests.MyRecommendationsBody.class, Limits.QUERY_BODY_BYTES, Requests.MyRecommendationsBody.DEFAULTS);
    body.refusePapers();
    recommendForProfile(ctx, body.options(), Requests.filter(body.filter()), Requests.candidates(body.candidates()));
  }

  /**
   * Answers recommendations for the caller's stored profile.
   *
   * @param candidates the only papers to rank, or null for the whole corpus
   */
  private void recommendForProfile(Context ctx, RecommendOptions options, Filter filter, List<String> candidates) {
    Profile profile = profiles.profile(UserAuth.userId(ctx));
    var request = profiles.toRequest(profile, filter, r -> {
      options.applyTo(r);
      r.candidates(candidates);
    });
    ctx.json(Responses.recommendations(recommender.recommend(request)));
  }

  /** {@code GET /v1/users/me/export}: everything stored for the user, as a JSON download. */
  void export(Context ctx) {
    QueryParams.allowOnly(ctx, Set.of());
    String userId = UserAuth.userId(ctx);
    ctx.header(Header.CONTENT_DISPOSITION, "attachment; filename=\"paperrec-user-" + userId + ".json\"")
        .json(Responses.export(profiles.export(userId)));
  }
}
