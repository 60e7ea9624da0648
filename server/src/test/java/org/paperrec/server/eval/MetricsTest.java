package org.paperrec.server.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every metric on a list small enough to work out by hand; the arithmetic is in the comments. */
class MetricsTest {

  private static final double EPS = 1e-9;

  @Test
  void recallCountsTargetsFoundInTheTopKOverAllTargets() {
    List<String> ranked = List.of("a", "b", "c", "d", "e");
    Set<String> targets = Set.of("b", "e", "x");

    assertEquals(1.0 / 3, Metrics.recallAtK(ranked, targets, 2), EPS); // b
    assertEquals(2.0 / 3, Metrics.recallAtK(ranked, targets, 5), EPS); // b, e; x never ranked
    assertEquals(2.0 / 3, Metrics.recallAtK(ranked, targets, 50), EPS); // a short list is not an error
  }

  @Test
  void ndcgDiscountsByLogOfRankAndNormalisesByTheIdealList() {
    // DCG = 1/log2(3) + 1/log2(4) = 0.630930 + 0.5; ideal = 1/log2(2) + 1/log2(3) = 1 + 0.630930.
    double expected = (1 / log2(3) + 1 / log2(4)) / (1 + 1 / log2(3));
    assertEquals(expected, Metrics.ndcgAtK(List.of("a", "b", "c"), Set.of("b", "c"), 3), EPS);
    assertEquals(0.693426, expected, 1e-6);
  }

  @Test
  void ndcgIdealHasOnlyKSlotsWhenThereAreMoreTargets() {
    // Both top slots relevant, five targets: ideal DCG@2 fills 2 slots, so nDCG@2 = 1.
    assertEquals(1.0, Metrics.ndcgAtK(List.of("a", "b", "c"), Set.of("a", "b", "x", "y", "z"), 2), EPS);
    assertEquals(0.0, Metrics.ndcgAtK(List.of("c", "d"), Set.of("a"), 2), EPS);
  }

  @Test
  void reciprocalRankIsOneOverTheRankOfTheFirstTarget() {
    assertEquals(1.0 / 3, Metrics.reciprocalRank(List.of("a", "b", "c", "d"), Set.of("c", "d")), EPS);
    assertEquals(1.0, Metrics.reciprocalRank(List.of("c"), Set.of("c")), EPS);
    assertEquals(0.0, Metrics.reciprocalRank(List.of("a", "b"), Set.of("c")), EPS);
  }

  @Test
  void rankingMetricsRefuseAnEmptyTargetSet() {
    assertThrows(IllegalArgumentException.class, () -> Metrics.recallAtK(List.of("a"), Set.of(), 10));
    assertThrows(IllegalArgumentException.class, () -> Metrics.ndcgAtK(List.of("a"), Set.of(), 10));
    assertThrows(IllegalArgumentException.class, () -> Metrics.reciprocalRank(List.of("a"), Set.of()));
    assertThrows(IllegalArgumentException.class, () -> Metrics.recallAtK(List.of("a"), Set.of("a"), 0));
  }

  @Test
  void liftIsPrecisionOverTheBaseRate() {
    assertEquals(2.0, Metrics.lift(0.65, 0.325), EPS);
    assertEquals(1.0, Metrics.lift(0.325, 0.325), EPS);
    assertThrows(IllegalArgumentException.class, () -> Metrics.lift(0.5, 0));
  }

  @Test
  void fractionMatchingIsPrecisionOfAList() {
    assertEquals(0.75, Metrics.fractionMatching(List.of("cs.CL", "cs.CL", "cs.CV", "cs.CL"), "cs.CL"::equals), EPS);
    assertEquals(0.0, Metrics.fractionMatching(List.<String>of(), "cs.CL"::equals), EPS);
  }

  @Test
  void jaccardIsIntersectionOverUnion() {
    assertEquals(1.0 / 3, Metrics.jaccard(Set.of("cs.CL", "cs.AI"), Set.of("cs.CL", "cs.LG")), EPS); // {CL} / {CL, AI, LG}
    assertEquals(1.0, Metrics.jaccard(List.of("cs.CL", "cs.CL"), Set.of("cs.CL")), EPS); // duplicates ignored
    assertEquals(0.0, Metrics.jaccard(Set.of("cs.CV"), Set.of("cs.CL")), EPS);
    assertEquals(0.0, Metrics.jaccard(Set.of(), Set.of()), EPS);
  }

  @Test
  void sameLabelRateIsTheChanceThatARandomOtherPaperSharesTheLabel() {
    // Papers A, A, A, B: a query A (3/4) meets another A with 2/3, a query B never: 3/4 * 2/3 = 1/2.
    assertEquals(0.5, CategoryBaselines.sameLabelRate(Map.of("A", 3L, "B", 1L)), EPS);
    assertEquals(1.0, CategoryBaselines.sameLabelRate(Map.of("A", 2L)), EPS);
    assertThrows(IllegalArgumentException.class, () -> CategoryBaselines.sameLabelRate(Map.of("A", 1L)));
  }

  @Test
  void expectedJaccardAveragesOverOrderedPairsOfDistinctPapers() {
    // Papers {x}, {x}, {x,y}: 6 ordered pairs; the two {x}-{x} pairs score 1, the four {x}-{x,y} pairs 1/2.
    double expected = (2 * 1.0 + 4 * 0.5) / 6;
    assertEquals(expected, CategoryBaselines.expectedJaccard(Map.of(Set.of("x"), 2L, Set.of("x", "y"), 1L)), EPS);
  }

  @Test
  void intraListDiversityIsMeanPairwiseOneMinusCosine() {
    float h = (float) Math.sqrt(0.5);
    List<float[]> list = List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {h, h});
    // Pairs: e1-e2 cosine 0 -> 1; e1-v and e2-v cosine 0.7071 -> 0.2929 each; mean 1.5858 / 3.
    assertEquals((1 + 2 * (1 - Math.sqrt(0.5))) / 3, Metrics.intraListDiversity(list), 1e-6);
    assertEquals(0.0, Metrics.intraListDiversity(List.of(new float[] {1, 0}, new float[] {1, 0})), 1e-6);
    assertThrows(IllegalArgumentException.class, () -> Metrics.intraListDiversity(List.of(new float[] {1, 0})));
  }

  @Test
  void coverageCountsDistinctPapersInAnyListOverTheCatalogue() {
    assertEquals(0.3, Metrics.coverage(List.of(List.of("a", "b"), List.of("b", "c")), 10), EPS);
    assertThrows(IllegalArgumentException.class, () -> Metrics.coverage(List.of(), 0));
  }

  @Test
  void meanCiUsesTheSampleStandardDeviation() {
    // Mean 0.5; sample sd sqrt((4 * 0.25) / 3) = 0.57735; half-width 1.96 * 0.57735 / 2.
    MeanCi m = MeanCi.of(new double[] {0, 1, 1, 0});
    assertEquals(0.5, m.mean(), EPS);
    assertEquals(1.96 * Math.sqrt(1.0 / 3) / 2, m.halfWidth95(), EPS);
    assertEquals(4, m.n());
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
