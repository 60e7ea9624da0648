package org.paperrec.recommend.index;

/** Dense float vector arithmetic used on the query path. Stateless and thread-safe. */
public final class VectorMath {

  private VectorMath() {}

  /**
   * Dot product of {@code a[aOffset .. aOffset+length)} and {@code b[bOffset .. bOffset+length)}.
   *
   * <p>Eight independent accumulators: Java 17 does not vectorise a float reduction (it must keep
   * the sequential rounding order), but separate sums let the CPU overlap the multiply-adds;
   * measured here at ~2.5x the plain loop (DESIGN.md: 28 ms vs 11 ms per 100k vectors of 384).
   */
  public static float dot(float[] a, int aOffset, float[] b, int bOffset, int length) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (; i + 7 < length; i += 8) {
      int x = aOffset + i;
      int y = bOffset + i;
      s0 += a[x] * b[y];
      s1 += a[x + 1] * b[y + 1];
      s2 += a[x + 2] * b[y + 2];
      s3 += a[x + 3] * b[y + 3];
      s4 += a[x + 4] * b[y + 4];
      s5 += a[x + 5] * b[y + 5];
      s6 += a[x + 6] * b[y + 6];
      s7 += a[x + 7] * b[y + 7];
    }
    for (; i < length; i++) {
      s0 += a[aOffset + i] * b[bOffset + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** Dot product of two whole vectors of the same length. */
  public static float dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "vector lengths differ: " + a.length + " and " + b.length);
    }
    return dot(a, 0, b, 0, a.length);
  }

  /**
   * Scales {@code v} in place to unit L2 norm and returns it.
   *
   * @throws IllegalArgumentException when {@code v} is (nearly) the zero vector, which has no direction
   */
  public static float[] normalizeInPlace(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    double norm = Math.sqrt(sum);
    if (norm < 1e-12) {
      throw new IllegalArgumentException("cannot normalise a zero vector");
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / norm);
    }
    return v;
  }

  /** Checks that {@code v} has {@code dimension} finite components; names what is wrong. */
  public static void checkVector(float[] v, int dimension) {
    if (v.length != dimension) {
      throw new IllegalArgumentException(
          "vector dimension: expected " + dimension + ", but it has " + v.length);
    }
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new IllegalArgumentException("vector component " + i + " is not finite: " + v[i]);
      }
    }
  }
}
