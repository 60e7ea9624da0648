package org.paperrec.recommend.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.paperrec.recommend.index.VectorIndex.Hit;

/**
 * The contract every {@link VectorIndex} passes, with {@link ExactVectorIndex} as the reference
 * answer (STYLE.md: one contract test, several implementations). Random data is seeded; a failing
 * assertion names the seed.
 */
public abstract class VectorIndexContract {

  protected static final int DIM = 32;
  private static final long SEED = 20261202L;

  /** A new, empty index of {@code dimension}; the test does not close it. */
  protected abstract VectorIndex newIndex(int dimension);

  /** How many clustered vectors the recall test uses (graph indexes need enough to be graphs). */
  protected int recallCorpusSize() {
    return 5_000;
  }

  @Test
  void nearestFindsTheStoredVectorItselfFirstWithCosineOne() {
    VectorIndex index = newIndex(DIM);
    Random random = new Random(SEED);
    for (int i = 0; i < 50; i++) {
      index.put("p" + i, unit(random));
    }
    float[] v = index.vector("p7").orElseThrow();
    List<Hit> hits = index.nearest(v, 3, Set.of());
    assertEquals("p7", hits.get(0).id(), "seed " + SEED);
    assertEquals(1f, hits.get(0).score(), 1e-5f);
  }

  @Test
  void nearestGivesExactCosinesBestFirst() {
    VectorIndex index = newIndex(DIM);
    ExactVectorIndex reference = new ExactVectorIndex(DIM);
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 300; i++) {
      float[] v = unit(random);
      index.put("p" + i, v);
      reference.put("p" + i, v);
    }
    float[] q = unit(random);
    List<Hit> hits = index.nearest(q, 10, Set.of());
    List<Hit> expected = reference.nearest(q, 10, Set.of());
    assertEquals(10, hits.size());
    for (int i = 0; i < hits.size(); i++) {
      float exact = VectorMath.dot(q, reference.vector(hits.get(i).id()).orElseThrow());
      assertEquals(exact, hits.get(i).score(), 1e-5f, "the score of a hit is its exact cosine; seed " + SEED);
      if (i > 0) {
        assertTrue(hits.get(i - 1).score() >= hits.get(i).score(), "best first");
      }
    }
    assertEquals(ids(expected), ids(hits), "300 vectors are searched exactly or nearly so; seed " + SEED);
  }

  @Test
  void putReplacesTheVectorOfAnId() {
    VectorIndex index = newIndex(2);
    index.put("a", new float[] {1, 0});
    index.put("a", new float[] {0, 1});
    assertEquals(1, index.size());
    assertArrayEquals(new float[] {0, 1}, index.vector("a").orElseThrow());
    assertEquals(1f, index.nearest(new float[] {0, 1}, 1, Set.of()).get(0).score(), 1e-6f);
  }

  @Test
  void removeDropsTheVectorAndSaysWhetherItWasThere() {
    VectorIndex index = newIndex(2);
    index.put("a", new float[] {1, 0});
    index.put("b", new float[] {0, 1});
    assertTrue(index.remove("a"));
    assertFalse(index.remove("a"));
    assertFalse(index.contains("a"));
    assertTrue(index.vector("a").isEmpty());
    assertEquals(1, index.size());
    assertEquals(List.of("b"), ids(index.nearest(new float[] {1, 0}, 5, Set.of())));
  }

  @Test
  void nearestNeverReturnsAnExcludedId() {
    VectorIndex index = newIndex(2);
    index.put("a", new float[] {1, 0});
    index.put("b", new float[] {0.8f, 0.6f});
    index.put("c", new float[] {0, 1});
    assertEquals(List.of("b", "c"), ids(index.nearest(new float[] {1, 0}, 2, Set.of("a"))));
  }

  @Test
  void manyExcludedIdsStillLeaveKHits() {
    VectorIndex index = newIndex(DIM);
    Random random = new Random(SEED + 2);
    Set<String> excluded = new HashSet<>();
    for (int i = 0; i < 400; i++) {
      index.put("p" + i, unit(random));
      if (i % 2 == 0) {
        excluded.add("p" + i);
      }
    }
    List<Hit> hits = index.nearest(unit(random), 20, excluded);
    assertEquals(20, hits.size());
    for (Hit hit : hits) {
      assertFalse(excluded.contains(hit.id()), hit.id());
    }
  }

  @Test
  void asksForMoreThanStoredGivesAll() {
    VectorIndex index = newIndex(2);
    index.put("a", new float[] {1, 0});
    index.put("b", new float[] {0, 1});
    assertEquals(2, index.nearest(new float[] {1, 0}, 10, Set.of()).size());
  }

  @Test
  void emptyIndexFindsNothing() {
    VectorIndex index = newIndex(2);
    assertEquals(0, index.size());
    assertEquals(List.of(), index.nearest(new float[] {1, 0}, 5, Set.of()));
  }

  @Test
  void vectorOfTheWrongDimensionIsRejected() {
    VectorIndex index = newIndex(3);
    assertThrows(IllegalArgumentException.class, () -> index.put("a", new float[] {1, 0}));
    assertThrows(IllegalArgumentException.class, () -> index.nearest(new float[] {1, 0}, 1, Set.of()));
  }

  @Test
  void vectorReturnsACopy() {
    VectorIndex index = newIndex(2);
    float[] v = {1, 0};
    index.put("a", v);
    v[0] = 0;
    float[] stored = index.vector("a").orElseThrow();
    stored[1] = 5;
    assertArrayEquals(new float[] {1, 0}, index.vector("a").orElseThrow());
  }

  @Test
  void recallAtTenAgainstExactIsAtLeast95PercentOnClusteredVectors() {
    int n = recallCorpusSize();
    VectorIndex index = newIndex(DIM);
    ExactVectorIndex reference = new ExactVectorIndex(DIM);
    Random random = new Random(SEED + 3);
    List<float[]> centroids = new ArrayList<>();
    for (int c = 0; c < 50; c++) {
      centroids.add(unit(random));
    }
    for (int i = 0; i < n; i++) {
      float[] v = clustered(centroids.get(random.nextInt(centroids.size())), 0.35f, random);
      index.put("p" + i, v);
      reference.put("p" + i, v);
    }
    int found = 0;
    int queries = 100;
    for (int q = 0; q < queries; q++) {
      float[] query = clustered(centroids.get(random.nextInt(centroids.size())), 0.35f, random);
      Set<String> expected = new HashSet<>(ids(reference.nearest(query, 10, Set.of())));
      for (Hit hit : index.nearest(query, 10, Set.of())) {
        if (expected.contains(hit.id())) {
          found++;
        }
      }
    }
    double recall = found / (queries * 10.0);
    assertTrue(recall >= 0.95, "recall@10 " + recall + " over " + n + " vectors; seed " + SEED);
  }

  protected static List<String> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }

  protected static float[] unit(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return VectorMath.normalizeInPlace(v);
  }

  private static float[] clustered(float[] centroid, float noise, Random random) {
    float[] v = new float[centroid.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = centroid[i] + noise * (float) random.nextGaussian() / (float) Math.sqrt(centroid.length) * 3;
    }
    return VectorMath.normalizeInPlace(v);
  }
}
