package org.paperrec.recommend;

import java.util.List;

/**
 * The answer to a {@link RecommendRequest}.
 *
 * @param results ranked papers, best first (for multi-interest and diversified rankings, in the
 *     merged or re-ordered order, see {@link Strategy#MULTI_INTEREST} and {@link RankingOptions}),
 *     each with a {@link ScoredPaper.Reason} naming the liked paper it is closest to
 * @param strategy the strategy that ranked them
 * @param unknownIds requested IDs (positive, negative or candidate) that are not in the corpus
 */
public record Recommendations(List<ScoredPaper> results, Strategy strategy, List<String> unknownIds) {

  public Recommendations {
    results = List.copyOf(results);
    unknownIds = List.copyOf(unknownIds);
  }
}
