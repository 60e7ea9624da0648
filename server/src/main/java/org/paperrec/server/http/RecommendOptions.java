package org.paperrec.server.http;

import org.paperrec.recommend.Page;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.recommend.Strategy;

/**
 * The options every recommendation route takes besides the papers: JSON fields of {@code POST
 * /v1/recommendations} and {@code POST /v1/users/me/recommendations}, query parameters of {@code GET
 * /v1/users/me/recommendations}. A null option was not sent and keeps {@link RecommendRequest}'s
 * default, so that the defaults live in the recommend module only ({@link Strategy#DEFAULT}, {@link
 * RankingOptions#DEFAULT}, ...).
 *
 * @param strategy null for the default
 * @param page never null: absent paging values already took {@link Page}'s defaults
 * @param ranking never null: absent values already took {@link RankingOptions#DEFAULT}'s
 * @param likeHalfLifeDays null for the default (no decay)
 * @param maxInterests null for the default
 * @param seed null for the default
 */
record RecommendOptions(
    Strategy strategy, Page page, RankingOptions ranking, Double likeHalfLifeDays, Integer maxInterests, Long seed) {

  /** Sets the options that were sent on {@code request}; range checks happen in its {@code build()}. */
  void applyTo(RecommendRequest.Builder request) {
    request.page(page).ranking(ranking);
    if (strategy != null) {
      request.strategy(strategy);
    }
    if (likeHalfLifeDays != null) {
      request.likeHalfLifeDays(likeHalfLifeDays);
    }
    if (maxInterests != null) {
      request.maxInterests(maxInterests);
    }
    if (seed != null) {
      request.seed(seed);
    }
  }

  /** A strategy's API name parsed, or null when none was sent. */
  static Strategy strategy(String raw) {
    return raw == null ? null : Strategy.parse(raw);
  }
}
