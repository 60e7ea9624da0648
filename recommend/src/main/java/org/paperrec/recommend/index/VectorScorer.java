package org.paperrec.recommend.index;

/**
 * Scores one stored vector, read in place from the index's storage so that a scan copies nothing.
 * Higher is closer. Implementations must be thread-safe (they are usually stateless lambdas over
 * immutable query vectors).
 */
@FunctionalInterface
public interface VectorScorer {

  /**
   * The score of the vector stored at {@code data[offset .. offset + dimension)}.
   *
   * @param dimension the index's vector dimension
   */
  float score(float[] data, int offset, int dimension);

  /** Cosine similarity to a unit query vector: the dot product, in [-1, 1]. */
  static VectorScorer cosine(float[] unitQuery) {
    float[] q = unitQuery.clone();
    return (data, offset, dimension) -> VectorMath.dot(q, 0, data, offset, dimension);
  }
}
