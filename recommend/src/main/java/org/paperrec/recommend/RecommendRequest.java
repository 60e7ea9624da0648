package org.paperrec.recommend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A stateless recommendation request. IDs are normalised paper IDs. Build one with {@link
 * #builder}; the six-argument constructor is kept for callers that need none of the newer options.
 *
 * @param positive liked papers, 1 to {@link #MAX_PAPERS}; unknown ones are reported, not fatal,
 *     as long as one is known
 * @param negative disliked papers, 0 to {@link #MAX_PAPERS}; they push results away
 * @param strategy how to rank; default {@link Strategy#DEFAULT}
 * @param page which slice of the ranking; default {@link Page#DEFAULT}
 * @param filter which papers may be returned; the positive, negative and {@code exclude} papers
 *     never are; default {@link Filter#NONE}
 * @param candidates when non-null, rank only these papers (e.g. a listing page), at most
 *     {@link #MAX_CANDIDATES}; unknown ones are reported
 * @param likedAt when each liked paper was liked, for {@code likeHalfLifeDays}; keys must be in
 *     {@code positive}; a liked paper without an entry counts as liked now; default empty
 * @param exclude papers never to return besides the inputs, e.g. those the reader has already seen
 *     (merged into the filter's {@code excludeIds}), at most {@link #MAX_EXCLUDE}; default empty
 * @param likeHalfLifeDays time decay of likes: a liked paper's weight is {@code 2^(-(age -
 *     newestAge) / likeHalfLifeDays)}, where {@code age} is the days since it was liked (by the
 *     recommender's clock) and {@code newestAge} that of the most recent like, so the most recent
 *     like weighs 1 and one liked a half-life earlier 1/2. 0 (the default) turns decay off: every
 *     like weighs 1. Otherwise in (0, {@link RankingOptions#MAX_HALF_LIFE_DAYS}]. How each strategy
 *     uses the weights is in {@link Strategy}; they also weight the liked papers' terms in the
 *     lexical query
 * @param maxInterests for {@link Strategy#MULTI_INTEREST}: the most interests (clusters) to form, 1
 *     to {@link #MAX_INTERESTS}; default {@link #DEFAULT_MAX_INTERESTS}
 * @param seed for {@link Strategy#MULTI_INTEREST}: seeds k-means++, so that the same request gives
 *     the same interests; default {@link #DEFAULT_SEED}
 * @param ranking scoring and ordering options shared with similar papers and search (hybrid
 *     lexical weight, recency, diversity); default {@link RankingOptions#RECOMMENDATION_DEFAULT}
 */
public record RecommendRequest(
    List<String> positive,
    List<String> negative,
    Strategy strategy,
    Page page,
    Filter filter,
    List<String> candidates,
    Map<String, Instant> likedAt,
    Set<String> exclude,
    double likeHalfLifeDays,
    int maxInterests,
    long seed,
    RankingOptions ranking) {

  public static final int MAX_PAPERS = 500;
  public static final int MAX_CANDIDATES = 2000;
  public static final int MAX_EXCLUDE = 10_000;
  public static final int DEFAULT_MAX_INTERESTS = 5;
  public static final int MAX_INTERESTS = 10;
  public static final long DEFAULT_SEED = 42;

  public RecommendRequest {
    positive = List.copyOf(Objects.requireNonNull(positive, "positive"));
    negative = negative == null ? List.of() : List.copyOf(negative);
    strategy = strategy == null ? Strategy.DEFAULT : strategy;
    page = page == null ? Page.DEFAULT : page;
    filter = filter == null ? Filter.NONE : filter;
    candidates = candidates == null ? null : List.copyOf(candidates);
    likedAt = likedAt == null ? Map.of() : Map.copyOf(likedAt);
    exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
    ranking = ranking == null ? RankingOptions.RECOMMENDATION_DEFAULT : ranking;
    if (positive.isEmpty()) {
      throw new IllegalArgumentException("positive must name at least one liked paper");
    }
    checkSize("positive", positive.size(), MAX_PAPERS);
    checkSize("negative", negative.size(), MAX_PAPERS);
    if (candidates != null) {
      checkSize("candidates", candidates.size(), MAX_CANDIDATES);
    }
    checkSize("exclude", exclude.size(), MAX_EXCLUDE);
    if (!likedAt.isEmpty()) {
      Set<String> liked = new HashSet<>(positive);
      for (String id : likedAt.keySet()) {
        if (!liked.contains(id)) {
          throw new IllegalArgumentException("likedAt names a paper that is not in positive; likedAt id=" + id);
        }
      }
    }
    if (!(likeHalfLifeDays >= 0 && likeHalfLifeDays <= RankingOptions.MAX_HALF_LIFE_DAYS)) {
      throw new IllegalArgumentException(
          "likeHalfLifeDays must be 0 (no decay) or above 0 and at most " + (long) RankingOptions.MAX_HALF_LIFE_DAYS
              + " days; likeHalfLifeDays=" + likeHalfLifeDays);
    }
    if (maxInterests < 1 || maxInterests > MAX_INTERESTS) {
      throw new IllegalArgumentException(
          "maxInterests must be between 1 and " + MAX_INTERESTS + "; maxInterests=" + maxInterests);
    }
  }

  /** The request before time decay, exclusions and ranking options: all of those at their defaults. */
  public RecommendRequest(
      List<String> positive, List<String> negative, Strategy strategy, Page page, Filter filter, List<String> candidates) {
    this(positive, negative, strategy, page, filter, candidates, null, null, 0, DEFAULT_MAX_INTERESTS, DEFAULT_SEED, null);
  }

  /** A builder for a request that likes {@code positive}, every other field at its default. */
  public static Builder builder(List<String> positive) {
    return new Builder().positive(positive);
  }

  /** A builder for a request whose likes carry times (see {@link Builder#liked}). */
  public static Builder builderOfLiked(Collection<Liked> liked) {
    return new Builder().liked(liked);
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.positive = positive;
    b.negative = negative;
    b.strategy = strategy;
    b.page = page;
    b.filter = filter;
    b.candidates = candidates;
    b.likedAt = new LinkedHashMap<>(likedAt);
    b.exclude = exclude;
    b.likeHalfLifeDays = likeHalfLifeDays;
    b.maxInterests = maxInterests;
    b.seed = seed;
    b.ranking = ranking;
    return b;
  }

  private static void checkSize(String name, int size, int max) {
    if (size > max) {
      throw new IllegalArgumentException(name + " may list at most " + max + " papers; it lists " + size);
    }
  }

  /** Collects the fields of a {@link RecommendRequest}; {@link #build} validates them. Not thread-safe. */
  public static final class Builder {
    private List<String> positive = List.of();
    private List<String> negative;
    private Strategy strategy;
    private Page page;
    private Filter filter;
    private List<String> candidates;
    private Map<String, Instant> likedAt = new LinkedHashMap<>();
    private Collection<String> exclude;
    private double likeHalfLifeDays;
    private int maxInterests = DEFAULT_MAX_INTERESTS;
    private long seed = DEFAULT_SEED;
    private RankingOptions ranking;

    private Builder() {}

    /** Liked papers without times; clears times given before. */
    public Builder positive(List<String> ids) {
      this.positive = ids;
      this.likedAt = new LinkedHashMap<>();
      return this;
    }

    /** Liked papers with the times they were liked (a null time counts as now). */
    public Builder liked(Collection<Liked> liked) {
      List<String> ids = new ArrayList<>(liked.size());
      Map<String, Instant> at = new LinkedHashMap<>();
      for (Liked l : liked) {
        ids.add(l.id());
        if (l.at() != null) {
          at.put(l.id(), l.at());
        }
      }
      this.positive = ids;
      this.likedAt = at;
      return this;
    }

    public Builder negative(List<String> ids) {
      this.negative = ids;
      return this;
    }

    public Builder strategy(Strategy strategy) {
      this.strategy = strategy;
      return this;
    }

    public Builder page(Page page) {
      this.page = page;
      return this;
    }

    public Builder filter(Filter filter) {
      this.filter = filter;
      return this;
    }

    public Builder candidates(List<String> ids) {
      this.candidates = ids;
      return this;
    }

    public Builder exclude(Collection<String> ids) {
      this.exclude = ids;
      return this;
    }

    public Builder likeHalfLifeDays(double days) {
      this.likeHalfLifeDays = days;
      return this;
    }

    public Builder maxInterests(int maxInterests) {
      this.maxInterests = maxInterests;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder ranking(RankingOptions ranking) {
      this.ranking = ranking;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid field and its value */
    public RecommendRequest build() {
      return new RecommendRequest(
          positive, negative, strategy, page, filter, candidates, likedAt,
          exclude == null ? null : new HashSet<>(exclude), likeHalfLifeDays, maxInterests, seed, ranking);
    }
  }
}
