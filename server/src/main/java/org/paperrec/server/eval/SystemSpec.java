package org.paperrec.server.eval;

import java.util.Locale;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.Strategy;

/**
 * One row of the results table, written as a short spec: a baseline ({@code random},
 * {@code most-recent}, {@code bm25}) or a strategy followed by options, separated by spaces:
 *
 * <pre>
 * centroid                 best_score w=0.2          multi_interest d=0.3
 * centroid decay=180       centroid r=0.1 h=90
 * </pre>
 *
 * {@code w} is the lexical (BM25) weight, {@code d} the MMR diversity, {@code r} the recency weight
 * and {@code h} its half-life in days (see {@link RankingOptions}); {@code decay} is the like
 * half-life in days, with each like dated by its paper's announcement. {@code bm25} is lexical only:
 * the default strategy with {@code w=1}. The spec is the row's name.
 *
 * @param name the spec as given, normalised (lower case, single spaces)
 * @param baseline {@code random} or {@code most-recent} for a content-free baseline, otherwise null
 * @param strategy the recommendation strategy (for similar papers only the options matter)
 * @param ranking the ranking options
 * @param likeHalfLifeDays 0 for no decay of likes
 */
public record SystemSpec(String name, String baseline, Strategy strategy, RankingOptions ranking, double likeHalfLifeDays) {

  public static final String RANDOM = "random";
  public static final String MOST_RECENT = "most-recent";
  public static final String BM25 = "bm25";

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming the spec and the part that is wrong
   */
  public static SystemSpec parse(String spec) {
    String normal = spec.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (normal.isEmpty()) {
      throw new IllegalArgumentException("system spec must not be blank");
    }
    String[] parts = normal.split(" ");
    if ((parts[0].equals(RANDOM) || parts[0].equals(MOST_RECENT)) && parts.length == 1) {
      return new SystemSpec(normal, parts[0], Strategy.DEFAULT, RankingOptions.DEFAULT, 0);
    }
    Strategy strategy;
    RankingOptions ranking = RankingOptions.DEFAULT;
    if (parts[0].equals(BM25)) {
      strategy = Strategy.DEFAULT;
      ranking = ranking.withLexicalWeight(1);
    } else {
      try {
        strategy = Strategy.parse(parts[0]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("system '" + spec + "': " + e.getMessage() + ", or random, most-recent, bm25", e);
      }
    }
    double decay = 0;
    double recencyWeight = 0;
    double halfLife = RankingOptions.DEFAULT_RECENCY_HALF_LIFE_DAYS;
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("system '" + spec + "': expected key=value, got '" + parts[i] + "'");
      }
      double value;
      try {
        value = Double.parseDouble(kv[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("system '" + spec + "': '" + kv[1] + "' is not a number", e);
      }
      switch (kv[0]) {
        case "w" -> ranking = ranking.withLexicalWeight(value);
        case "d" -> ranking = ranking.withDiversity(value);
        case "r" -> recencyWeight = value;
        case "h" -> halfLife = value;
        case "decay" -> decay = value;
        default -> throw new IllegalArgumentException(
            "system '" + spec + "': unknown option '" + kv[0] + "'; expected w, d, r, h or decay");
      }
    }
    ranking = ranking.withRecency(recencyWeight, halfLife);
    return new SystemSpec(normal, null, strategy, ranking, decay);
  }

  /** True for the content-free baselines. */
  public boolean isBaseline() {
    return baseline != null;
  }
}
