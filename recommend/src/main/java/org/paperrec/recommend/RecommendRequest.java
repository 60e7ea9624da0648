package org.paperrec.recommend;

import java.util.List;
import java.util.Objects;

/**
 * A stateless recommendation request. IDs are normalised paper IDs.
 *
 * @param positive liked papers, 1 to {@link #MAX_PAPERS}; unknown ones are reported, not fatal,
 *     as long as one is known
 * @param negative disliked papers, 0 to {@link #MAX_PAPERS}; they push results away
 * @param strategy how to rank
 * @param page which slice of the ranking
 * @param filter which papers may be returned; the positive and negative papers never are
 * @param candidates when non-null, rank only these papers (e.g. a listing page), at most
 *     {@link #MAX_CANDIDATES}; unknown ones are reported
 */
public record RecommendRequest(
    List<String> positive,
    List<String> negative,
    Strategy strategy,
    Page page,
    Filter filter,
    List<String> candidates) {

  public static final int MAX_PAPERS = 500;
  public static final int MAX_CANDIDATES = 2000;

  public RecommendRequest {
    positive = List.copyOf(Objects.requireNonNull(positive, "positive"));
    negative = negative == null ? List.of() : List.copyOf(negative);
    strategy = strategy == null ? Strategy.DEFAULT : strategy;
    page = page == null ? Page.DEFAULT : page;
    filter = filter == null ? Filter.NONE : filter;
    candidates = candidates == null ? null : List.copyOf(candidates);
    if (positive.isEmpty()) {
      throw new IllegalArgumentException("positive must name at least one liked paper");
    }
    checkSize("positive", positive.size(), MAX_PAPERS);
    checkSize("negative", negative.size(), MAX_PAPERS);
    if (candidates != null) {
      checkSize("candidates", candidates.size(), MAX_CANDIDATES);
    }
  }

  private static void checkSize(String name, int size, int max) {
    if (size > max) {
      throw new IllegalArgumentException(name + " may list at most " + max + " papers; it lists " + size);
    }
  }
}
