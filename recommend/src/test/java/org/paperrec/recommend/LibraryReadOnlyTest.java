package org.paperrec.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.lucene.CorpusIndex;
import org.paperrec.recommend.lucene.IndexSync;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/** {@link Library#openReadOnly}: beside a writing library, without a model, refusing writes. */
class LibraryReadOnlyTest {

  @TempDir Path tmp;
  Path dir;
  BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
  PaperStore writerStore;
  Library writer;

  @BeforeEach
  void open() {
    dir = tmp.resolve("data");
    writerStore = PaperStore.open(dir, embedder.fingerprint().toString(), embedder.dimension());
    writer = Library.open(writerStore, embedder);
    writer.upsert(paper("2501.00001", "spiking neural networks"));
    writer.upsert(paper("2501.00002", "spiking neurons on chips"));
    writer.upsert(paper("2501.00003", "protein folding"));
    writer.commit();
  }

  @AfterEach
  void close() {
    writer.close();
    writerStore.close();
  }

  private static Paper paper(String id, String title) {
    return Paper.of(id, title, title + " abstract", List.of("A. Author"), LocalDate.of(2025, 1, 10), List.of("cs.NE"), null);
  }

  @Test
  void aReadOnlyLibraryWithoutTheModelAnswersQueriesByIdBesideAWriter() {
    try (PaperStore store = PaperStore.openReadOnly(dir);
        Library library = Library.openReadOnly(store, null, CorpusIndex.Settings.DEFAULTS)) {
      assertEquals(3, library.size());
      List<ScoredPaper> similar = new Recommender(library, Clock.systemUTC()).similar("2501.00001", new Page(2, 0), Filter.NONE);
      List<ScoredPaper> expected = new Recommender(writer, Clock.systemUTC()).similar("2501.00001", new Page(2, 0), Filter.NONE);
      assertEquals(TestCorpus.ids(expected), TestCorpus.ids(similar));
      assertEquals(2, similar.size());
      var e = assertThrows(IllegalStateException.class, library::embedder);
      assertTrue(e.getMessage().contains("opened without the model"), e.getMessage());
    }
  }

  @Test
  void aReadOnlyLibraryShowsTheIndexAsOfItsLastCommit() {
    writer.upsert(paper("2501.00004", "spiking transformers"));
    try (PaperStore store = PaperStore.openReadOnly(dir);
        Library library = Library.openReadOnly(store, null, CorpusIndex.Settings.DEFAULTS)) {
      assertEquals(3, library.size(), "the fourth paper is not committed yet");
      assertFalse(library.contains("2501.00004"));
    }
  }

  @Test
  void aReadOnlyLibraryRefusesWritesAndClosesWithoutCommitting() {
    PaperStore store = PaperStore.openReadOnly(dir);
    Library library = Library.openReadOnly(store, null, CorpusIndex.Settings.DEFAULTS);
    try {
      assertThrows(IllegalStateException.class, () -> library.upsert(paper("2501.00005", "new")));
      assertThrows(IllegalStateException.class,
          () -> library.ingest(List.of(paper("2501.00005", "new")).iterator(), null, counts -> {}));
      assertThrows(IllegalStateException.class, () -> library.delete("2501.00001"));
      assertThrows(IllegalStateException.class, library::commit);
    } finally {
      // A commit at close would throw here: the read-only index and store refuse it.
      library.close();
      store.close();
    }
    assertEquals(3, writer.size());
  }

  @Test
  void aFolderWithoutASearchIndexIsRefusedWithWhatToRunAndNothingIsCreated() throws Exception {
    Path other = tmp.resolve("other");
    try (PaperStore s = PaperStore.open(other, embedder.fingerprint().toString(), embedder.dimension())) {
      s.put(paper("2501.00001", "spiking neural networks"), embedder.embed("spiking"));
    }
    try (PaperStore store = PaperStore.openReadOnly(other)) {
      var e = assertThrows(IllegalStateException.class, () -> Library.openReadOnly(store, null, CorpusIndex.Settings.DEFAULTS));
      assertEquals("the data folder " + other + " has no search index yet: start `paperrec serve --data " + other
          + "` once, or run a writing command such as `paperrec ingest`, to build it", e.getMessage());
    }
    assertFalse(Files.exists(other.resolve(IndexSync.INDEX_FOLDER)));
  }
}
