package org.paperrec.server.eval;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Ranking and list metrics, as plain functions of one ranked list. Every value is in [0, 1]; the
 * harness averages them over users or query papers. Rankings are lists of paper IDs, best first.
 *
 * <p>Relevance is binary (a paper is a target or it is not), as it is in the author-continuation
 * task; the formulas are the usual ones of information retrieval (Järvelin and Kekäläinen's nDCG
 * with a {@code log2(rank + 1)} discount).
 */
public final class Metrics {

  private Metrics() {}

  /**
   * Fraction of {@code relevant} found in the first {@code k} of {@code ranked}.
   *
   * @throws IllegalArgumentException when {@code relevant} is empty or {@code k < 1}
   */
  public static double recallAtK(List<String> ranked, Set<String> relevant, int k) {
    checkK(k);
    checkRelevant(relevant);
    return (double) hitsInTop(ranked, relevant, k) / relevant.size();
  }

  /**
   * Normalised discounted cumulative gain at {@code k} with binary relevance: DCG is the sum of
   * {@code 1 / log2(rank + 1)} over relevant papers at ranks 1..k; the ideal DCG puts
   * {@code min(k, |relevant|)} relevant papers first. 1 means every top slot a relevant paper could
   * fill is filled.
   *
   * @throws IllegalArgumentException when {@code relevant} is empty or {@code k < 1}
   */
  public static double ndcgAtK(List<String> ranked, Set<String> relevant, int k) {
    checkK(k);
    checkRelevant(relevant);
    double dcg = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (relevant.contains(ranked.get(i))) {
        dcg += discount(i + 1);
      }
    }
    double ideal = 0;
    for (int rank = 1; rank <= Math.min(k, relevant.size()); rank++) {
      ideal += discount(rank);
    }
    return dcg / ideal;
  }

  /**
   * {@code 1 / rank} of the first relevant paper in {@code ranked}, 0 when there is none. The list's
   * length is the cut-off (the harness ranks 50 papers, so this is MRR@50).
   *
   * @throws IllegalArgumentException when {@code relevant} is empty
   */
  public static double reciprocalRank(List<String> ranked, Set<String> relevant) {
    checkRelevant(relevant);
    for (int i = 0; i < ranked.size(); i++) {
      if (relevant.contains(ranked.get(i))) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  /** Fraction of {@code items} that satisfy {@code test}; 0 for an empty list. */
  public static <T> double fractionMatching(List<T> items, Predicate<? super T> test) {
    if (items.isEmpty()) {
      return 0;
    }
    long matching = items.stream().filter(test).count();
    return (double) matching / items.size();
  }

  /**
   * How many times better than a baseline: {@code value / baseline}. 1 is no better than the
   * baseline (e.g. random); 2 is twice as often right.
   *
   * @throws IllegalArgumentException when {@code baseline} is not positive
   */
  public static double lift(double value, double baseline) {
    if (!(baseline > 0)) {
      throw new IllegalArgumentException("baseline must be positive; baseline=" + baseline);
    }
    return value / baseline;
  }

  /**
   * Jaccard similarity {@code |a ∩ b| / |a ∪ b|} of two sets (duplicates ignored). Two empty sets
   * give 0: no shared category is evidence of nothing.
   */
  public static double jaccard(Collection<String> a, Collection<String> b) {
    Set<String> x = a instanceof Set<String> set ? set : new HashSet<>(a);
    Set<String> y = b instanceof Set<String> set ? set : new HashSet<>(b);
    if (x.size() > y.size()) {
      Set<String> swap = x;
      x = y;
      y = swap;
    }
    int intersection = 0;
    for (String s : x) {
      if (y.contains(s)) {
        intersection++;
      }
    }
    int union = x.size() + y.size() - intersection;
    return union == 0 ? 0 : (double) intersection / union;
  }

  /**
   * Intra-list diversity: the mean over all pairs of the list of {@code 1 - cosine}, for unit
   * vectors. 0 when all items are the same vector; around 0.7–0.8 for unrelated abstracts with
   * all-MiniLM-L6-v2, whose cosines between unrelated texts sit near 0.2–0.3.
   *
   * @param unitVectors the embedded items of one list, unit length, at least two
   * @throws IllegalArgumentException when there are fewer than two vectors or their lengths differ
   */
  public static double intraListDiversity(List<float[]> unitVectors) {
    if (unitVectors.size() < 2) {
      throw new IllegalArgumentException("intra-list diversity needs at least two items; items=" + unitVectors.size());
    }
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < unitVectors.size(); i++) {
      for (int j = i + 1; j < unitVectors.size(); j++) {
        sum += 1 - dot(unitVectors.get(i), unitVectors.get(j));
        pairs++;
      }
    }
    return sum / pairs;
  }

  /**
   * Catalogue coverage: the fraction of the {@code catalogueSize} candidate papers that appear in at
   * least one of {@code lists}. It grows with the number of lists, so compare systems only at the
   * same number of users or queries.
   *
   * @throws IllegalArgumentException when {@code catalogueSize < 1}
   */
  public static double coverage(Collection<? extends Collection<String>> lists, int catalogueSize) {
    if (catalogueSize < 1) {
      throw new IllegalArgumentException("catalogueSize must be positive; catalogueSize=" + catalogueSize);
    }
    Set<String> seen = new HashSet<>();
    lists.forEach(seen::addAll);
    return (double) seen.size() / catalogueSize;
  }

  private static double discount(int rank) {
    return 1 / (Math.log(rank + 1) / Math.log(2));
  }

  private static int hitsInTop(List<String> ranked, Set<String> relevant, int k) {
    int hits = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (relevant.contains(ranked.get(i))) {
        hits++;
      }
    }
    return hits;
  }

  private static double dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vector lengths differ: " + a.length + " and " + b.length);
    }
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be positive; k=" + k);
    }
  }

  private static void checkRelevant(Set<String> relevant) {
    if (relevant.isEmpty()) {
      throw new IllegalArgumentException("relevant must not be empty: recall of nothing is undefined");
    }
  }
}
