package org.paperrec.recommend;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How recommendations are ranked from liked (positive) and disliked (negative) papers. Every
 * vector is a unit vector, so a dot product is a cosine similarity.
 */
public enum Strategy {

  /**
   * Rocchio: the query is {@code normalise(mean(positives) - NEGATIVE_WEIGHT * mean(negatives))}
   * and a candidate's score is its cosine to that query. One scan; good for a focused profile.
   */
  CENTROID,

  /**
   * Best score: {@code max over positives p of cos(c, p) - NEGATIVE_WEIGHT * max(0, max over
   * negatives n of cos(c, n))}, clamped to [-1, 1]. One scan with all profile vectors; keeps
   * several interests apart where a centroid would average them away.
   */
  BEST_SCORE;

  /** How strongly disliked papers push results away, in both strategies. */
  public static final float NEGATIVE_WEIGHT = 0.5f;

  /** The default when a request names no strategy. */
  public static final Strategy DEFAULT = CENTROID;

  /** The name used in the API: {@code centroid}, {@code best_score}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an API name, case-insensitive; {@code best-score} is accepted too. */
  public static Strategy parse(String name) {
    String key = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Strategy s : values()) {
      if (s.name().equals(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown strategy '" + name + "'; expected one of "
            + Arrays.stream(values()).map(Strategy::apiName).collect(Collectors.joining(", ")));
  }
}
