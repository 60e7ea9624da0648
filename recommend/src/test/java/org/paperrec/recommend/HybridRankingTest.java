package org.paperrec.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.recommend.TestCorpus.ids;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.lucene.View;
import org.paperrec.store.Paper;

/** Hybrid lexical + dense ranking, and the library keeping its lexical index in step. */
class HybridRankingTest {

  /** "tundra" falls on the same hashed dimension of BagOfWordsEmbedder as "frames". */
  private static final String TUNDRA = "2501.00008";
  private static final String VIDEO = "2501.00007";

  @TempDir Path dir;
  TestCorpus corpus;
  Recommender recommender;

  @BeforeEach
  void corpus() {
    corpus = new TestCorpus(dir);
    recommender = new Recommender(corpus.library);
    corpus.add("2501.00001", "spiking neural networks", "spiking neurons energy efficient spikes", "2025-01-10", "cs.NE");
    corpus.add("2501.00002", "spiking transformer", "spiking neurons attention spikes transformer", "2025-01-20", "cs.NE");
    corpus.add("2501.00003", "spiking diffusion", "spiking neurons diffusion spikes generation", "2025-02-01", "cs.NE");
    corpus.add("2501.00004", "graph neural networks", "graph message passing molecules nodes", "2025-01-15", "cs.LG");
    corpus.add("2501.00005", "graph transformers", "graph attention transformer nodes molecules", "2025-03-01", "cs.LG");
    corpus.add("2501.00006", "image diffusion", "diffusion images generation noise pixels", "2025-02-10", "cs.CV");
    corpus.add(VIDEO, "video diffusion", "diffusion video generation noise frames", "2024-12-01", "cs.CV");
    corpus.add(TUNDRA, "tundra", "tundra tundra", "2024-11-01", "q-bio");
  }

  @AfterEach
  void close() {
    corpus.close();
  }

  private static RankingOptions lexical(double w) {
    return RankingOptions.DEFAULT.withLexicalWeight(w);
  }

  @Test
  void hybridWeightZeroEqualsPureDenseRanking() {
    assertEquals(
        recommender.search("frames", Page.DEFAULT, Filter.NONE),
        recommender.search("frames", Page.DEFAULT, Filter.NONE, lexical(0)));
    assertEquals(
        recommender.similar("2501.00006", Page.DEFAULT, Filter.NONE),
        recommender.similar("2501.00006", Page.DEFAULT, Filter.NONE, lexical(0)));
    RecommendRequest.Builder request = RecommendRequest.builder(List.of("2501.00001", "2501.00006"));
    assertEquals(
        recommender.recommend(request.ranking(RankingOptions.DEFAULT).build()).results(),
        recommender.recommend(request.ranking(lexical(0)).build()).results());
  }

  @Test
  void theLexicalPartRanksAnExactTermMatchAboveAHashCollision() {
    assertEquals(TUNDRA, ids(recommender.search("frames", Page.DEFAULT, Filter.NONE)).get(0));
    List<ScoredPaper> hybrid = recommender.search("frames", Page.DEFAULT, Filter.NONE, lexical(0.7));
    assertEquals(VIDEO, hybrid.get(0).paper().id());
    assertEquals(1f, hybrid.get(0).reason().lexical());
  }

  @Test
  void hybridScoreIsTheDocumentedBlendOfDenseAndNormalisedBm25() {
    double w = 0.4;
    List<ScoredPaper> results = recommender.search("diffusion video noise", new Page(20, 0), Filter.NONE, lexical(w));
    assertEquals(8, results.size());
    float bestLexical = 0;
    for (ScoredPaper r : results) {
      ScoredPaper.Reason reason = r.reason();
      assertNotNull(reason.lexical());
      assertTrue(reason.lexical() >= 0 && reason.lexical() <= 1, reason.toString());
      assertEquals((1 - w) * reason.dense() + w * reason.lexical(), r.score(), 1e-6);
      assertTrue(r.score() >= -(1 - w) && r.score() <= 1);
      assertNull(reason.recency());
      bestLexical = Math.max(bestLexical, reason.lexical());
    }
    assertEquals(1f, bestLexical, "BM25 is normalised by the best in the candidate set");
    for (int i = 1; i < results.size(); i++) {
      assertTrue(results.get(i - 1).score() >= results.get(i).score());
    }
  }

