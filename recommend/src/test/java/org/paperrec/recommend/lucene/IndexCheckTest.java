package org.paperrec.recommend.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.store.CheckReport;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperStore;

/**
 * The search index against its store: each test makes a sound folder through the store and index
 * APIs, then either leaves the index legitimately behind (clean) or writes one document the store
 * does not agree with and commits it as if it reflected the store (a violation).
 */
class IndexCheckTest {

  private static final int DIM = 16;
  private static final String MODEL = "test/model test sha256:000000000000 dim=16";

  @TempDir Path dir;
  private PaperStore store;
  private final Random random = new Random(11);

  @BeforeEach
  void soundFolder() {
    store = PaperStore.open(dir, MODEL, DIM);
    for (String id : List.of("2501.00001", "2501.00002", "2501.00003")) {
      store.put(paper(id), unit());
    }
    sync().close();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private CorpusIndex sync() {
    return IndexSync.open(store, CorpusIndex.Settings.DEFAULTS, null, IndexSync.Progress.NONE).index();
  }

  /** The index opened for writing as it is, without catching up. */
  private CorpusIndex rawIndex() {
    return CorpusIndex.open(dir.resolve(IndexSync.INDEX_FOLDER), DIM, CorpusIndex.Settings.DEFAULTS, false, null);
  }

  private CheckReport check() {
    store.close();
    return IndexCheck.checkFolder(dir);
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

  @Test
  void indexInStepWithTheStoreIsClean() {
    CheckReport report = check();
    assertTrue(report.isClean(), report.findings().toString());
    assertEquals(0, report.warningCount(), report.findings().toString());
    assertEquals(3L, report.figures().get("index documents"));
    assertEquals(0L, report.figures().get("index changes behind"));
  }

  @Test
  void indexBehindTheStoreByLoggedChangesIsClean() {
    // Written and deleted after the index's last commit, as a crash before the next commit leaves them.
    store.put(paper("2501.00004"), unit());
    store.delete("2501.00001");
    CheckReport report = check();
    assertTrue(report.isClean(), report.findings().toString());
    assertEquals(2L, report.figures().get("index changes behind"));
  }

  @Test
  void indexEntryWithoutPaperIsAViolation() {
    try (CorpusIndex index = rawIndex()) {
      index.put(paper("2501.09999"), unit());
      index.commit(store.lastChange(), MODEL);
    }
    CheckReport report = check();
    assertEquals(Map.of(IndexCheck.INDEX_ENTRY_WITHOUT_PAPER, 1L), report.violations(), report.findings().toString());
  }

  @Test
  void paperMissingFromTheIndexIsAViolation() {
    try (CorpusIndex index = rawIndex()) {
      index.delete("2501.00002");
      index.commit(store.lastChange(), MODEL);
    }
    CheckReport report = check();
    assertEquals(Map.of(IndexCheck.PAPER_MISSING_FROM_INDEX, 1L), report.violations(), report.findings().toString());
  }

  @Test
  void indexVectorOtherThanTheStoredOneIsAViolation() {
    try (CorpusIndex index = rawIndex()) {
      index.put(paper("2501.00003"), unit());
      index.commit(store.lastChange(), MODEL);
    }
    CheckReport report = check();
    assertEquals(Map.of(IndexCheck.INDEX_VECTOR_DIFFERS, 1L), report.violations(), report.findings().toString());
  }

  @Test
  void paperIndexedTwiceIsAViolation() throws IOException {
    // CorpusIndex replaces by ID, so only a writer that bypasses it can add a second document.
    try (Directory directory = FSDirectory.open(dir.resolve(IndexSync.INDEX_FOLDER))) {
      Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
        Document doc = new Document();
        doc.add(new StringField(CorpusIndex.F_ID, "2501.00001", Field.Store.YES));
        writer.addDocument(doc);
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
      }
    }
    CheckReport report = check();
    assertEquals(Map.of(IndexCheck.INDEX_DUPLICATE, 1L), report.violations(), report.findings().toString());
  }

  @Test
  void indexWhoseFilesAreGoneIsAViolation() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(IndexSync.INDEX_FOLDER))) {
      for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("segments")
          && !f.getFileName().toString().endsWith(".si") && !f.getFileName().toString().equals("write.lock")).toList()) {
        Files.delete(f);
      }
    }
    CheckReport report = check();
    assertEquals(Map.of(IndexCheck.INDEX_UNREADABLE, 1L), report.violations(), report.findings().toString());
  }

  @Test
  void missingIndexIsAWarningTheNextServeRepairs() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve(IndexSync.INDEX_FOLDER))) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    CheckReport report = check();
    assertTrue(report.isClean(), report.findings().toString());
    assertEquals(1, report.warnings(IndexCheck.INDEX_REBUILT_ON_OPEN));
  }

  @Test
  void indexAheadOfTheStoreIsAWarningTheNextServeRepairs() {
    try (CorpusIndex index = rawIndex()) {
      index.commit(store.lastChange() + 5, MODEL);
    }
    CheckReport report = check();
    assertTrue(report.isClean(), report.findings().toString());
    assertEquals(1, report.warnings(IndexCheck.INDEX_REBUILT_ON_OPEN));
  }

  @Test
  void storeViolationsAreReportedToo() {
    store.close();
    try (PaperStore reopened = PaperStore.openReadOnly(dir)) {
      CheckReport report = new CheckReport();
      org.paperrec.store.StoreCheck.run(reopened, report);
      assertTrue(report.isClean(), report.findings().toString());
    }
    assertTrue(IndexCheck.checkFolder(dir).summary().startsWith("clean; papers 3, users 0, index documents 3"));
  }
}
