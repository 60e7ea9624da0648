package org.paperrec.recommend.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paperrec.recommend.index.VectorIndex.Hit;

class ExactVectorIndexTest {

  private static final int DIM = 384;

  @Test
  void topKMatchesBruteForceOnRandomVectors() {
    long seed = 20261126L;
    Random random = new Random(seed);
    ExactVectorIndex index = new ExactVectorIndex(DIM);
    Map<String, float[]> vectors = new HashMap<>();
    // More than one storage chunk, so chunk boundaries are exercised.
    int n = ExactVectorIndex.CHUNK_SIZE + 1500;
    for (int i = 0; i < n; i++) {
      float[] v = randomUnit(random);
      vectors.put("p" + i, v);
      index.put("p" + i, v);
    }
    for (int q = 0; q < 20; q++) {
      float[] query = randomUnit(random);
      int k = 1 + random.nextInt(50);
      List<Hit> expected = bruteForce(vectors, query, k);
      List<Hit> actual = index.search(VectorScorer.cosine(query), k, id -> true);
      assertEquals(ids(expected), ids(actual), "seed " + seed + ", query " + q);
      for (int i = 0; i < k; i++) {
        assertEquals(expected.get(i).score(), actual.get(i).score(), 1e-5f, "seed " + seed);
      }
    }
  }

  @Test
  void searchRespectsTheAcceptPredicate() {
    Random random = new Random(7);
    ExactVectorIndex index = new ExactVectorIndex(DIM);
    Map<String, float[]> vectors = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      float[] v = randomUnit(random);
      vectors.put("p" + i, v);
      index.put("p" + i, v);
    }
    float[] query = randomUnit(random);
    List<Hit> hits = index.search(VectorScorer.cosine(query), 10, id -> id.endsWith("7"));
    Map<String, float[]> odd = new HashMap<>(vectors);
    odd.keySet().removeIf(id -> !id.endsWith("7"));
    assertEquals(ids(bruteForce(odd, query, 10)), ids(hits));
  }

  @Test
  void putReplacesAndRemoveForgets() {
    ExactVectorIndex index = new ExactVectorIndex(2);
    index.put("a", new float[] {1, 0});
    index.put("b", new float[] {0, 1});
    index.put("a", new float[] {0, 1});
    assertEquals(2, index.size());
    assertArrayEquals(new float[] {0, 1}, index.vector("a").orElseThrow());

    assertTrue(index.remove("b"));
    assertFalse(index.remove("b"));
    assertFalse(index.contains("b"));
    assertEquals(List.of("a"), ids(index.search(VectorScorer.cosine(new float[] {0, 1}), 5, id -> true)));

    index.put("c", new float[] {1, 0}); // reuses b's slot
    assertEquals(2, index.size());
    assertEquals(
        List.of("c", "a"), ids(index.search(VectorScorer.cosine(new float[] {1, 0}), 5, id -> true)));
  }

  @Test
  void returnedVectorIsACopy() {
    ExactVectorIndex index = new ExactVectorIndex(2);
    float[] v = {1, 0};
    index.put("a", v);
    v[0] = 0;
    index.vector("a").orElseThrow()[1] = 5;
    assertArrayEquals(new float[] {1, 0}, index.vector("a").orElseThrow());
  }

  @Test
  void wrongDimensionIsRejectedWithBothNumbers() {
    ExactVectorIndex index = new ExactVectorIndex(DIM);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> index.put("a", new float[6]));
    assertEquals("vector dimension: expected 384, but it has 6", e.getMessage());
  }

  @Test
  void scoreRanksOnlyTheGivenIdsAndSkipsUnknownOnes() {
    ExactVectorIndex index = new ExactVectorIndex(2);
    index.put("a", new float[] {1, 0});
    index.put("b", new float[] {0.6f, 0.8f});
    index.put("c", new float[] {0, 1});
    List<Hit> hits = index.score(List.of("c", "a", "zzz", "a"), VectorScorer.cosine(new float[] {1, 0}));
    assertEquals(List.of("a", "c"), ids(hits));
  }

  @Test
  void tiesAreBrokenByInsertionOrder() {
    ExactVectorIndex index = new ExactVectorIndex(2);
    for (String id : List.of("x", "y", "z")) {
      index.put(id, new float[] {1, 0});
    }
    assertEquals(List.of("x", "y"), ids(index.search(VectorScorer.cosine(new float[] {1, 0}), 2, id -> true)));
    assertEquals(Set.of(), Set.copyOf(ids(index.search(VectorScorer.cosine(new float[] {1, 0}), 2, id -> false))));
  }

  /** Final score = half the cosine plus half the attribute in hundredths, as a recency blend is. */
  private static final class HalfAttribute implements Rescorer {
    @Override
    public float upperBound(float raw) {
      return 0.5f * raw + 0.5f;
    }

    @Override
    public float rescore(float raw, int attribute) {
      return 0.5f * raw + 0.5f * (attribute / 100f);
    }

    @Override
    public boolean accepts(String id) {
      return !id.endsWith("3");
    }
  }

  @Test
  void aRescorerRanksByTheFinalScoreFromTheAttributeAndFiltersById() {
    Random random = new Random(99);
    ExactVectorIndex index = new ExactVectorIndex(DIM);
    Map<String, float[]> vectors = new HashMap<>();
    Map<String, Integer> attributes = new HashMap<>();
    for (int i = 0; i < 3000; i++) {
      float[] v = randomUnit(random);
      int attribute = random.nextInt(101);
      vectors.put("p" + i, v);
      attributes.put("p" + i, attribute);
      index.put("p" + i, v, attribute);
    }
    // Changing an attribute keeps the vector.
    index.setAttribute("p0", 100);
    attributes.put("p0", 100);
    assertFalse(index.setAttribute("unknown", 1));

    float[] query = randomUnit(random);
    List<Hit> expected = new ArrayList<>();
    for (Hit hit : bruteForce(vectors, query, vectors.size())) {
      if (!hit.id().endsWith("3")) {
        expected.add(new Hit(hit.id(), 0.5f * hit.score() + 0.5f * (attributes.get(hit.id()) / 100f)));
      }
    }
    expected.sort(Comparator.comparingDouble(Hit::score).reversed());
    List<Hit> actual = index.search(VectorScorer.cosine(query), 25, new HalfAttribute());
    assertEquals(ids(expected.subList(0, 25)), ids(actual));
    for (int i = 0; i < 25; i++) {
      assertEquals(expected.get(i).score(), actual.get(i).score(), 1e-5f);
    }
  }

  static float[] randomUnit(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return VectorMath.normalizeInPlace(v);
  }

  private static List<Hit> bruteForce(Map<String, float[]> vectors, float[] query, int k) {
    List<Hit> all = new ArrayList<>();
    vectors.forEach((id, v) -> {
      double dot = 0;
      for (int i = 0; i < v.length; i++) {
        dot += (double) v[i] * query[i];
      }
      all.add(new Hit(id, (float) dot));
    });
    all.sort(Comparator.comparingDouble(Hit::score).reversed());
    return all.subList(0, Math.min(k, all.size()));
  }

  private static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }
}
