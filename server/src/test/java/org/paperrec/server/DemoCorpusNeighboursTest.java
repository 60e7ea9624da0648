package org.paperrec.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.embed.ModelBuild;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Library.IngestCounts;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.recommend.ScoredPaper;
import org.paperrec.recommend.Strategy;
import org.paperrec.server.corpus.CorpusSummary;
import org.paperrec.server.corpus.DemoCorpus;
import org.paperrec.server.corpus.PaperStream;
import org.paperrec.store.Paper;

/** The bundled demo corpus, embedded with the real model into a real store, gives sensible neighbours. */
class DemoCorpusNeighboursTest {

  /** Spiking-neural-network papers of the demo page (besides the query paper 2501.13492). */
  private static final Set<String> SPIKING =
      Set.of("2303.10276", "2302.13939", "2306.17670", "2311.10802", "2408.16467", "2412.07360");
  private static final String QUANTIZED_SPIKE_DRIVEN_TRANSFORMER = "2501.13492";

  @TempDir static Path data;
  static Engine engine;
  static IngestCounts firstIngest;

  @BeforeAll
  static void ingestDemoCorpus() throws Exception {
    engine = Engine.open(data, ModelBuild.INT8, 2);
    firstIngest = ingestDemo();
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  private static IngestCounts ingestDemo() throws Exception {
    CorpusSummary summary = new CorpusSummary();
    try (PaperStream stream = DemoCorpus.open(summary)) {
      return engine.library().ingest(iterate(stream), engine.embedPool(), counts -> {});
    }
  }

  @Test
  void allFortyEightPapersAreIngested() {
    assertEquals(48, firstIngest.added());
    assertEquals(48, engine.library().size());
  }

  @Test
  void quantizedSpikeDrivenTransformerHasSpikingPapersAmongItsNeighbours() {
    List<ScoredPaper> similar =
        engine.recommender().similar(QUANTIZED_SPIKE_DRIVEN_TRANSFORMER, new Page(5, 0), Filter.NONE);
    long spiking = similar.stream().filter(r -> SPIKING.contains(r.paper().id())).count();
    assertTrue(spiking >= 3, "expected at least 3 spiking-network papers in the top 5, got " + titles(similar));
  }

  @Test
  void similarNeverReturnsTheQueryPaper() {
    List<ScoredPaper> similar =
        engine.recommender().similar(QUANTIZED_SPIKE_DRIVEN_TRANSFORMER, new Page(47, 0), Filter.NONE);
    assertEquals(47, similar.size());
    assertFalse(similar.stream().anyMatch(r -> r.paper().id().equals(QUANTIZED_SPIKE_DRIVEN_TRANSFORMER)));
  }

  @Test
  void dislikingSpikingPapersPushesThemDown() {
    RecommendRequest likeOnly =
        new RecommendRequest(List.of("2302.13939"), List.of(), Strategy.CENTROID, new Page(10, 0), null, null);
    RecommendRequest withDislikes =
        new RecommendRequest(
            List.of("2302.13939"), List.of("2306.17670", "2412.07360"), Strategy.CENTROID, new Page(10, 0), null, null);
    long before = spikingCount(engine.recommender().recommend(likeOnly).results());
    long after = spikingCount(engine.recommender().recommend(withDislikes).results());
    assertTrue(after < before, "spiking papers in top 10: " + before + " without dislikes, " + after + " with");
  }

  @Test
  void reingestingTheSameFileEmbedsNothing() throws Exception {
    IngestCounts again = ingestDemo();
    assertEquals(48, again.unchanged());
    assertEquals(0, again.added() + again.reembedded() + again.failed());
  }

  private static long spikingCount(List<ScoredPaper> results) {
    return results.stream().filter(r -> SPIKING.contains(r.paper().id())).count();
  }

  private static List<String> titles(List<ScoredPaper> results) {
    return results.stream().map(r -> r.paper().id() + " " + r.paper().title()).toList();
  }

  static java.util.Iterator<Paper> iterate(PaperStream stream) throws Exception {
    List<Paper> papers = new java.util.ArrayList<>();
    for (Paper p = stream.next(); p != null; p = stream.next()) {
      papers.add(p);
    }
    return papers.iterator();
  }
}
