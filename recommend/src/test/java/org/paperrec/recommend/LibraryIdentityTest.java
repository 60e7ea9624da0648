package org.paperrec.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/**
 * Papers found by any of their IDs, and two records of one paper kept as one document, over a real
 * store and index with a bag-of-words embedder.
 */
class LibraryIdentityTest {

  static final String DOI = "doi:10.1101/2024.01.02.573001";

  @TempDir Path dir;
  PaperStore store;
  BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
  Library library;
  Recommender recommender;

  @BeforeEach
  void open() {
    store = PaperStore.open(dir, embedder.fingerprint().toString(), embedder.dimension());
    library = Library.open(store, embedder);
    recommender = new Recommender(library);
    library.upsert(paper("2501.00002", "graph transformers", "graph attention transformer nodes molecules"));
    library.upsert(paper("2501.00003", "spiking transformer", "spiking neurons attention spikes transformer"));
  }

  @AfterEach
  void close() {
    library.close();
    store.close();
  }

  private static Paper paper(String key, String title, String abstractText, String... aliases) {
    return new Paper(key, title, abstractText, List.of("A. Author"), 1, LocalDate.of(2024, 1, 2), List.of("q-bio.NC"),
        null, List.of(aliases));
  }

  private static Paper preprint() {
    return paper(DOI, "spiking neural networks", "spiking neurons energy efficient spikes", "pmid:19872477");
  }

  private static Paper arxivCopy(String abstractText) {
    return paper("2401.00001", "spiking neural networks", abstractText, DOI);
  }

  private static List<String> ids(List<ScoredPaper> results) {
    return results.stream().map(r -> r.paper().id()).toList();
  }

  @Test
  void theArxivRecordOfAStoredPreprintReplacesItsDocumentAndKeepsItsVectorWhenTheTextIsTheSame() {
    library.upsert(preprint());
    int calls = embedder.calls.get();
    assertEquals(Library.Change.METADATA_UPDATED, library.upsert(arxivCopy("spiking neurons energy efficient spikes")));

    assertEquals(calls, embedder.calls.get(), "the stored vector fits the text");
    assertEquals(3, library.size());
    assertTrue(library.contains("2401.00001"));
    assertFalse(library.contains(DOI), "the old key's document is gone");
    assertEquals(List.of(DOI, "pmid:19872477"), library.paper(DOI).orElseThrow().aliases());
    assertEquals(Optional.of("2401.00001"), library.resolve("PMID:19872477"));
  }

  @Test
  void theArxivRecordWithAnotherTextIsEmbeddedAndStillOnePaper() {
    library.upsert(preprint());
    assertEquals(Library.Change.REEMBEDDED, library.upsert(arxivCopy("spiking neurons energy efficient spikes, revised")));
    assertEquals(3, library.size());
    List<ScoredPaper> results = recommender.search("spiking neurons energy", new Page(10, 0), Filter.NONE);
    assertEquals(1, ids(results).stream().filter(id -> id.equals("2401.00001") || id.equals(DOI)).count(),
        "never two results for one paper: " + ids(results));
  }

  @Test
  void upsertingEitherRecordAgainChangesNothing() {
    library.upsert(preprint());
    library.upsert(arxivCopy("spiking neurons energy efficient spikes"));
    long changes = library.changeCount();
    assertEquals(Library.Change.UNCHANGED, library.upsert(arxivCopy("spiking neurons energy efficient spikes")));
    assertEquals(Library.Change.UNCHANGED, library.upsert(preprint()), "same text and metadata, IDs already known");
    assertEquals(changes, library.changeCount());
  }

  @Test
  void similarAndRecommendationsTakeAnyIdOfAPaperAndAnswerWithKeys() {
    library.upsert(arxivCopy("spiking neurons energy efficient spikes"));
    List<ScoredPaper> similar = recommender.similar(DOI, new Page(10, 0), Filter.NONE);
    assertEquals(List.of("2501.00003", "2501.00002"), ids(similar));

    Recommendations recs = recommender.recommend(RecommendRequest.builder(List.of(DOI, "2401.00001", "pmid:1"))
        .exclude(List.of("2501.00002"))
        .build());
    assertEquals(List.of("2501.00003"), ids(recs.results()));
    assertEquals(List.of("pmid:1"), recs.unknownIds());
    assertEquals("2401.00001", recs.results().get(0).reason().closestLiked().id());
  }

  @Test
  void candidatesAndExclusionsByAliasAreTheirPapers() {
    library.upsert(paper("2501.00004", "spiking diffusion", "spiking neurons diffusion spikes", "acl:p19-1001"));
    library.upsert(arxivCopy("spiking neurons energy efficient spikes"));
    Recommendations recs = recommender.recommend(RecommendRequest.builder(List.of(DOI))
        .candidates(List.of("acl:p19-1001", "2501.00002"))
        .filter(new Filter(null, null, null, Set.of("2501.00002")))
        .build());
    assertEquals(List.of("2501.00004"), ids(recs.results()));
    assertEquals(List.of(), recs.unknownIds());
  }

  @Test
  void deleteByAnAliasRemovesThePaperFromStoreAndIndex() {
    library.upsert(arxivCopy("spiking neurons energy efficient spikes"));
    assertTrue(library.delete("DOI:10.1101/2024.01.02.573001"));
    assertFalse(library.contains("2401.00001"));
    assertEquals(Optional.empty(), library.resolve(DOI));
    assertEquals(2, library.size());
  }

  @Test
  void anIndexCatchesUpWithARekeyWrittenToTheStoreWhileTheLibraryWasClosed() {
    library.upsert(preprint());
    library.close();
    // As `paperrec import` writes: straight into the store, the index catches up when it opens.
    store.put(arxivCopy("spiking neurons energy efficient spikes"), embedder.embedDocument("a", "b"));
    library = Library.open(store, embedder);
    recommender = new Recommender(library);
    assertTrue(library.contains("2401.00001"));
    assertFalse(library.contains(DOI));
    assertEquals(3, library.size());
    assertEquals(Map.of(DOI, "2401.00001"), library.keys(List.of(DOI, "pmid:2")));
  }

  @Test
  void aPaperThatCannotBeMergedIsCountedAsFailedAndTheIngestGoesOn() {
    List<String> many = new ArrayList<>();
    for (int i = 1; i <= Paper.MAX_ALIASES; i++) {
      many.add("pmid:" + i);
    }
    library.upsert(paper("2401.00001", "spiking neural networks", "spiking neurons", many.toArray(String[]::new)));
    Library.IngestCounts counts = library.ingest(List.of(
        paper("doi:10.1000/too-many", "spiking again", "spiking neurons again", "pmid:1"),
        paper("2501.00009", "graph diffusion", "graph nodes diffusion")).iterator(), null, c -> {});

    assertEquals(1, counts.failed());
    assertEquals(1, counts.added());
    assertTrue(library.contains("2501.00009"));
    assertEquals(Optional.empty(), library.resolve("doi:10.1000/too-many"));
  }
}
