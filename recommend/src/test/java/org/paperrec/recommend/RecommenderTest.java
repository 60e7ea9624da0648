package org.paperrec.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/**
 * Ranking logic over a real store, with a bag-of-words embedder so that expected neighbours are
 * obvious from the words. The real model's rankings are tested in the server module.
 */
class RecommenderTest {

  @TempDir Path dir;
  PaperStore store;
  BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
  Library library;
  Recommender recommender;

  @BeforeEach
  void corpus() {
    store = PaperStore.open(dir, embedder.fingerprint().toString(), embedder.dimension());
    library = Library.open(store, embedder);
    recommender = new Recommender(library);
    add("2501.00001", "spiking neural networks", "spiking neurons energy efficient spikes", "2025-01-10", "cs.NE");
    add("2501.00002", "spiking transformer", "spiking neurons attention spikes transformer", "2025-01-20", "cs.NE", "cs.LG");
    add("2501.00003", "spiking diffusion", "spiking neurons diffusion spikes generation", "2025-02-01", "cs.NE", "cs.CV");
    add("2501.00004", "graph neural networks", "graph message passing molecules nodes", "2025-01-15", "cs.LG");
    add("2501.00005", "graph transformers", "graph attention transformer nodes molecules", "2025-03-01", "cs.LG");
    add("2501.00006", "image diffusion", "diffusion images generation noise pixels", "2025-02-10", "cs.CV");
    add("2501.00007", "video diffusion", "diffusion video generation noise frames", "2024-12-01", "cs.CV");
  }

  @AfterEach
  void closeStore() {
    library.close();
    store.close();
  }

  private void add(String id, String title, String abstractText, String date, String... categories) {
    library.upsert(Paper.of(id, title, abstractText, List.of("A. Author"), LocalDate.parse(date), List.of(categories), null));
  }

  private static List<String> ids(List<ScoredPaper> results) {
    return results.stream().map(r -> r.paper().id()).toList();
  }

  @Test
  void similarExcludesTheQueryPaperAndRanksByScore() {
    List<ScoredPaper> results = recommender.similar("2501.00001", new Page(10, 0), Filter.NONE);
    assertEquals(6, results.size());
    assertFalse(ids(results).contains("2501.00001"));
    assertEquals(Set.of("2501.00002", "2501.00003"), Set.copyOf(ids(results).subList(0, 2)));
    for (int i = 1; i < results.size(); i++) {
      assertTrue(results.get(i - 1).score() >= results.get(i).score());
    }
    assertTrue(results.stream().allMatch(r -> r.score() >= -1 && r.score() <= 1));
  }

  @Test
  void similarOfAnUnknownPaperThrowsNotFound() {
    assertThrows(PaperNotFoundException.class, () -> recommender.similar("2599.00001", Page.DEFAULT, Filter.NONE));
  }

  @Test
  void pagesAreSlicesOfOneRanking() {
    List<String> all = ids(recommender.similar("2501.00001", new Page(6, 0), Filter.NONE));
    assertEquals(all.subList(2, 4), ids(recommender.similar("2501.00001", new Page(2, 2), Filter.NONE)));
    assertEquals(List.of(), recommender.similar("2501.00001", new Page(5, 10), Filter.NONE));
  }

  @Test
  void dateAndCategoryFiltersRestrictResults() {
    Filter since = new Filter(LocalDate.parse("2025-02-01"), null, Set.of(), Set.of());
    assertEquals(
        Set.of("2501.00003", "2501.00005", "2501.00006"),
        Set.copyOf(ids(recommender.similar("2501.00001", new Page(10, 0), since))));

    Filter cv = new Filter(null, LocalDate.parse("2025-01-31"), Set.of("cs.CV"), Set.of());
    assertEquals(List.of("2501.00007"), ids(recommender.similar("2501.00006", new Page(10, 0), cv)));

    Filter archive = new Filter(null, null, Set.of("cs"), Set.of("2501.00002"));
    assertEquals(5, recommender.similar("2501.00001", new Page(10, 0), archive).size());
  }

  @Test
  void recommendationsNeverReturnTheInputPapers() {
    for (Strategy strategy : Strategy.values()) {
      RecommendRequest request =
          new RecommendRequest(List.of("2501.00001", "2501.00004"), List.of("2501.00006"), strategy, new Page(10, 0), null, null);
      List<String> results = ids(recommender.recommend(request).results());
      assertEquals(4, results.size(), strategy.name());
      assertFalse(results.contains("2501.00001") || results.contains("2501.00004") || results.contains("2501.00006"));
    }
  }

