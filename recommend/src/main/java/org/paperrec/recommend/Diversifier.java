package org.paperrec.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.recommend.lucene.View;

/** Maximal marginal relevance (Carbonell and Goldstein, 1998) over ranked candidates. */
final class Diversifier {

  private Diversifier() {}

  /**
   * Up to {@code end} of {@code ranked}, each next one maximising {@code (1 - d) * score - d * max
   * cos to those chosen}; {@code ranked} itself when {@code d} is 0.
   *
   * @param d diversity in [0, 1]
   */
  static List<Candidate> mmr(List<Candidate> ranked, int end, double d, View view) {
    if (d == 0 || ranked.size() <= 1) {
      return ranked;
    }
    int m = ranked.size();
    List<float[]> vectors = new ArrayList<>(m);
    for (Candidate c : ranked) {
      vectors.add(view.vector(c.doc()));
    }
    float[] maxSim = new float[m];
    Arrays.fill(maxSim, Float.NEGATIVE_INFINITY);
    boolean[] chosen = new boolean[m];
    List<Candidate> out = new ArrayList<>(Math.min(end, m));
    while (out.size() < Math.min(end, m)) {
      int pick = -1;
      double best = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < m; i++) {
        if (chosen[i]) {
          continue;
        }
        double value = (1 - d) * ranked.get(i).score() - (out.isEmpty() ? 0 : d * maxSim[i]);
        if (value > best) {
          best = value;
          pick = i;
        }
      }
      chosen[pick] = true;
      out.add(ranked.get(pick));
      float[] picked = vectors.get(pick);
      for (int i = 0; i < m; i++) {
        if (!chosen[i]) {
          maxSim[i] = Math.max(maxSim[i], VectorMath.dot(picked, vectors.get(i)));
        }
      }
    }
    return out;
  }
}
