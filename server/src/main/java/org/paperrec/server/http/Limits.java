package org.paperrec.server.http;

import org.paperrec.recommend.Page;
import org.paperrec.recommend.RecommendRequest;

/**
 * The documented limits of the API ({@code openapi.json} states the same numbers). Page limits
 * ({@link Page}), recommendation list sizes ({@link RecommendRequest}) and profile limits ({@link
 * org.paperrec.recommend.profile.ProfileLimits#DEFAULTS}: likes and dislikes per user, IDs per seen
 * call, how long a paper counts as seen) are the domain's own and are not repeated here.
 */
final class Limits {

  /** Largest body of a query ({@code POST /v1/similar}, {@code POST /v1/recommendations}): 1 MiB. */
  static final long QUERY_BODY_BYTES = 1L << 20;

  /** Largest body of {@code POST /v1/papers}: 16 MiB. */
  static final long PAPERS_BODY_BYTES = 16L << 20;

  /** Most papers in one {@code POST /v1/papers}. */
  static final int PAPERS_PER_REQUEST = 1000;

  /** Longest title, in characters (UTF-16 code units). */
  static final int TITLE_CHARS = 1_000;

  /** Longest abstract, in characters. */
  static final int ABSTRACT_CHARS = 20_000;

  /** Longest search query {@code q}, in characters. */
  static final int QUERY_CHARS = 1_000;

  /** Most categories in a filter, and on one paper. */
  static final int CATEGORIES = 50;

  /** Longest category name, e.g. {@code astro-ph.GA}. */
  static final int CATEGORY_CHARS = 40;

  /** Most IDs in a filter's {@code exclude}. */
  static final int EXCLUDED_IDS = RecommendRequest.MAX_CANDIDATES;

  /** Most author names on one paper (large collaborations list thousands). */
  static final int AUTHORS = 10_000;

  /** Longest author name, in characters. */
  static final int AUTHOR_CHARS = 500;

  /** Largest body of {@code POST /v1/users/me/seen}: 1 MiB, room for its 1,000 IDs. */
  static final long SEEN_BODY_BYTES = 1L << 20;

  /** Largest body of {@code POST /v1/users}, which takes {@code {}} or nothing. */
  static final long SIGNUP_BODY_BYTES = 1L << 10;

  private Limits() {}
}
