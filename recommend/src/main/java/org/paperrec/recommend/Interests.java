package org.paperrec.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.DoublePoint;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.Well19937c;

/**
 * Splits liked papers into interests for {@link Strategy#MULTI_INTEREST}: the number of interests
 * and the k-means++ clustering are documented there. Stateless; a new clusterer and random
 * generator per call, so calls are independent and reproducible.
 */
final class Interests {

  /** k-means iterations at most; a few hundred 384-d points converge in far fewer. */
  static final int MAX_ITERATIONS = 100;

  /**
   * k-means++ runs per request, the one with the least within-cluster sum of squared distances (the
   * k-means objective) kept: one run falls into a bad local optimum whenever its random start puts
   * two seeds in one topic (about half the time for a 8:2 profile of two topics), and a run over at
   * most 500 likes costs well under a millisecond. Commons Math's {@code
   * MultiKMeansPlusPlusClusterer} is not used: its default criterion sums the variance of the
   * point-to-centre distances per cluster, which prefers such bad splits.
   */
  static final int TRIALS = 10;

  /**
   * One interest.
   *
   * @param members indexes into the liked list, ascending
   * @param weight the members' summed like weights (their count without decay)
   */
  record Group(int[] members, double weight) {

    Group {
      members = members.clone();
    }
  }

  private Interests() {}

  /** {@code k}: 1 for up to 2 likes, else {@code min(maxInterests, distinct, max(1, round(sqrt(likes / 2))))}. */
  static int count(int likes, int distinct, int maxInterests) {
    if (likes <= 2) {
      return 1;
    }
    int rule = Math.max(1, (int) Math.round(Math.sqrt(likes / 2.0)));
    return Math.max(1, Math.min(Math.min(maxInterests, distinct), rule));
  }

  /**
   * The interests of {@code liked}, largest weight first (ties: the one holding the earlier like).
   * With one interest, no clustering runs.
   */
  static List<Group> cluster(List<float[]> liked, double[] weights, int maxInterests, long seed) {
    int k = count(liked.size(), distinct(liked), maxInterests);
    List<Group> groups = new ArrayList<>(k);
    if (k == 1) {
      int[] all = new int[liked.size()];
      Arrays.setAll(all, i -> i);
      groups.add(new Group(all, Arrays.stream(weights).sum()));
      return groups;
    }
    List<DoublePoint> points = new ArrayList<>(liked.size());
    Map<DoublePoint, Integer> indexOf = new IdentityHashMap<>();
    for (int i = 0; i < liked.size(); i++) {
      float[] v = liked.get(i);
      double[] p = new double[v.length];
      for (int j = 0; j < v.length; j++) {
        p[j] = v[j];
      }
      DoublePoint point = new DoublePoint(p);
      points.add(point);
      indexOf.put(point, i);
    }
    // One generator for all trials: each trial continues its sequence, so the seed fixes them all.
    KMeansPlusPlusClusterer<DoublePoint> clusterer =
        new KMeansPlusPlusClusterer<>(k, MAX_ITERATIONS, new EuclideanDistance(), new Well19937c(seed));
    List<CentroidCluster<DoublePoint>> best = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int trial = 0; trial < TRIALS; trial++) {
      List<CentroidCluster<DoublePoint>> clusters = clusterer.cluster(points);
      double cost = sumOfSquaredDistances(clusters);
      if (cost < bestCost) {
        bestCost = cost;
        best = clusters;
      }
    }
    for (CentroidCluster<DoublePoint> cluster : best) {
      if (cluster.getPoints().isEmpty()) {
        continue;
      }
      int[] members = cluster.getPoints().stream().mapToInt(indexOf::get).sorted().toArray();
      double weight = 0;
      for (int m : members) {
        weight += weights[m];
      }
      groups.add(new Group(members, weight));
    }
    groups.sort(Comparator.comparingDouble(Group::weight).reversed().thenComparingInt(g -> g.members()[0]));
    return groups;
  }

  private static double sumOfSquaredDistances(List<CentroidCluster<DoublePoint>> clusters) {
    double sum = 0;
    for (CentroidCluster<DoublePoint> cluster : clusters) {
      double[] center = cluster.getCenter().getPoint();
      for (DoublePoint point : cluster.getPoints()) {
        double[] p = point.getPoint();
        for (int i = 0; i < p.length; i++) {
          double d = p[i] - center[i];
          sum += d * d;
        }
      }
    }
    return sum;
  }

  /** Number of distinct vectors: k-means cannot make more non-empty clusters than that. */
  private static int distinct(List<float[]> vectors) {
    Set<float[]> seen = new TreeSet<>(Arrays::compare);
    seen.addAll(vectors);
    return seen.size();
  }
}
