package org.paperrec.recommend;

import java.util.Objects;
import org.paperrec.store.Paper;

/**
 * A result: a paper, its score and the reason it was ranked.
 *
 * <p>The score is higher-is-better and always in [-1, 1]. With the default {@link RankingOptions}
 * it is a cosine similarity: to the query paper or text for similar papers and search, and as each
 * {@link Strategy} defines it for recommendations. With a lexical or recency weight it is the blend
 * that {@link RankingOptions} defines, still in [-1, 1]; {@link Reason} holds its parts.
 *
 * @param paper the paper
 * @param score in [-1, 1], higher is better; see above
 * @param reason why this paper is here; never null
 */
public record ScoredPaper(Paper paper, float score, Reason reason) {

  public ScoredPaper {
    Objects.requireNonNull(paper, "paper");
    Objects.requireNonNull(reason, "reason");
  }

  /** For recommendations, the liked paper this result is closest to; otherwise null. */
  public Closest closestLiked() {
    return reason.closestLiked();
  }

  /**
   * Why a paper was ranked: the parts of its score and, for recommendations, what in the reader's
   * likes it answers.
   *
   * @param dense the vector part of the score, in [-1, 1]: the cosine to the query paper or text
   *     for similar papers and search, the strategy's score for recommendations (for
   *     multi-interest, against the interest it came from)
   * @param lexical the BM25 score normalised by the best in the candidate set, in [0, 1], when the
   *     request had a lexical weight; otherwise null
   * @param recency {@code 2^(-age / halfLife)} of the paper's date, in [0, 1] (0 without a date),
   *     when the request had a recency weight; otherwise null
   * @param closestLiked for recommendations, the liked paper the result is closest to; otherwise
   *     null
   * @param interest for {@link Strategy#MULTI_INTEREST}, the interest the result was drawn from;
   *     otherwise null
   */
  public record Reason(float dense, Float lexical, Float recency, Closest closestLiked, Interest interest) {

    /** A reason made of the dense score alone (similar papers and search with default options). */
    public static Reason ofDense(float dense) {
      return new Reason(dense, null, null, null, null);
    }
  }

  /**
   * The liked paper a recommendation is closest to, which explains it.
   *
   * @param id normalised ID of the liked paper
   * @param score cosine similarity between the result and that paper, in [-1, 1]
   */
  public record Closest(String id, float score) {}

  /**
   * One interest of a multi-interest profile: a cluster of liked papers.
   *
   * @param index 0-based; interests are numbered by weight, 0 the largest (by liked papers, or by
   *     their decayed weights when likes decay)
   * @param likes number of liked papers in this interest, at least 1
   * @param of number of interests the profile was split into
   */
  public record Interest(int index, int likes, int of) {}
}
