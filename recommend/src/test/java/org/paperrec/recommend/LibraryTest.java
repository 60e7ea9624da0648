package org.paperrec.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.embed.Embedder;
import org.paperrec.embed.ModelFingerprint;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/** The library's change counter, over a real store and a bag-of-words embedder. */
class LibraryTest {

  @TempDir Path dir;
  PaperStore store;
  BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
  Library library;

  @BeforeEach
  void open() {
    store = PaperStore.open(dir, embedder.fingerprint().toString(), embedder.dimension());
    library = Library.open(store, embedder);
  }

  @AfterEach
  void closeStore() {
    library.close();
    store.close();
  }

  private static Paper paper(String id, String title, String date) {
    return Paper.of(id, title, "spiking neurons energy efficient spikes", List.of("A. Author"), LocalDate.parse(date),
        List.of("cs.NE"), null);
  }

  @Test
  void changeCountGrowsWithEveryWriteThatChangesTheCorpusAndOnlyThen() {
    assertEquals(0, library.changeCount());

    assertEquals(Library.Change.ADDED, library.upsert(paper("2501.00001", "spiking networks", "2025-01-10")));
    long afterAdd = library.changeCount();
    assertTrue(afterAdd > 0);

    assertEquals(Library.Change.UNCHANGED, library.upsert(paper("2501.00001", "spiking networks", "2025-01-10")));
    assertEquals(afterAdd, library.changeCount());

    Library.Change change = library.upsert(paper("2501.00001", "spiking networks", "2025-01-11"));
    assertEquals(Library.Change.METADATA_UPDATED, change);
    long afterMetadata = library.changeCount();
    assertTrue(afterMetadata > afterAdd);

    assertEquals(Library.Change.REEMBEDDED, library.upsert(paper("2501.00001", "spiking transformers", "2025-01-11")));
    long afterReembed = library.changeCount();
    assertTrue(afterReembed > afterMetadata);

    assertFalse(library.delete("2599.00001"));
    assertEquals(afterReembed, library.changeCount());
    assertTrue(library.delete("2501.00001"));
    assertTrue(library.changeCount() > afterReembed);
  }

  @Test
  void anIngestThatChangesNothingLeavesTheChangeCountAlone() {
    List<Paper> papers = List.of(paper("2501.00001", "spiking networks", "2025-01-10"),
        paper("2501.00002", "spiking diffusion", "2025-01-12"));
    library.ingest(papers.iterator(), null, counts -> {});
    long afterIngest = library.changeCount();
    assertTrue(afterIngest > 0);

    Library.IngestCounts again = library.ingest(papers.iterator(), null, counts -> {});
    assertEquals(2, again.unchanged());
    assertEquals(afterIngest, library.changeCount());
  }

  @Test
  void aWriteThatFailsAfterTheStoreTookItStillBumpsTheChangeCount() {
    // A closed index refuses the write that the store has already taken. The store's paper is what
    // GET /v1/papers/{id} answers, so readers must see a change.
    Paper paper = paper("2501.00001", "spiking networks", "2025-01-10");
    library.close();

    assertThrows(RuntimeException.class, () -> library.upsert(paper));

    assertTrue(store.paper(paper.id()).isPresent(), "the store took the write");
    assertEquals(1, library.changeCount());
  }

  @Test
  void openRefusesAModelOfAnotherDimensionThanTheStore() {
    Embedder misdeclared = new Embedder() {
      @Override
      public int dimension() {
        return BagOfWordsEmbedder.DIMENSION / 2;
      }

      @Override
      public ModelFingerprint fingerprint() {
        return embedder.fingerprint();
      }

      @Override
      public float[] embed(String text) {
        return embedder.embed(text);
      }

      @Override
      public void close() {}
    };
    assertThrows(IllegalArgumentException.class, () -> Library.open(store, misdeclared));
  }

  @Test
  void aReloadedLibraryStartsCountingAtZero() {
    library.upsert(paper("2501.00001", "spiking networks", "2025-01-10"));
    library.close();
    try (Library reloaded = Library.open(store, embedder)) {
      assertEquals(1, reloaded.size());
      assertEquals(0, reloaded.changeCount());
    }
  }
}
