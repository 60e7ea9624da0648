package org.paperrec.recommend;

import java.util.ArrayList;
import java.util.List;
import org.paperrec.recommend.index.VectorScorer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How recommendations are ranked from liked (positive) and disliked (negative) papers. Every
 * vector is a unit vector, so a dot product is a cosine similarity.
 */
public enum Strategy {

  /**
   * Rocchio: the query is {@code normalise(weightedMean(positives) - NEGATIVE_WEIGHT *
   * mean(negatives))} and a candidate's score is its cosine to that query, in [-1, 1]. The weights
   * are 1, or the decayed like weights (see {@link RecommendRequest#likeHalfLifeDays()}). One graph search;
   * good for a focused profile.
   */
  CENTROID {
    @Override
    Plan plan(Likes likes, RecommendRequest request) {
      float[] query = Plan.rocchio(likes, null);
      return Plan.single(new Plan.Query(List.of(query), VectorScorer.cosine(query), null));
    }
  },

  /**
   * Best score: {@code max over positives p of w_p * cos(c, p) - NEGATIVE_WEIGHT * max(0, max over
   * negatives n of cos(c, n))}, clamped to [-1, 1], where {@code w_p} is 1, or the decayed like
   * weight of {@code p} (the most recent like weighs 1). Candidates come from one graph search per
   * liked paper (at most {@link Plan#MAX_PROBES}); keeps several interests apart where a centroid
   * would average them away.
   */
  BEST_SCORE {
    @Override
    Plan plan(Likes likes, RecommendRequest request) {
      return Plan.single(new Plan.Query(Plan.probes(likes), Plan.bestScore(likes), null));
    }
  },

  /**
   * Multi-interest: the liked papers are clustered with k-means++ (Apache Commons Math's {@code
   * KMeansPlusPlusClusterer}, Euclidean distance on the unit vectors, at most 100 iterations, the
   * best of 10 runs by within-cluster sum of squared distances, its random choices seeded by {@link
   * RecommendRequest#seed()}) into {@code k} interests,
   *
   * <pre>
   * k = 1                                                   for 1 or 2 liked papers
   * k = min(maxInterests, distinct liked vectors, max(1, round(sqrt(likes / 2))))  otherwise
   * </pre>
   *
   * (the usual rule of thumb {@code sqrt(n/2)}: it grows slowly, so an interest holds about {@code
   * sqrt(2n)} likes on average and one stray like does not become an interest of its own;
   * {@code maxInterests} bounds the scans, one per interest). Each interest {@code i} is queried
   * like {@link #CENTROID}: {@code q_i = normalise(weightedMean(its likes) - NEGATIVE_WEIGHT *
   * mean(negatives))}, score = cosine to {@code q_i}; with a lexical weight, the interest's BM25
   * query is built from its own liked papers. The per-interest rankings are merged with
   * quotas: first one result from each interest, largest first (a floor of one slot), then each
   * next slot goes to the interest with the largest {@code weight_i / (taken_i + 0.5)}
   * (Sainte-Laguë apportionment), so of the first {@code n} results interest {@code i} gets about
   * {@code n * weight_i / total weight}, where {@code weight_i} is its number of likes (their summed
   * decayed weights with like decay); a paper already taken is skipped. One dominant topic
   * therefore cannot crowd out the others, and the merged order does not depend on the page size.
   * Each result's score is its cosine to the query of its interest, so merged results need not be
   * in descending score order; {@link ScoredPaper.Reason#interest()} says which interest.
   */
  MULTI_INTEREST {
    @Override
    Plan plan(Likes likes, RecommendRequest request) {
      List<Interests.Group> groups =
          Interests.cluster(likes.vectors(), likes.weights(), request.maxInterests(), request.seed());
      List<Plan.Query> queries = new ArrayList<>(groups.size());
      for (Interests.Group group : groups) {
        float[] query = Plan.rocchio(likes, group.members());
        queries.add(new Plan.Query(List.of(query), VectorScorer.cosine(query), group.members()));
      }
      return new Plan(queries, groups);
    }
  };

  /** How strongly disliked papers push results away, in every strategy. */
  public static final float NEGATIVE_WEIGHT = 0.5f;

  /**
   * The default when a request names no strategy: best score, the most accurate strategy measured
   * in docs/EVALUATION.md (author continuation recall@10 0.106 against centroid's 0.094, both with
   * the default lexical weight), at about two to three times centroid's query cost.
   */
  public static final Strategy DEFAULT = BEST_SCORE;

  /** The queries this strategy ranks for {@code likes}. */
  abstract Plan plan(Likes likes, RecommendRequest request);

  /** The name used in the API: {@code centroid}, {@code best_score}, {@code multi_interest}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an API name, case-insensitive; {@code best-score} and {@code multi-interest} are accepted too. */
  public static Strategy parse(String name) {
    String key = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Strategy s : values()) {
      if (s.name().equals(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown strategy '" + name + "'; expected one of "
            + Arrays.stream(values()).map(Strategy::apiName).collect(Collectors.joining(", ")));
  }
}
