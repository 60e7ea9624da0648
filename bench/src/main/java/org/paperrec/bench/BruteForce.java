package org.paperrec.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Exact top-k for a batch of query vectors in one pass over a stream of (ID, vector) rows: the
 * ground truth for recall. Each row is scored against every query while it is in cache, so one pass
 * over the data answers the whole batch. The query's own ID is never a result (as the server's
 * similar papers never return the paper itself). Not thread-safe.
 */
final class BruteForce {

  private final String[] queryIds;
  private final float[][] queries;
  private final int k;
  private final float[][] scores;
  private final String[][] ids;
  private final int[] sizes;

  BruteForce(List<String> queryIds, List<float[]> queries, int k) {
    this.queryIds = queryIds.toArray(String[]::new);
    this.queries = queries.toArray(float[][]::new);
    this.k = k;
    this.scores = new float[this.queries.length][k];
    this.ids = new String[this.queries.length][k];
    this.sizes = new int[this.queries.length];
  }

  /** Scores one row against every query; {@code vector} may be reused by the caller afterwards. */
  void accept(String id, float[] vector) {
    for (int q = 0; q < queries.length; q++) {
      float[] query = queries[q];
      float s = 0;
      for (int d = 0; d < vector.length; d++) {
        s += query[d] * vector[d];
      }
      int n = sizes[q];
      if (n == k && s <= scores[q][k - 1] || id.equals(queryIds[q])) {
        continue;
      }
      // insertion into a sorted array of at most k: k is 10
      int i = n == k ? k - 1 : n;
      while (i > 0 && scores[q][i - 1] < s) {
        scores[q][i] = scores[q][i - 1];
        ids[q][i] = ids[q][i - 1];
        i--;
      }
      scores[q][i] = s;
      ids[q][i] = id;
      if (n < k) {
        sizes[q]++;
      }
    }
  }

  /** The exact top-k IDs of query {@code q}, best first. */
  List<String> top(int q) {
    List<String> out = new ArrayList<>(sizes[q]);
    for (int i = 0; i < sizes[q]; i++) {
      out.add(ids[q][i]);
    }
    return out;
  }

  /** The k-th best score of query {@code q}: results scoring as much tie with the last exact one. */
  float kthScore(int q) {
    return scores[q][sizes[q] - 1];
  }
}
