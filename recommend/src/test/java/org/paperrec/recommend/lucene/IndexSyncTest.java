package org.paperrec.recommend.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/** The index beside a real store: built when missing or unusable, caught up from the change log. */
class IndexSyncTest {

  private static final int DIM = 16;
  private static final String MODEL = "test/model test sha256:000000000000 dim=16";

  @TempDir Path dir;
  private PaperStore store;
  private final Random random = new Random(7);

  @BeforeEach
  void open() {
    store = PaperStore.open(dir, MODEL, DIM);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void write(String... ids) {
    List<PaperStore.Entry> entries = new ArrayList<>();
    for (String id : ids) {
      entries.add(new PaperStore.Entry(paper(id), unit()));
    }
    store.putAll(entries);
  }

  private static Paper paper(String id) {
    return Paper.of(id, "title of " + id, "abstract of " + id, List.of("A"), LocalDate.of(2025, 1, 1), List.of("cs.LG"), null);
  }

  private float[] unit() {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return VectorMath.normalizeInPlace(v);
  }

  private IndexSync.Opened sync() {
    return IndexSync.open(store, CorpusIndex.Settings.DEFAULTS, null, IndexSync.Progress.NONE);
  }

  @Test
  void aMissingIndexIsBuiltFromTheStore() {
    write("2501.00001", "2501.00002", "2501.00003");
    IndexSync.Opened opened = sync();
    try (CorpusIndex index = opened.index()) {
      assertEquals(IndexSync.Outcome.REBUILT, opened.outcome());
      assertEquals(3, index.size());
      assertTrue(index.contains("2501.00002"));
    }
  }

  @Test
  void aRebuildOnSeveralThreadsEndsAsOneSegment() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 3_000; i++) {
      ids.add(String.format("2501.%05d", i));
    }
    write(ids.toArray(String[]::new));
    // Each indexing thread fills a segment of its own, and a 1 MiB buffer flushes several more.
    CorpusIndex.Settings smallBuffer = new CorpusIndex.Settings(16, 100, 20_000, 2f, 100, 1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (CorpusIndex index = IndexSync.open(store, smallBuffer, pool, IndexSync.Progress.NONE).index()) {
      assertEquals(3_000, index.size());
    } finally {
      pool.shutdown();
    }
    try (Directory directory = FSDirectory.open(dir.resolve(IndexSync.INDEX_FOLDER))) {
      // Every segment is one more graph search per query.
      assertEquals(1, SegmentInfos.readLatestCommit(directory).size());
    }
  }

  @Test
  void aCommittedIndexOpensWithoutRebuildingAndCatchesUpWithWritesMadeWithoutIt() {
    write("2501.00001", "2501.00002");
    sync().index().close();
    // Written while no index was open (as `paperrec import` does): only the change log knows.
    write("2501.00003");
    store.delete("2501.00001");

    IndexSync.Opened opened = sync();
    try (CorpusIndex index = opened.index()) {
      assertEquals(IndexSync.Outcome.CAUGHT_UP, opened.outcome());
      assertEquals(2, index.size());
      assertTrue(index.contains("2501.00003"));
      assertFalse(index.contains("2501.00001"));
    }
    IndexSync.Opened again = sync();
    try (CorpusIndex index = again.index()) {
      assertEquals(IndexSync.Outcome.CURRENT, again.outcome());
    }
  }

  @Test
  void aCorruptIndexIsRebuilt() throws IOException {
    write("2501.00001", "2501.00002");
    sync().index().close();
    Path indexDir = dir.resolve(IndexSync.INDEX_FOLDER);
    try (Stream<Path> files = Files.list(indexDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("segments")).toList()) {
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      }
    }
    IndexSync.Opened opened = sync();
    try (CorpusIndex index = opened.index()) {
      assertEquals(IndexSync.Outcome.REBUILT, opened.outcome());
      assertEquals(2, index.size());
    }
  }

  @Test
  void anIndexOfAnotherLayoutOrModelIsRebuilt() {
    write("2501.00001");
    try (CorpusIndex index = sync().index()) {
      index.commit(store.lastChange(), "another model");
    }
    IndexSync.Opened opened = sync();
    try (CorpusIndex index = opened.index()) {
      assertEquals(IndexSync.Outcome.REBUILT, opened.outcome());
      assertEquals(1, index.size());
    }
  }

  @Test
  void aFilterThatKeepsOnePercentStillFillsThePage() {
    CorpusIndex index = CorpusIndex.open(dir.resolve("graph"), DIM, CorpusIndex.Settings.DEFAULTS.withExactBelow(0), true, null);
    try (index) {
      for (int i = 0; i < 3000; i++) {
        String category = i % 100 == 0 ? "cs.SC" : "cs.LG";
        Paper p = Paper.of(String.format("2501.%05d", i), "t", "a", List.of(), LocalDate.of(2025, 1, 1), List.of(category), null);
        index.put(p, unit());
      }
      index.refresh();
      try (View view = index.acquire()) {
        List<View.Match> hits = view.nearest(unit(), 10, Set.of(), CorpusIndex.filter(null, null, List.of("cs.SC"), List.of()));
        assertEquals(10, hits.size());
        for (View.Match m : hits) {
          assertEquals(0, Integer.parseInt(view.id(m.doc()).substring(5)) % 100, view.id(m.doc()));
        }
      }
    }
  }
}
