package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.store.Fixtures.DIM;
import static org.paperrec.store.Fixtures.MODEL;
import static org.paperrec.store.Fixtures.paper;
import static org.paperrec.store.Fixtures.vector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code changes} family: what each write appends, reading from a sequence, pruning, snapshot scans. */
class PaperStoreChangeLogTest {

  @TempDir Path tmp;
  Path dir;
  PaperStore store;

  /** One change as the consumer sees it. */
  record Change(String id, long seq) {}

  @BeforeEach
  void open() {
    dir = tmp.resolve("data");
    store = PaperStore.open(dir, MODEL, DIM);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<Change> changesSince(long afterSeq) {
    List<Change> changes = new ArrayList<>();
    store.forEachChangeSince(afterSeq, (id, seq) -> changes.add(new Change(id, seq)));
    return changes;
  }

  /** Changes 1 to 5: A, B, C, A again, C deleted. */
  private void writeFiveChanges() {
    store.put(paper("2501.00001"), vector(1));
    store.putAll(List.of(
        new PaperStore.Entry(paper("2501.00002"), vector(2)),
        new PaperStore.Entry(paper("2501.00003"), vector(3)),
        new PaperStore.Entry(paper("2501.00002"), vector(4))));
    store.putPaper(paper("2501.00001"));
    store.delete("2501.00003");
  }

  @Test
  void aNewStoreHasNoChanges() {
    assertEquals(0, store.lastChange());
    assertEquals(0, store.forEachChangeSince(0, (id, seq) -> {
      throw new AssertionError("no change expected, got " + id);
    }));
  }

  @Test
  void everyWriteAndDeleteAppendsOneChangePerPaperInOrder() {
    writeFiveChanges();
    assertEquals(List.of(
        new Change("2501.00001", 1), new Change("2501.00002", 2), new Change("2501.00003", 3),
        new Change("2501.00001", 4), new Change("2501.00003", 5)), changesSince(0));
    assertEquals(5, store.lastChange());
  }

  @Test
  void writesThatChangeNothingAppendNoChange() {
    store.put(paper("2501.00001"), vector(1));
    assertFalse(store.delete("2501.00009"));
    assertThrows(IllegalArgumentException.class, () -> store.putPaper(paper("2501.00009")));
    assertThrows(IllegalArgumentException.class, () -> store.put(paper("2501.00002"), new float[DIM + 1]));
    store.putAll(List.of());
    assertEquals(1, store.lastChange());
    assertEquals(List.of(new Change("2501.00001", 1)), changesSince(0));
  }

  @Test
  void forEachChangeSinceStartsAfterTheGivenSequenceAndReturnsTheLastSeen() {
    writeFiveChanges();
    List<Change> changes = new ArrayList<>();
    assertEquals(5, store.forEachChangeSince(3, (id, seq) -> changes.add(new Change(id, seq))));
    assertEquals(List.of(new Change("2501.00001", 4), new Change("2501.00003", 5)), changes);
    assertEquals(5, store.forEachChangeSince(5, (id, seq) -> changes.add(new Change(id, seq))));
    assertEquals(2, changes.size());
  }

  @Test
  void forEachChangeSinceANegativeSequenceIsRejectedNamingIt() {
    var e = assertThrows(IllegalArgumentException.class, () -> store.forEachChangeSince(-1, (id, seq) -> {}));
    assertTrue(e.getMessage().contains("afterSeq=-1"), e.getMessage());
  }

  @Test
  void theChangeLogAndItsSequenceSurviveAReopen() {
    writeFiveChanges();
    store.close();
    store = PaperStore.open(dir, MODEL, DIM);
    assertEquals(5, store.lastChange());
    store.put(paper("2501.00004"), vector(4));
    assertEquals(List.of(new Change("2501.00004", 6)), changesSince(5));
  }

  @Test
  void theLayoutHoldsBigEndianSequenceKeysIdValuesAndChangeSeqInMeta() throws Exception {
    writeFiveChanges();
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      assertEquals("2501.00003", utf8(raw.get("changes", new byte[] {0, 0, 0, 0, 0, 0, 0, 5})));
      assertEquals("5", utf8(raw.get("meta", "change_seq")));
    }
  }

  @Test
  void pruneDeletesTheEntriesThroughTheSequenceAndRecordsIt() throws Exception {
    writeFiveChanges();
    store.pruneChangesThrough(3);
    assertEquals(List.of(new Change("2501.00001", 4), new Change("2501.00003", 5)), changesSince(3));
    assertEquals(5, store.lastChange());
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      assertNull(raw.get("changes", new byte[] {0, 0, 0, 0, 0, 0, 0, 1}));
      assertNull(raw.get("changes", new byte[] {0, 0, 0, 0, 0, 0, 0, 3}));
      assertEquals("3", utf8(raw.get("meta", "changes_pruned_through")));
    }
  }

  @Test
  void changesSinceASequenceBeforeThePrunedOnesThrowAskingForARebuild() {
    writeFiveChanges();
    store.pruneChangesThrough(3);
    var e = assertThrows(IllegalStateException.class, () -> store.forEachChangeSince(2, (id, seq) -> {}));
    assertTrue(e.getMessage().contains("pruned through 3"), e.getMessage());
    assertTrue(e.getMessage().contains("rebuild"), e.getMessage());
  }

  @Test
  void pruningLessThanBeforeKeepsTheRecordedPoint() {
    writeFiveChanges();
    store.pruneChangesThrough(4);
    store.pruneChangesThrough(2);
    assertThrows(IllegalStateException.class, () -> store.forEachChangeSince(3, (id, seq) -> {}));
    assertEquals(List.of(new Change("2501.00003", 5)), changesSince(4));
  }

  @Test
  void pruneBeyondTheLastChangeIsRejectedNamingBoth() {
    writeFiveChanges();
    var e = assertThrows(IllegalArgumentException.class, () -> store.pruneChangesThrough(6));
    assertTrue(e.getMessage().contains("lastChange()=5"), e.getMessage());
    assertTrue(e.getMessage().contains("seq=6"), e.getMessage());
  }

  @Test
  void forEachAtReturnsTheSequenceOfItsSnapshotAndALaterWriteComesOnlyThroughTheLog() throws Exception {
    store.put(paper("2501.00001"), vector(1));
    store.put(paper("2501.00002"), vector(2));
    ExecutorService writer = Executors.newSingleThreadExecutor();
    List<String> scanned = new ArrayList<>();
    long seq;
    try {
      seq = store.forEachAt((p, v) -> {
        if (scanned.isEmpty()) { // the snapshot is taken: a concurrent writer adds and deletes now
          try {
            writer.submit(() -> {
              store.put(paper("2501.00003"), vector(3));
              store.delete("2501.00002");
            }).get();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }
        scanned.add(p.id());
      });
    } finally {
      writer.shutdown();
    }
    assertEquals(List.of("2501.00001", "2501.00002"), scanned);
    assertEquals(2, seq);
    assertEquals(List.of(new Change("2501.00003", 3), new Change("2501.00002", 4)), changesSince(seq));
  }

  @Test
  void forEachStillScansEveryPaper() {
    writeFiveChanges();
    List<String> scanned = new ArrayList<>();
    store.forEach((p, v) -> scanned.add(p.id()));
    assertEquals(List.of("2501.00001", "2501.00002"), scanned);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
