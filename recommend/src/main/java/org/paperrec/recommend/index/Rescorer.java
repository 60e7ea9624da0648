package org.paperrec.recommend.index;

import java.util.function.Predicate;

/**
 * Turns the raw score of a stored vector into its final score during a scan, in three steps from
 * cheap to dear, each asked only when the one before says the vector could still enter the top k:
 *
 * <ol>
 *   <li>{@link #upperBound}: from the raw score alone;
 *   <li>{@link #rescore}: from the raw score and the vector's int attribute (see {@link
 *       ExactVectorIndex#put(String, float[], int)}), an array read away, e.g. blending in how
 *       recent the paper is;
 *   <li>{@link #accepts}: from the vector's ID, e.g. a filter that looks the ID up in a map.
 * </ol>
 *
 * <p>So a scan costs about as much as an unfiltered one whatever the blend. Implementations must be
 * thread-safe and must not allocate: they run inside the scan loop.
 */
public interface Rescorer {

  /**
   * A score that {@link #rescore} never exceeds for this {@code raw} score, whatever the attribute;
   * must not decrease as {@code raw} grows.
   */
  float upperBound(float raw);

  /** The final score of a vector with raw score {@code raw} and attribute {@code attribute}. */
  float rescore(float raw, int attribute);

  /** Whether the vector stored under {@code id} may be returned at all. */
  boolean accepts(String id);

  /** Keeps the raw score; leaves out the IDs {@code accept} refuses. */
  static Rescorer filtering(Predicate<String> accept) {
    return new Rescorer() {
      @Override
      public float upperBound(float raw) {
        return raw;
      }

      @Override
      public float rescore(float raw, int attribute) {
        return raw;
      }

      @Override
      public boolean accepts(String id) {
        return accept.test(id);
      }
    };
  }
}
