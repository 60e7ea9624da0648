package org.paperrec.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.recommend.TestCorpus.ids;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.index.VectorMath;

/** Options shared by every strategy: recency, like decay, diversity, exclusions, reasons, ranges. */
class RankingOptionsTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String OLD_QUBITS = "2001.00001";
  private static final String NEW_QUBITS = "2505.00001";
  private static final List<String> NEAR_DUPLICATES = List.of("2501.00011", "2501.00012", "2501.00013");

  @TempDir Path dir;
  TestCorpus corpus;
  Recommender recommender;

  @BeforeEach
  void corpus() {
    corpus = new TestCorpus(dir);
    recommender = new Recommender(corpus.library, Clock.fixed(NOW, ZoneOffset.UTC));
    corpus.add("2501.00001", "spiking neural networks", "spiking neurons energy efficient spikes", "2025-01-10", "cs.NE");
    corpus.add("2501.00002", "spiking transformer", "spiking neurons attention spikes transformer", "2025-01-20", "cs.NE");
    corpus.add("2501.00003", "spiking diffusion", "spiking neurons diffusion spikes generation", "2025-02-01", "cs.NE");
    corpus.add("2501.00004", "graph neural networks", "graph message passing molecules nodes", "2025-01-15", "cs.LG");
    corpus.add("2501.00005", "graph transformers", "graph attention transformer nodes molecules", "2025-03-01", "cs.LG");
    corpus.add("2501.00006", "image diffusion", "diffusion images generation noise pixels", "2025-02-10", "cs.CV");
    corpus.add("2501.00007", "video diffusion", "diffusion video generation noise frames", "2024-12-01", "cs.CV");
    for (String id : NEAR_DUPLICATES) {
      corpus.add(id, "spiking neural networks energy", "spiking neurons energy efficient spikes chips", "2025-01-11", "cs.NE");
    }
    corpus.add(OLD_QUBITS, "quantum error correction", "surface codes qubits decoding", "2020-06-01", "quant-ph");
    corpus.add(NEW_QUBITS, "quantum error correction", "surface codes qubits decoding", "2025-05-01", "quant-ph");
    corpus.add("2505.00002", "quantum decoding", "qubits decoding neural decoders", "2025-05-30", "quant-ph");
    corpus.add("1901.00001", "undated spiking", "spiking neurons energy", null, "cs.NE");
  }

  @AfterEach
  void close() {
    corpus.close();
  }

  private List<ScoredPaper> similarToSpiking(RankingOptions options, int limit) {
    return recommender.similar("2501.00001", new Page(limit, 0), Filter.NONE, options);
  }

  @Test
  void diversityZeroEqualsNoDiversification() {
    assertEquals(
        similarToSpiking(RankingOptions.DEFAULT, 10),
        similarToSpiking(RankingOptions.DEFAULT.withDiversity(0), 10));
  }

  @Test
  void diversityReducesNearDuplicatesInThePage() {
    List<ScoredPaper> plain = similarToSpiking(RankingOptions.DEFAULT, 3);
    assertEquals(Set.copyOf(NEAR_DUPLICATES), Set.copyOf(ids(plain)), "precondition: the duplicates fill the page");

    List<ScoredPaper> diverse = similarToSpiking(RankingOptions.DEFAULT.withDiversity(0.5), 3);
    long duplicates = ids(diverse).stream().filter(NEAR_DUPLICATES::contains).count();
    assertTrue(duplicates < 3, ids(diverse).toString());
    assertTrue(maxPairwiseCosine(diverse) < maxPairwiseCosine(plain) - 0.1);
    assertEquals(plain.get(0), diverse.get(0), "the first pick is the most relevant");
  }

  private float maxPairwiseCosine(List<ScoredPaper> results) {
    float max = -1;
    for (int i = 0; i < results.size(); i++) {
      for (int j = i + 1; j < results.size(); j++) {
        float[] a = vector(results.get(i).paper().id());
        float[] b = vector(results.get(j).paper().id());
        max = Math.max(max, VectorMath.dot(a, b));
      }
    }
    return max;
  }

  @Test
  void diversifiedPagesAreSlicesOfOneRanking() {
    RankingOptions options = RankingOptions.DEFAULT.withDiversity(0.5);
    List<String> all = ids(similarToSpiking(options, 8));
    List<String> second = ids(recommender.similar("2501.00001", new Page(3, 3), Filter.NONE, options));
    assertEquals(all.subList(3, 6), second);
  }

  @Test
  void recencyBoostsNewerPapers() {
    List<String> plain = ids(recommender.search("surface codes qubits", new Page(3, 0), Filter.NONE));
    assertEquals(OLD_QUBITS, plain.get(0), "precondition: same text, the earlier inserted wins the tie");

    List<String> recent = ids(recommender.search(
        "surface codes qubits", new Page(3, 0), Filter.NONE, RankingOptions.DEFAULT.withRecency(0.3, 180)));
    assertEquals(NEW_QUBITS, recent.get(0));
    assertEquals(OLD_QUBITS, recent.get(1), "a weak recency weight only breaks near-ties: " + recent);

    List<String> strong = ids(recommender.search(
        "surface codes qubits", new Page(20, 0), Filter.NONE, RankingOptions.DEFAULT.withRecency(0.6, 180)));
    assertTrue(strong.indexOf("2505.00002") < strong.indexOf(OLD_QUBITS), "a strong one lifts a weaker, newer match: " + strong);
  }

  @Test
  void recencyScoreIsTheDocumentedBlend() {
    double r = 0.25;
    double halfLife = 30;
    for (ScoredPaper p : recommender.search("spiking qubits", new Page(20, 0), Filter.NONE, RankingOptions.DEFAULT.withRecency(r, halfLife))) {
      ScoredPaper.Reason reason = p.reason();
      double expectedRecency = p.paper().date() == null
          ? 0
          : Math.pow(2, -(NOW.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay() - p.paper().date().toEpochDay()) / halfLife);
      assertEquals(expectedRecency, reason.recency(), 1e-6, p.paper().id());
      assertEquals((1 - r) * reason.dense() + r * reason.recency(), p.score(), 1e-6, p.paper().id());
    }
  }

  @Test
  void timeDecayLowersAnOldLikesInfluence() {
    List<Liked> liked = List.of(
        new Liked("2501.00001", Instant.parse("2023-06-01T00:00:00Z")),
        new Liked("2501.00004", Instant.parse("2025-05-31T00:00:00Z")));
    for (Strategy strategy : List.of(Strategy.CENTROID, Strategy.BEST_SCORE)) {
      RecommendRequest.Builder request = RecommendRequest.builderOfLiked(liked).strategy(strategy).page(new Page(20, 0));
      float spikingWithoutDecay = scoreOf("2501.00002", request.build());
      RecommendRequest decayed = request.likeHalfLifeDays(30).build();
      assertTrue(scoreOf("2501.00002", decayed) < spikingWithoutDecay - 0.1, strategy.name());
      assertEquals("2501.00005", recommender.recommend(decayed).results().get(0).paper().id(), strategy.name());
    }
  }

  @Test
  void withoutTimesDecayChangesNothing() {
    RecommendRequest.Builder request = RecommendRequest.builder(List.of("2501.00001", "2501.00004"));
    assertEquals(
        recommender.recommend(request.build()).results(),
        recommender.recommend(request.likeHalfLifeDays(30).build()).results());
  }

  private float scoreOf(String id, RecommendRequest request) {
    return recommender.recommend(request).results().stream()
        .filter(r -> r.paper().id().equals(id))
        .findFirst()
        .orElseThrow()
        .score();
  }

  @Test
  void excludedAndSeenPapersAreNeverReturned() {
    Set<String> seen = Set.of("2501.00002", "2501.00005", NEAR_DUPLICATES.get(0));
    for (Strategy strategy : Strategy.values()) {
      for (RankingOptions options : optionCombinations()) {
        RecommendRequest request = RecommendRequest.builder(List.of("2501.00001", "2501.00004", "2501.00006"))
            .strategy(strategy).ranking(options).exclude(seen).page(new Page(100, 0)).build();
        List<String> results = ids(recommender.recommend(request).results());
        assertFalse(results.isEmpty());
        assertTrue(Collections.disjoint(results, seen), strategy + " " + options + ": " + results);
        assertTrue(Collections.disjoint(results, request.positive()), strategy + " " + options + ": " + results);

        RecommendRequest listed = request.toBuilder().candidates(List.of("2501.00002", "2501.00003", "2501.00005")).build();
        assertEquals(List.of("2501.00003"), ids(recommender.recommend(listed).results()), strategy + " " + options);
      }
    }
  }

  @Test
  void everyResultHasAReason() {
    for (RankingOptions options : optionCombinations()) {
      List<ScoredPaper> all = new ArrayList<>();
      all.addAll(recommender.similar("2501.00001", Page.DEFAULT, Filter.NONE, options));
      all.addAll(recommender.search("graph attention", Page.DEFAULT, Filter.NONE, options));
      all.addAll(recommender.similarToText("video", "diffusion video", Page.DEFAULT, Filter.NONE, options));
      for (ScoredPaper r : all) {
        assertNotNull(r.reason());
        assertNull(r.closestLiked());
        assertEquals(options.lexicalWeight() > 0, r.reason().lexical() != null);
        assertEquals(options.recencyWeight() > 0, r.reason().recency() != null);
      }
      for (Strategy strategy : Strategy.values()) {
        RecommendRequest request =
            RecommendRequest.builder(List.of("2501.00001", "2501.00004")).strategy(strategy).ranking(options).build();
        for (ScoredPaper r : recommender.recommend(request).results()) {
          assertNotNull(r.closestLiked(), strategy + " " + options);
          assertTrue(request.positive().contains(r.closestLiked().id()));
          assertEquals(strategy == Strategy.MULTI_INTEREST, r.reason().interest() != null, strategy + " " + options);
        }
      }
    }
  }

  @Test
  void allScoresStayInTheirDocumentedRanges() {
    for (RankingOptions options : optionCombinations()) {
      List<ScoredPaper> all = new ArrayList<>(recommender.search("qubits spiking", new Page(100, 0), Filter.NONE, options));
      for (Strategy strategy : Strategy.values()) {
        all.addAll(recommender.recommend(
            RecommendRequest.builder(List.of("2501.00001", "2505.00002", "2501.00004", "2501.00006"))
                .negative(List.of("2501.00007"))
                .strategy(strategy)
                .ranking(options)
                .page(new Page(100, 0))
                .build()).results());
      }
      for (ScoredPaper r : all) {
        ScoredPaper.Reason reason = r.reason();
        String what = options + " " + r;
        assertTrue(r.score() >= -1 && r.score() <= 1, what);
        assertTrue(reason.dense() >= -1 && reason.dense() <= 1, what);
        assertTrue(reason.lexical() == null || (reason.lexical() >= 0 && reason.lexical() <= 1), what);
        assertTrue(reason.recency() == null || (reason.recency() >= 0 && reason.recency() <= 1), what);
        if (r.closestLiked() != null) {
          assertTrue(r.closestLiked().score() >= -1 && r.closestLiked().score() <= 1, what);
        }
      }
    }
  }

  private static List<RankingOptions> optionCombinations() {
    List<RankingOptions> all = new ArrayList<>();
    for (double w : new double[] {0, 0.5, 1}) {
      for (double d : new double[] {0, 0.7}) {
        for (double r : new double[] {0, 1}) {
          all.add(new RankingOptions(w, d, r, 90));
        }
      }
    }
    return all;
  }

  @Test
  void invalidOptionsAreRefusedNamingTheParameterAndValue() {
    assertMessage("lexicalWeight=1.5", () -> new RankingOptions(1.5, 0, 0, 180));
    assertMessage("diversity=-0.1", () -> new RankingOptions(0, -0.1, 0, 180));
    assertMessage("recencyWeight=NaN", () -> new RankingOptions(0, 0, Double.NaN, 180));
    assertMessage("recencyHalfLifeDays=0.0", () -> new RankingOptions(0, 0, 0.5, 0));
    List<String> liked = List.of("2501.00001");
    assertMessage("likeHalfLifeDays=-1.0", () -> RecommendRequest.builder(liked).likeHalfLifeDays(-1).build());
    assertMessage("maxInterests=11", () -> RecommendRequest.builder(liked).maxInterests(11).build());
    assertMessage("likedAt id=2501.00002",
        () -> new RecommendRequest(liked, null, null, null, null, null, Map.of("2501.00002", NOW), null, 0, 5, 42, null));
    assertMessage("exclude may list at most 10000 papers; it lists 10001",
        () -> RecommendRequest.builder(liked).exclude(IntStream.rangeClosed(0, 10_000).mapToObj(i -> "x" + i).toList()).build());
  }

  private static void assertMessage(String expected, Executable executable) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void theSixArgumentConstructorKeepsEveryNewOptionAtItsDefault() {
    RecommendRequest request = new RecommendRequest(List.of("2501.00001"), null, null, null, null, null);
    assertEquals(RecommendRequest.builder(List.of("2501.00001")).build(), request);
    assertEquals(RankingOptions.RECOMMENDATION_DEFAULT, request.ranking());
    assertEquals(0, request.likeHalfLifeDays());
    assertEquals(Set.of(), request.exclude());
  }

  private float[] vector(String id) {
    try (org.paperrec.recommend.lucene.View view = corpus.library.view()) {
      return view.vector(view.doc(id));
    }
  }
}
