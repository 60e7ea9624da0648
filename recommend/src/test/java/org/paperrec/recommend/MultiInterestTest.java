package org.paperrec.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.recommend.TestCorpus.ids;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-interest recommendations over two topics, where the reader liked eight spiking-network
 * papers and only two graph papers.
 */
class MultiInterestTest {

  // Chosen so that no word of one topic shares a hashed dimension of BagOfWordsEmbedder with a
  // word of the other: the topics are orthogonal, as two real interests would be far apart.
  private static final String[] SPIKING_WORDS = {
    "chip", "synapse", "membrane", "threshold", "retina", "cochlea", "robot", "event", "coding",
    "temporal", "surrogate", "spinnaker", "dendrite", "axon", "reservoir", "hebbian"
  };
  private static final String[] GRAPH_WORDS = {"chemistry", "social", "traffic", "knowledge", "link", "pooling"};

  @TempDir Path dir;
  TestCorpus corpus;
  Recommender recommender;
  List<String> spiking = new ArrayList<>();
  List<String> graph = new ArrayList<>();

  @BeforeEach
  void corpus() {
    corpus = new TestCorpus(dir);
    recommender = new Recommender(corpus.library);
    for (int i = 0; i < SPIKING_WORDS.length; i++) {
      String id = String.format("2501.%05d", 100 + i);
      corpus.add(id, "spiking " + SPIKING_WORDS[i], "spiking neurons neuromorphic energy " + SPIKING_WORDS[i], "2025-01-10", "cs.NE");
      spiking.add(id);
    }
    for (int i = 0; i < GRAPH_WORDS.length; i++) {
      String id = String.format("2501.%05d", 200 + i);
      corpus.add(id, "graph " + GRAPH_WORDS[i], "graph message passing nodes " + GRAPH_WORDS[i], "2025-01-10", "cs.LG");
      graph.add(id);
    }
  }

  @AfterEach
  void close() {
    corpus.close();
  }

  /** Eight spiking likes and two graph likes. */
  private RecommendRequest.Builder lopsided() {
    List<String> liked = new ArrayList<>(spiking.subList(0, 8));
    liked.addAll(graph.subList(0, 2));
    return RecommendRequest.builder(liked).strategy(Strategy.MULTI_INTEREST);
  }

  private long graphCount(List<ScoredPaper> results) {
    return results.stream().filter(r -> graph.contains(r.paper().id())).count();
  }

  @Test
  void theMinorInterestIsRepresentedWhereTheCentroidCrowdsItOut() {
    List<ScoredPaper> centroid =
        recommender.recommend(lopsided().strategy(Strategy.CENTROID).page(new Page(5, 0)).build()).results();
    assertEquals(0, graphCount(centroid), "precondition: the centroid serves only the dominant topic " + ids(centroid));

    List<ScoredPaper> multi = recommender.recommend(lopsided().page(new Page(5, 0)).build()).results();
    assertEquals(5, multi.size());
    assertTrue(graphCount(multi) >= 1, ids(multi).toString());
    assertTrue(graphCount(multi) < 5, ids(multi).toString());
  }

  @Test
  void quotasFollowInterestSizesWithAFloorOfOneSlot() {
    List<ScoredPaper> results = recommender.recommend(lopsided().page(new Page(10, 0)).build()).results();
    // 8:2 likes over 10 slots: one slot each first, then Sainte-Laguë gives the graph interest 2.
    assertEquals(2, graphCount(results), ids(results).toString());
    assertTrue(spiking.contains(results.get(0).paper().id()));
    assertTrue(graph.contains(results.get(1).paper().id()), "the floor slot comes second: " + ids(results));
  }

  @Test
  void eachResultNamesItsInterestAndTheInterestSize() {
    for (ScoredPaper r : recommender.recommend(lopsided().page(new Page(10, 0)).build()).results()) {
      ScoredPaper.Interest interest = r.reason().interest();
      assertNotNull(interest, r.paper().id());
      assertEquals(2, interest.of());
      if (graph.contains(r.paper().id())) {
        assertEquals(new ScoredPaper.Interest(1, 2, 2), interest);
        assertTrue(graph.subList(0, 2).contains(r.closestLiked().id()));
      } else {
        assertEquals(new ScoredPaper.Interest(0, 8, 2), interest);
        assertTrue(spiking.subList(0, 8).contains(r.closestLiked().id()));
      }
      assertTrue(r.score() >= -1 && r.score() <= 1);
    }
  }

  @Test
  void resultsAreDeduplicatedAndNeverInputs() {
    RecommendRequest request = lopsided().page(new Page(100, 0)).build();
    List<String> results = ids(recommender.recommend(request).results());
    assertEquals(results.size(), results.stream().distinct().count());
    assertEquals(22 - 10, results.size());
    assertTrue(results.stream().noneMatch(request.positive()::contains));
  }

  @Test
  void theSameSeedGivesTheSameRecommendations() {
    RecommendRequest request = lopsided().page(new Page(12, 0)).seed(99).build();
    List<ScoredPaper> first = recommender.recommend(request).results();
    List<ScoredPaper> second = new Recommender(corpus.library).recommend(request).results();
    assertEquals(first, second);
  }

  @Test
  void pagesAreSlicesOfOneMergedRanking() {
    List<String> all = ids(recommender.recommend(lopsided().page(new Page(12, 0)).build()).results());
    List<String> second = ids(recommender.recommend(lopsided().page(new Page(4, 4)).build()).results());
    assertEquals(all.subList(4, 8), second);
  }

  @Test
  void maxInterestsOneIsTheCentroidRanking() {
    List<String> multi = ids(recommender.recommend(lopsided().maxInterests(1).page(new Page(10, 0)).build()).results());
    List<String> centroid = ids(recommender.recommend(lopsided().strategy(Strategy.CENTROID).page(new Page(10, 0)).build()).results());
    assertEquals(centroid, multi);
  }
}
