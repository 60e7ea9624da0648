package org.paperrec.recommend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.paperrec.recommend.index.VectorMath;

class InterestsTest {

  @Test
  void interestCountFollowsTheSquareRootRule() {
    assertEquals(1, Interests.count(1, 1, 5));
    assertEquals(1, Interests.count(2, 2, 5));
    assertEquals(1, Interests.count(4, 4, 5));
    assertEquals(2, Interests.count(5, 5, 5));
    assertEquals(2, Interests.count(12, 12, 5));
    assertEquals(3, Interests.count(13, 13, 5));
    assertEquals(5, Interests.count(500, 500, 5));
  }

  @Test
  void interestCountIsCappedByMaxInterestsAndDistinctVectors() {
    assertEquals(3, Interests.count(500, 500, 3));
    assertEquals(1, Interests.count(20, 1, 5));
  }

  @Test
  void clustersSeparateTopicsLargestFirst() {
    List<float[]> liked = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 8; i++) {
      liked.add(near(0, random));
    }
    liked.add(near(1, random));
    liked.add(near(1, random));
    double[] weights = new double[liked.size()];
    Arrays.fill(weights, 1);
    List<Interests.Group> groups = Interests.cluster(liked, weights, 5, 42);
    assertEquals(2, groups.size());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, groups.get(0).members());
    assertArrayEquals(new int[] {8, 9}, groups.get(1).members());
    assertEquals(8.0, groups.get(0).weight(), 1e-9);
  }

  @Test
  void clusteringIsReproducibleWithTheSameSeed() {
    Random random = new Random(11);
    List<float[]> liked = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      liked.add(near(i % 4, random));
    }
    double[] weights = new double[liked.size()];
    Arrays.fill(weights, 1);
    List<Interests.Group> a = Interests.cluster(liked, weights, 5, 1234);
    List<Interests.Group> b = Interests.cluster(liked, weights, 5, 1234);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).members(), b.get(i).members());
    }
  }

  /** A unit vector of dimension 16 near axis {@code axis}. */
  private static float[] near(int axis, Random random) {
    float[] v = new float[16];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * 0.05);
    }
    v[axis] += 1;
    return VectorMath.normalizeInPlace(v);
  }
}
