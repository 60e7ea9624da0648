package org.paperrec.recommend;

import java.util.List;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.recommend.lucene.View;

/** What a recommendation's reason adds to its scores: the liked paper closest to it, its interest. */
final class Explainer {
  private final Likes likes;
  private final List<Interests.Group> groups;
  private final View view;

  Explainer(Likes likes, List<Interests.Group> groups, View view) {
    this.likes = likes;
    this.groups = groups;
    this.view = view;
  }

  /** The liked paper closest to candidate {@code c}, with that cosine. */
  ScoredPaper.Closest closest(Candidate c) {
    float[] v = view.vector(c.doc());
    int best = 0;
    float bestScore = -2f;
    for (int i = 0; i < likes.vectors().size(); i++) {
      float score = VectorMath.dot(likes.vectors().get(i), v);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return new ScoredPaper.Closest(likes.ids().get(best), Math.max(-1f, Math.min(1f, bestScore)));
  }

  ScoredPaper.Interest interest(int index) {
    return index < 0 ? null : new ScoredPaper.Interest(index, groups.get(index).members().length, groups.size());
  }
}
