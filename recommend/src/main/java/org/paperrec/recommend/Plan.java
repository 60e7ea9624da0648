package org.paperrec.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.recommend.index.VectorScorer;

/**
 * What a {@link Strategy} makes of one request's likes: one or more queries (one per interest for
 * multi-interest), each ranked by the {@link CandidateRanker}, then merged when there are several.
 *
 * @param queries ranked one by one; several are merged with quotas by {@code groups}' weights
 * @param groups the interests of multi-interest, else empty
 */
record Plan(List<Query> queries, List<Interests.Group> groups) {

  /** The most liked papers a query searches the graph index with, one search each: bounds a request's cost. */
  static final int MAX_PROBES = 32;

  /**
   * One query of a plan.
   *
   * @param probes the vectors the graph index is searched with for candidates (stage one)
   * @param dense the exact score of a candidate's vector (stage two)
   * @param members the liked papers behind this query (indexes into the likes), for its lexical
   *     part; null for all
   */
  record Query(List<float[]> probes, VectorScorer dense, int[] members) {}

  static Plan single(Query query) {
    return new Plan(List.of(query), List.of());
  }

  /**
   * Rocchio: {@code normalise(weightedMean(liked[members]) - NEGATIVE_WEIGHT * mean(disliked))};
   * all liked papers when {@code members} is null.
   */
  static float[] rocchio(Likes likes, int[] members) {
    List<float[]> liked = likes.vectors();
    double[] weights = likes.weights();
    int dimension = liked.get(0).length;
    double[] sum = new double[dimension];
    double total = 0;
    int count = members == null ? liked.size() : members.length;
    for (int j = 0; j < count; j++) {
      int i = members == null ? j : members[j];
      float[] v = liked.get(i);
      for (int x = 0; x < dimension; x++) {
        sum[x] += weights[i] * v[x];
      }
      total += weights[i];
    }
    float[] query = new float[dimension];
    for (int x = 0; x < dimension; x++) {
      query[x] = (float) (sum[x] / total);
    }
    if (!likes.disliked().isEmpty()) {
      float[] away = mean(likes.disliked());
      for (int x = 0; x < dimension; x++) {
        query[x] -= Strategy.NEGATIVE_WEIGHT * away[x];
      }
    }
    return VectorMath.normalizeInPlace(query);
  }

  /** {@link Strategy#BEST_SCORE}: max over likes of weight * cosine, minus the dislike penalty. */
  static VectorScorer bestScore(Likes likes) {
    float[][] liked = likes.vectors().toArray(new float[0][]);
    float[][] disliked = likes.disliked().toArray(new float[0][]);
    float[] w = new float[likes.weights().length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) likes.weights()[i];
    }
    return (data, offset, dimension) -> {
      float best = -1f;
      for (int i = 0; i < liked.length; i++) {
        best = Math.max(best, w[i] * VectorMath.dot(liked[i], 0, data, offset, dimension));
      }
      float worst = 0f;
      for (float[] dislike : disliked) {
        worst = Math.max(worst, VectorMath.dot(dislike, 0, data, offset, dimension));
      }
      return Math.max(-1f, best - Strategy.NEGATIVE_WEIGHT * worst);
    };
  }

  /**
   * The liked vectors to search the graph with for best score: all of them up to {@link
   * #MAX_PROBES}, else the {@link #MAX_PROBES} with the largest like weights (the most recent
   * likes with decay; ties by order) and the weighted centroid of all, so older interests still
   * bring candidates.
   */
  static List<float[]> probes(Likes likes) {
    int n = likes.vectors().size();
    if (n <= MAX_PROBES) {
      return likes.vectors();
    }
    double[] w = likes.weights();
    List<float[]> probes = new ArrayList<>(MAX_PROBES);
    IntStream.range(0, n).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -w[i]).thenComparing(i -> i))
        .limit(MAX_PROBES - 1)
        .forEach(i -> probes.add(likes.vectors().get(i)));
    probes.add(rocchio(new Likes(likes.ids(), likes.docs(), likes.vectors(), w, List.of()), null));
    return probes;
  }

  private static float[] mean(List<float[]> vectors) {
    float[] sum = new float[vectors.get(0).length];
    for (float[] v : vectors) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += v[i];
      }
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= vectors.size();
    }
    return sum;
  }
}
