package org.paperrec.server.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a recommender that ignores content would score on the category measures: the chance that a
 * random other paper of the corpus shares the query paper's primary category, and the expected
 * Jaccard similarity of two random papers' category sets. Both are exact expectations over ordered
 * pairs of distinct papers, computed from counts, so that a similar-papers score can be reported as
 * a lift over them. The arxiv-cs corpus is about half cs.CV, so a raw precision means little
 * without its base rate.
 */
public final class CategoryBaselines {

  private CategoryBaselines() {}

  /**
   * The probability that two distinct papers drawn at random share a label: {@code sum over labels
   * of n_c (n_c - 1) / (n (n - 1))}. This is the expected precision of a random ranking for a
   * uniformly drawn query paper.
   *
   * @param countsByLabel papers per label (e.g. primary category); every paper has exactly one
   * @throws IllegalArgumentException when there are fewer than two papers or a count is negative
   */
  public static double sameLabelRate(Map<String, Long> countsByLabel) {
    long n = 0;
    double pairs = 0;
    for (long c : countsByLabel.values()) {
      checkCount(c);
      n += c;
      pairs += (double) c * (c - 1);
    }
    checkTotal(n);
    return pairs / ((double) n * (n - 1));
  }

  /**
   * The expected Jaccard similarity of the category sets of two distinct papers drawn at random:
   * {@code sum over set pairs (s, t) of n_s (n_t - [s = t]) J(s, t) / (n (n - 1))}. Quadratic in the
   * number of distinct sets (a few thousand for arxiv-cs), not in the number of papers.
   *
   * @param countsBySet papers per distinct category set
   * @throws IllegalArgumentException when there are fewer than two papers or a count is negative
   */
  public static double expectedJaccard(Map<Set<String>, Long> countsBySet) {
    List<Set<String>> sets = new ArrayList<>(countsBySet.keySet());
    long[] counts = new long[sets.size()];
    long n = 0;
    for (int i = 0; i < sets.size(); i++) {
      counts[i] = countsBySet.get(sets.get(i));
      checkCount(counts[i]);
      n += counts[i];
    }
    checkTotal(n);
    double sum = 0;
    for (int i = 0; i < sets.size(); i++) {
      if (counts[i] == 0) {
        continue;
      }
      // Pairs within one set: n_s (n_s - 1) ordered pairs of distinct papers.
      sum += (double) counts[i] * (counts[i] - 1) * Metrics.jaccard(sets.get(i), sets.get(i));
      for (int j = i + 1; j < sets.size(); j++) {
        if (counts[j] > 0) {
          sum += 2.0 * counts[i] * counts[j] * Metrics.jaccard(sets.get(i), sets.get(j));
        }
      }
    }
    return sum / ((double) n * (n - 1));
  }

  private static void checkCount(long c) {
    if (c < 0) {
      throw new IllegalArgumentException("counts must not be negative; count=" + c);
    }
  }

  private static void checkTotal(long n) {
    if (n < 2) {
      throw new IllegalArgumentException("a random pair needs at least two papers; papers=" + n);
    }
  }
}
