package org.paperrec.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Pooling maths on hand-made token vectors; no model. */
class MeanPoolingTest {

  @Test
  void averagesUnmaskedTokensThenScalesToUnitLength() {
    float[] tokens = {
      1, 2, //
      3, 2, //
      100, -100, // masked out: must not count
    };
    // mean of (1,2) and (3,2) is (2,2); unit length: (1/sqrt2, 1/sqrt2)
    float[] expected = {(float) (1 / Math.sqrt(2)), (float) (1 / Math.sqrt(2))};

    assertArrayEquals(expected, MeanPooling.meanPoolAndNormalize(tokens, new long[] {1, 1, 0}, 2), 1e-7f);
  }

  @Test
  void singleTokenIsItsOwnDirection() {
    assertArrayEquals(
        new float[] {0.6f, 0, -0.8f},
        MeanPooling.meanPoolAndNormalize(new float[] {3, 0, -4}, new long[] {1}, 3),
        1e-7f);
  }

  @Test
  void sizeMismatchIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MeanPooling.meanPoolAndNormalize(new float[5], new long[] {1, 1}, 3));
  }

  @Test
  void allMaskedIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MeanPooling.meanPoolAndNormalize(new float[] {1, 2}, new long[] {0}, 2));
  }

  @Test
  void zeroMeanIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MeanPooling.meanPoolAndNormalize(new float[] {1, -1, -1, 1}, new long[] {1, 1}, 2));
  }
}
