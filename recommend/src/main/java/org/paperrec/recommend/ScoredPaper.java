package org.paperrec.recommend;

import org.paperrec.store.Paper;

/**
 * A result: a paper and its score.
 *
 * <p>The score is a cosine similarity in [-1, 1], higher is closer: to the query paper or text for
 * similar papers and search, and as each {@link Strategy} defines it for recommendations.
 *
 * @param paper the paper
 * @param score cosine similarity, in [-1, 1]
 * @param closestLiked for recommendations, the liked paper this result is closest to; otherwise null
 */
public record ScoredPaper(Paper paper, float score, Closest closestLiked) {

  /**
   * The liked paper a recommendation is closest to, which explains it.
   *
   * @param id normalised ID of the liked paper
   * @param score cosine similarity between the result and that paper, in [-1, 1]
   */
  public record Closest(String id, float score) {}
}
