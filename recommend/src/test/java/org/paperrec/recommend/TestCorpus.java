package org.paperrec.recommend;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/** A real store in a temporary folder with a library over it, filled by {@link #add}; closes both. */
final class TestCorpus implements AutoCloseable {

  final BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
  final PaperStore store;
  final Library library;

  TestCorpus(Path dir) {
    store = PaperStore.open(dir, embedder.fingerprint().toString(), embedder.dimension());
    library = Library.open(store, embedder);
  }

  void add(String id, String title, String abstractText, String date, String... categories) {
    library.upsert(
        Paper.of(id, title, abstractText, List.of("A. Author"), date == null ? null : LocalDate.parse(date), List.of(categories), null));
  }

  static List<String> ids(List<ScoredPaper> results) {
    return results.stream().map(r -> r.paper().id()).toList();
  }

  @Override
  public void close() {
    library.close();
    store.close();
  }
}
