package org.paperrec.embed;

/**
 * Sentence-transformers pooling for MiniLM: the mean of the token vectors over the attention mask,
 * scaled to unit L2 norm.
 *
 * <p>Done in plain Java on purpose: DJL's ONNX Runtime {@code NDArray} supports only a few
 * operations and hands the rest to an "alternative engine" (PyTorch), which this project does not
 * ship. Stateless and thread-safe.
 */
final class MeanPooling {

  private MeanPooling() {}

  /**
   * The unit-norm mean of the token vectors whose mask entry is non-zero.
   *
   * @param tokenVectors {@code tokens x dimension} values, row-major (one token after another), as
   *     in the model's {@code last_hidden_state} of shape {@code (1, tokens, dimension)}
   * @param attentionMask one entry per token; 0 excludes the token, 1 includes it
   * @param dimension length of each token vector, positive
   * @return a new vector of length {@code dimension} with L2 norm 1
   * @throws IllegalArgumentException when the sizes disagree, the mask selects no token, or the
   *     pooled vector is zero (it has no direction)
   */
  static float[] meanPoolAndNormalize(float[] tokenVectors, long[] attentionMask, int dimension) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive; dimension=" + dimension);
    }
    int tokens = attentionMask.length;
    if (tokenVectors.length != (long) tokens * dimension) {
      throw new IllegalArgumentException(
          "tokenVectors must hold attentionMask.length * dimension = "
              + tokens + " * " + dimension + " values; tokenVectors.length=" + tokenVectors.length);
    }
    // Accumulate in double: 256 tokens of float sums lose digits we would see in the golden test.
    double[] sum = new double[dimension];
    long counted = 0;
    for (int t = 0; t < tokens; t++) {
      if (attentionMask[t] == 0) {
        continue;
      }
      counted++;
      int offset = t * dimension;
      for (int d = 0; d < dimension; d++) {
        sum[d] += tokenVectors[offset + d];
      }
    }
    if (counted == 0) {
      throw new IllegalArgumentException("attentionMask selects no token; tokens=" + tokens);
    }
    // The mean's 1/count factor cancels in the normalisation; divide anyway so that the
    // intermediate is the documented mean.
    double squares = 0;
    for (int d = 0; d < dimension; d++) {
      sum[d] /= counted;
      squares += sum[d] * sum[d];
    }
    double norm = Math.sqrt(squares);
    if (norm == 0 || !Double.isFinite(norm)) {
      throw new IllegalArgumentException("pooled vector has no direction; norm=" + norm);
    }
    float[] unit = new float[dimension];
    for (int d = 0; d < dimension; d++) {
      unit[d] = (float) (sum[d] / norm);
    }
    return unit;
  }
}
