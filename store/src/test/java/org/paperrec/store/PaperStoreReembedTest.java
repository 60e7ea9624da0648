package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.store.Fixtures.DIM;
import static org.paperrec.store.Fixtures.MODEL;
import static org.paperrec.store.Fixtures.paper;
import static org.paperrec.store.Fixtures.vector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperStoreReembedTest {

  static final String NEW_MODEL = "new-model int8 sha256:fedcba987654 dim=3";
  static final int NEW_DIM = 3;

  @TempDir Path tmp;
  Path dir;
  final List<String> ids = new ArrayList<>();

  @BeforeEach
  void fill() {
    dir = tmp.resolve("data");
    List<PaperStore.Entry> entries = new ArrayList<>();
    for (int i = 1; i <= 1234; i++) { // more than one re-embed batch
      String id = String.format("2501.%05d", i);
      ids.add(id);
      entries.add(new PaperStore.Entry(paper(id), vector(i)));
    }
    try (PaperStore store = PaperStore.open(dir, MODEL, DIM)) {
      store.putAll(entries);
    }
  }

  /** The "new model": a vector derived from the paper ID. */
  static float[] newVector(Paper p) {
    float n = Float.parseFloat(p.id().substring("2501.".length()));
    return new float[] {n, -n, 0.5f};
  }

  @Test
  void reembedReplacesVectorsAndFingerprintAndKeepsPapers() {
    long done = PaperStore.reembed(dir, NEW_MODEL, NEW_DIM, PaperStoreReembedTest::newVector, n -> {});
    assertEquals(ids.size(), done);
    assertEquals(Optional.of(NEW_MODEL), PaperStore.storedModel(dir));
    try (PaperStore store = PaperStore.open(dir, NEW_MODEL, NEW_DIM)) {
      assertEquals(ids.size(), store.count());
      for (String id : List.of(ids.get(0), ids.get(700), ids.get(ids.size() - 1))) {
        assertEquals(Optional.of(paper(id)), store.paper(id));
        assertArrayEquals(newVector(paper(id)), store.vector(id).orElseThrow());
      }
    }
    assertThrows(StoreMismatchException.class, () -> PaperStore.open(dir, MODEL, DIM));
  }

  @Test
  void reembedNumbersItsChangesAfterTheOldOnesAndPrunesThemSoAnIndexRebuilds() {
    long oldLast;
    try (PaperStore store = PaperStore.open(dir, MODEL, DIM)) {
      oldLast = store.lastChange();
    }
    assertEquals(ids.size(), oldLast);
    PaperStore.reembed(dir, NEW_MODEL, NEW_DIM, PaperStoreReembedTest::newVector, n -> {});
    try (PaperStore store = PaperStore.open(dir, NEW_MODEL, NEW_DIM)) {
      assertEquals(oldLast + ids.size(), store.lastChange());
      var e = assertThrows(IllegalStateException.class, () -> store.forEachChangeSince(oldLast, (id, seq) -> {}));
      assertTrue(e.getMessage().contains("rebuild"), e.getMessage());
      long rebuiltAt = store.forEachAt((p, v) -> {});
      assertEquals(store.lastChange(), store.forEachChangeSince(rebuiltAt, (id, seq) -> {}));
      store.put(paper("2501.09999"), newVector(paper("2501.09999")));
      assertEquals(rebuiltAt + 1, store.lastChange());
    }
  }

  @Test
  void reembedLeavesNoTemporaryOrBackupFolder() throws Exception {
    PaperStore.reembed(dir, NEW_MODEL, NEW_DIM, PaperStoreReembedTest::newVector, n -> {});
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(dir), files.toList());
    }
  }

  @Test
  void reembedCopiesTheUsersFamilyByteForByte() throws Exception {
    byte[] profile = {0, 1, 2, (byte) 0xff};
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("users", "u/alice/like/2501.00001", profile);
    }
    PaperStore.reembed(dir, NEW_MODEL, NEW_DIM, PaperStoreReembedTest::newVector, n -> {});
    try (RawRocks raw = new RawRocks(dir)) {
      assertArrayEquals(profile, raw.get("users", "u/alice/like/2501.00001"));
    }
  }

  @Test
  void reembedReportsGrowingProgressUpToEveryPaper() {
    List<Long> updates = new ArrayList<>();
    PaperStore.reembed(dir, NEW_MODEL, NEW_DIM, PaperStoreReembedTest::newVector, updates::add);
    assertEquals(List.of(500L, 1000L, (long) ids.size()), updates);
  }

  @Test
  void reembedThatFailsLeavesTheStoreAsItWas() throws Exception {
    RuntimeException boom = new RuntimeException("model crashed");
    var e = assertThrows(RuntimeException.class, () -> PaperStore.reembed(dir, NEW_MODEL, NEW_DIM, p -> {
      if (p.id().equals("2501.00900")) {
        throw boom;
      }
      return newVector(p);
    }, n -> {}));
    assertSame(boom, e);
    assertFalse(Files.exists(tmp.resolve("data" + DataFolder.REEMBED_SUFFIX)));
    try (PaperStore store = PaperStore.open(dir, MODEL, DIM)) {
      assertEquals(ids.size(), store.count());
      assertArrayEquals(vector(900), store.vector("2501.00900").orElseThrow());
    }
  }

  @Test
  void reembedWithVectorsOfTheWrongDimensionFailsNamingThePaper() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> PaperStore.reembed(dir, NEW_MODEL, NEW_DIM, p -> new float[2], n -> {}));
    assertTrue(e.getMessage().contains("2501.00001"), e.getMessage());
    assertEquals(Optional.of(MODEL), PaperStore.storedModel(dir));
  }

  @Test
  void reembedOfAFolderWithoutAStoreIsRefused() {
    assertThrows(StoreMismatchException.class,
        () -> PaperStore.reembed(tmp.resolve("none"), NEW_MODEL, NEW_DIM, p -> new float[3], n -> {}));
  }

  @Test
  void openFinishesASwapInterruptedBetweenTheTwoMoves() throws Exception {
    // The state a crash after "move data aside" and before "move the new store in" leaves.
    Path fresh = tmp.resolve("data" + DataFolder.REEMBED_SUFFIX);
    try (PaperStore store = PaperStore.open(fresh, NEW_MODEL, NEW_DIM)) {
      store.put(paper("2501.00001"), newVector(paper("2501.00001")));
    }
    Path backup = tmp.resolve("data" + DataFolder.BACKUP_INFIX + "20260101T000000000Z");
    Files.move(dir, backup);

    try (PaperStore store = PaperStore.open(dir, NEW_MODEL, NEW_DIM)) {
      assertEquals(1, store.count());
    }
    assertFalse(Files.exists(fresh));
    assertTrue(Files.exists(backup), "the old store is kept");
  }

  @Test
  void reembedDeletesATemporaryStoreLeftByACrash() throws Exception {
    Path stale = Files.createDirectories(tmp.resolve("data" + DataFolder.REEMBED_SUFFIX));
    Files.writeString(stale.resolve("half-written"), "x", StandardCharsets.UTF_8);
    PaperStore.reembed(dir, NEW_MODEL, NEW_DIM, PaperStoreReembedTest::newVector, n -> {});
    assertFalse(Files.exists(stale));
    assertEquals(Optional.of(NEW_MODEL), PaperStore.storedModel(dir));
  }
}