  @Test
  void negativesPushResultsAway() {
    for (Strategy strategy : Strategy.values()) {
      float likeOnly = scoreOf("2501.00002", new RecommendRequest(List.of("2501.00003"), List.of(), strategy, Page.DEFAULT, null, null));
      float withDislike =
          scoreOf("2501.00002", new RecommendRequest(List.of("2501.00003"), List.of("2501.00001"), strategy, Page.DEFAULT, null, null));
      assertTrue(
          withDislike < likeOnly - 0.05f,
          strategy + ": the spiking transformer should score lower once a spiking paper is disliked: " + likeOnly + " vs " + withDislike);
    }
  }

  private float scoreOf(String id, RecommendRequest request) {
    return recommender.recommend(request).results().stream()
        .filter(r -> r.paper().id().equals(id))
        .findFirst()
        .orElseThrow()
        .score();
  }

  @Test
  void bestScoreKeepsTwoInterestsWhereEachResultIsExplainedByItsClosestLike() {
    RecommendRequest request =
        new RecommendRequest(List.of("2501.00001", "2501.00004"), List.of(), Strategy.BEST_SCORE, new Page(2, 0), null, null);
    Recommendations recs = recommender.recommend(request);
    Set<String> spiking = Set.of("2501.00002", "2501.00003");
    Set<String> graph = Set.of("2501.00005");
    assertEquals(1, recs.results().stream().filter(r -> spiking.contains(r.paper().id())).count(), ids(recs.results()).toString());
    assertEquals(1, recs.results().stream().filter(r -> graph.contains(r.paper().id())).count(), ids(recs.results()).toString());
    for (ScoredPaper r : recs.results()) {
      String expected = spiking.contains(r.paper().id()) ? "2501.00001" : "2501.00004";
      assertEquals(expected, r.closestLiked().id());
    }
  }

  @Test
  void unknownIdsAreReportedWhileTheRequestSucceeds() {
    Recommendations recs =
        recommender.recommend(new RecommendRequest(List.of("2501.00001", "2599.00001"), List.of("2599.00002"), null, null, null, null));
    assertEquals(List.of("2599.00001", "2599.00002"), recs.unknownIds());
    assertFalse(recs.results().isEmpty());
  }

  @Test
  void noKnownPositiveIsRefusedAsNoKnownLikes() {
    NoKnownLikesException e =
        assertThrows(
            NoKnownLikesException.class,
            () -> recommender.recommend(new RecommendRequest(List.of("2599.00001"), null, null, null, null, null)));
    assertTrue(e.getMessage().contains("2599.00001"), e.getMessage());
  }

  @Test
  void candidatesRestrictTheRanking() {
    Recommendations recs =
        recommender.recommend(
            new RecommendRequest(
                List.of("2501.00001"), null, null, null, null,
                List.of("2501.00006", "2501.00002", "2599.00009", "2501.00001")));
    assertEquals(List.of("2501.00002", "2501.00006"), ids(recs.results()));
    assertEquals(List.of("2599.00009"), recs.unknownIds());
  }

  @Test
  void reingestEmbedsOnlyNewOrChangedText() {
    int before = embedder.calls.get();
    Paper same = store.paper("2501.00001").orElseThrow();
    assertEquals(Library.Change.UNCHANGED, library.upsert(same));
    Paper moreAuthors = Paper.of(same.id(), same.title(), same.abstractText(), List.of("A", "B"), same.date(), same.categories(), 3);
    assertEquals(Library.Change.METADATA_UPDATED, library.upsert(moreAuthors));
    assertEquals(before, embedder.calls.get());
    Paper newText = Paper.of(same.id(), same.title(), "graph message passing", List.of("A"), same.date(), same.categories(), null);
    assertEquals(Library.Change.REEMBEDDED, library.upsert(newText));
    assertEquals(before + 1, embedder.calls.get());
    assertEquals("2501.00004", ids(recommender.similar("2501.00001", new Page(1, 0), Filter.NONE)).get(0));
  }

  @Test
  void deletedPapersDisappearFromResultsAndFromTheStore() {
    assertTrue(library.delete("2501.00002"));
    assertFalse(ids(recommender.similar("2501.00001", Page.DEFAULT, Filter.NONE)).contains("2501.00002"));
    assertTrue(store.paper("2501.00002").isEmpty());
    assertFalse(library.delete("2501.00002"));
  }

  @Test
  void aReloadedLibraryAnswersLikeTheOriginal() {
    List<String> before = ids(recommender.similar("2501.00005", Page.DEFAULT, Filter.NONE));
    library.close();
    try (Library reloaded = Library.open(store, embedder)) {
      assertEquals(7, reloaded.size());
      assertEquals(before, ids(new Recommender(reloaded).similar("2501.00005", Page.DEFAULT, Filter.NONE)));
    }
  }
}