  @Test
  void similarPapersAndTextQueriesAcceptTheHybridOption() {
    List<ScoredPaper> similar = recommender.similar(VIDEO, Page.DEFAULT, Filter.NONE, lexical(0.5));
    assertFalse(ids(similar).contains(VIDEO));
    assertEquals("2501.00006", similar.get(0).paper().id(), "shares diffusion, generation and noise");
    assertTrue(similar.stream().allMatch(r -> r.reason().lexical() != null));

    List<ScoredPaper> text =
        recommender.similarToText("frames", "video frames", Page.DEFAULT, Filter.NONE, lexical(0.7));
    assertEquals(VIDEO, text.get(0).paper().id());
  }

  @Test
  void recommendationsBuildTheLexicalQueryFromTheLikedPapers() {
    RecommendRequest request =
        RecommendRequest.builder(List.of(VIDEO)).ranking(lexical(1)).page(new Page(3, 0)).build();
    List<ScoredPaper> results = recommender.recommend(request).results();
    assertEquals("2501.00006", results.get(0).paper().id());
    assertEquals(1f, results.get(0).reason().lexical());
    assertEquals(VIDEO, results.get(0).closestLiked().id());
  }

  @Test
  void explicitCandidatesNormaliseBm25OverTheCandidates() {
    RecommendRequest request =
        RecommendRequest.builder(List.of(VIDEO))
            .ranking(lexical(0.5))
            .candidates(List.of("2501.00001", "2501.00004", "2599.00009"))
            .build();
    Recommendations recs = recommender.recommend(request);
    assertEquals(List.of("2599.00009"), recs.unknownIds());
    // Neither candidate shares a term with the liked paper: both get lexical 0, not NaN.
    assertTrue(recs.results().stream().allMatch(r -> r.reason().lexical() == 0f), recs.results().toString());
  }

  private List<String> lexicalTop(Library library, String text) {
    try (View view = library.view()) {
      return view.lexical(view.textQuery(text), 10, null).stream().map(m -> view.id(m.doc())).toList();
    }
  }

  @Test
  void theLexicalIndexFollowsUpsertsAndDeletes() {
    corpus.add("2501.00009", "zebrafish larvae", "zebrafish larvae swim", "2025-01-01", "q-bio");
    assertEquals(List.of("2501.00009"), lexicalTop(corpus.library, "zebrafish"));

    corpus.add("2501.00009", "axolotl regeneration", "axolotl limbs regrow", "2025-01-01", "q-bio");
    assertEquals(List.of(), lexicalTop(corpus.library, "zebrafish"));
    assertEquals(List.of("2501.00009"), lexicalTop(corpus.library, "axolotl"));

    assertTrue(corpus.library.delete("2501.00009"));
    assertEquals(List.of(), lexicalTop(corpus.library, "axolotl"));
  }

  @Test
  void metadataOnlyUpdatesKeepTheLexicalEntry() {
    Paper video = corpus.store.paper(VIDEO).orElseThrow();
    Paper moreAuthors =
        Paper.of(VIDEO, video.title(), video.abstractText(), List.of("A", "B"), video.date(), video.categories(), 5);
    assertEquals(Library.Change.METADATA_UPDATED, corpus.library.upsert(moreAuthors));
    assertEquals(List.of(VIDEO), lexicalTop(corpus.library, "frames"));
  }

  @Test
  void theLexicalIndexIsPersistedAcrossReopening() {
    List<String> before = lexicalTop(corpus.library, "graph molecules");
    List<ScoredPaper> results = recommender.search("frames", Page.DEFAULT, Filter.NONE, lexical(0.5));
    corpus.library.close();
    try (Library reloaded = Library.open(corpus.store, corpus.embedder)) {
      assertEquals(8, reloaded.size());
      assertEquals(before, lexicalTop(reloaded, "graph molecules"));
      assertEquals(results, new Recommender(reloaded).search("frames", Page.DEFAULT, Filter.NONE, lexical(0.5)));
    }
  }
}
