package org.paperrec.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.Set;
import org.paperrec.recommend.Recommender;

/**
 * Queries that are not about one paper of the corpus: neighbours of a text, semantic search and
 * stateless recommendations. Thread-safe.
 */
final class QueryHandlers {

  private static final Set<String> SEARCH_PARAMS = QueryParams.union(QueryParams.RANKED, Set.of("q"));

  private final Recommender recommender;
  private final RequestBodies bodies;

  QueryHandlers(Recommender recommender, RequestBodies bodies) {
    this.recommender = recommender;
    this.bodies = bodies;
  }

  /** {@code POST /v1/similar}: neighbours of a paper given by title and abstract. */
  void similarToText(Context ctx) throws IOException {
    QueryParams.allowOnly(ctx, Set.of());
    Requests.SimilarTextBody body = bodies.read(ctx, Requests.SimilarTextBody.class, Limits.QUERY_BODY_BYTES);
    String title = Validation.text(body.title(), "title", Limits.TITLE_CHARS);
    String abstractText = Validation.text(body.abstractText(), "abstract", Limits.ABSTRACT_CHARS);
    var results = recommender.similarToText(
        title, abstractText, Validation.page(body.limit(), body.offset()), Requests.filter(body.filter()), body.ranking());
    ctx.json(new Responses.ResultsJson(Responses.results(results)));
  }

  /** {@code GET /v1/search?q=}: papers nearest to a free-text query. */
  void search(Context ctx) {
    QueryParams.allowOnly(ctx, SEARCH_PARAMS);
    String q = Validation.text(QueryParams.single(ctx, "q"), "q", Limits.QUERY_CHARS);
    var results = recommender.search(q, QueryParams.page(ctx), QueryParams.filter(ctx), QueryParams.ranking(ctx));
    ctx.json(new Responses.SearchJson(q, Responses.results(results)));
  }

  /** {@code POST /v1/recommendations}: ranks papers for liked and disliked ones. */
  void recommend(Context ctx) throws IOException {
    QueryParams.allowOnly(ctx, Set.of());
    Requests.RecommendationsBody body =
        bodies.read(ctx, Requests.RecommendationsBody.class, Limits.QUERY_BODY_BYTES);
    ctx.json(Responses.recommendations(recommender.recommend(Requests.recommendRequest(body))));
  }
}
