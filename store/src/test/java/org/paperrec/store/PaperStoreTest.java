package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class PaperStoreTest {

  @TempDir Path tmp;
  Path dir;
  PaperStore store;

  @BeforeEach
  void open() {
    dir = tmp.resolve("data");
    store = PaperStore.open(dir, MODEL, DIM);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void reopen() {
    store.close();
    store = PaperStore.open(dir, MODEL, DIM);
  }

  // --- round trip and restart

  @Test
  void roundTripKeepsEveryFieldIncludingUnicode() {
    Paper p = new Paper("2501.06842", "Γ-convergence of Erdős graphs 🙂", "Über $\\alpha$ \"quoted\"\nline 2",
        List.of("Paul Erdős", "小林"), 5, LocalDate.of(2025, 1, 12), List.of("math.CO", "cs.DM"), 42);
    store.put(p, vector(1));
    assertEquals(Optional.of(p), store.paper("2501.06842"));
    assertArrayEquals(vector(1), store.vector("2501.06842").orElseThrow());
  }

  @Test
  void roundTripKeepsNullDateAndNullUpvotes() {
    Paper p = Paper.of("doi:10.1145/abc", "T", "A", List.of(), null, List.of(), null);
    store.put(p, vector(2));
    Paper read = store.paper("doi:10.1145/abc").orElseThrow();
    assertNull(read.date());
    assertNull(read.upvotes());
    assertEquals(p, read);
  }

  @Test
  void reopenAfterCloseKeepsPapersVectorsAndCount() {
    store.put(paper("2501.00001"), vector(1));
    store.put(paper("hep-ph/0307015"), vector(2));
    reopen();
    assertEquals(2, store.count());
    assertEquals(Optional.of(paper("hep-ph/0307015")), store.paper("hep-ph/0307015"));
    assertArrayEquals(vector(1), store.vector("2501.00001").orElseThrow());
  }

  @Test
  void lookupsAcceptAnySpellingOfTheId() {
    store.put(paper("2501.06842"), vector(1));
    assertTrue(store.paper("https://arxiv.org/abs/2501.06842v3").isPresent());
    assertTrue(store.vector("arXiv:2501.06842").isPresent());
    assertTrue(store.delete("https://huggingface.co/papers/2501.06842"));
  }

  @Test
  void unknownIdGivesEmpty() {
    assertEquals(Optional.empty(), store.paper("2501.99999"));
    assertEquals(Optional.empty(), store.vector("2501.99999"));
  }

  @Test
  void lookupOfJunkIsRejectedAsAnArgument() {
    assertThrows(IllegalArgumentException.class, () -> store.paper("../../etc/passwd"));
  }

  // --- layout contract

  @Test
  void layoutHasTheDocumentedFamiliesMetaAndEncodings() throws Exception {
    store.put(paper("2501.00001"), new float[] {1f, 0f, 0f, -2.5f});
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      assertTrue(raw.familyNames().containsAll(List.of("papers", "vectors", "users", "changes", "aliases", "meta")),
          raw.familyNames().toString());
      assertEquals("3", ascii(raw.get("meta", "schema_version")));
      assertEquals("1", ascii(raw.get("meta", "count")));
      assertEquals("1", ascii(raw.get("meta", "change_seq")));
      assertNull(raw.get("meta", "changes_pruned_through"));
      assertArrayEquals("2501.00001".getBytes(StandardCharsets.UTF_8), raw.get("changes", new byte[] {0, 0, 0, 0, 0, 0, 0, 1}));
      assertEquals(MODEL, new String(raw.get("meta", "model"), StandardCharsets.UTF_8));
      assertEquals("4", ascii(raw.get("meta", "dimension")));
      byte[] vector = raw.get("vectors", "2501.00001");
      assertEquals(16, vector.length);
      assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, java.util.Arrays.copyOf(vector, 4));
      assertTrue(new String(raw.get("papers", "2501.00001"), StandardCharsets.UTF_8).startsWith("{\"id\":\"2501.00001\""));
      assertEquals("2501.00001", ascii(raw.get("aliases", "2501.00001")));
    }
  }

  @Test
  void layoutMapsEveryIdOfAPaperToItsKeyInTheAliasesFamily() throws Exception {
    store.put(paper("2501.00001").withIds("2501.00001", List.of("doi:10.1000/a", "pmid:7")), vector(1));
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      for (String id : List.of("2501.00001", "doi:10.1000/a", "pmid:7")) {
        assertEquals("2501.00001", new String(raw.get("aliases", id), StandardCharsets.UTF_8), id);
      }
      assertTrue(new String(raw.get("papers", "2501.00001"), StandardCharsets.UTF_8)
          .endsWith(",\"aliases\":[\"doi:10.1000/a\",\"pmid:7\"]}"));
    }
  }

  @Test
  void usersFamilyStaysEmpty() throws Exception {
    store.put(paper("2501.00001"), vector(1));
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      assertNull(raw.get("users", "2501.00001"));
    }
  }

  // --- opening checks

  @Test
  void openWithAnotherModelIsRefusedNamingBothModelsAndTheReembedCommand() {
    store.close();
    var e = assertThrows(StoreMismatchException.class, () -> PaperStore.open(dir, "other-model int8", DIM));
    assertTrue(e.getMessage().contains(MODEL), e.getMessage());
    assertTrue(e.getMessage().contains("other-model int8"), e.getMessage());
    assertTrue(e.getMessage().contains("paperrec reembed --data " + dir.toAbsolutePath()), e.getMessage());
  }

  @Test
  void openWithAnotherDimensionIsRefused() {
    store.close();
    var e = assertThrows(StoreMismatchException.class, () -> PaperStore.open(dir, MODEL, 8));
    assertTrue(e.getMessage().contains("dimension 4"), e.getMessage());
    assertTrue(e.getMessage().contains("dimension 8"), e.getMessage());
  }

  @Test
  void openOfANewerSchemaIsRefusedAskingToUpgrade() throws Exception {
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("meta", "schema_version", "4".getBytes(StandardCharsets.US_ASCII));
    }
    var e = assertThrows(StoreMismatchException.class, () -> PaperStore.open(dir, MODEL, DIM));
    assertTrue(e.getMessage().contains("schema version 4"), e.getMessage());
    assertTrue(e.getMessage().contains("reads schema versions 1 to 3"), e.getMessage());
    assertTrue(e.getMessage().contains("upgrade paperrec"), e.getMessage());
  }

  @Test
  void openOfAFolderWithOtherFilesIsRefusedAsNotAStore() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("photos"));
    Files.writeString(other.resolve("cat.jpg"), "meow");
    var e = assertThrows(StoreMismatchException.class, () -> PaperStore.open(other, MODEL, DIM));
    assertTrue(e.getMessage().contains("is not a paperrec store"), e.getMessage());
    assertTrue(Files.exists(other.resolve("cat.jpg")));
  }

  @Test
  void openOfAnEmptyExistingFolderCreatesAStore() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    try (PaperStore s = PaperStore.open(empty, MODEL, DIM)) {
      assertEquals(0, s.count());
    }
    assertEquals(Optional.of(MODEL), PaperStore.storedModel(empty));
  }

  @Test
  void secondWritableOpenOfAFolderThrowsStoreLockedNamingTheFolder() {
    var e = assertThrows(StoreLockedException.class, () -> PaperStore.open(dir, MODEL, DIM));
    assertEquals("the data folder " + dir.toAbsolutePath() + " is in use by another paperrec process (a running server?)",
        e.getMessage());
    assertEquals(dir.toAbsolutePath(), e.dir());
  }

  @Test
  void reembedOfAFolderOpenForWritingThrowsStoreLocked() {
    assertThrows(StoreLockedException.class, () -> PaperStore.reembed(dir, "other-model", DIM, p -> vector(1), n -> {}));
  }

  @Test
  void openWithABlankModelOrBadDimensionIsRejectedNamingTheValue() {
    var blank = assertThrows(IllegalArgumentException.class, () -> PaperStore.open(tmp.resolve("x"), " ", DIM));
    assertTrue(blank.getMessage().contains("modelFingerprint"), blank.getMessage());
    var zero = assertThrows(IllegalArgumentException.class, () -> PaperStore.open(tmp.resolve("x"), MODEL, 0));
    assertTrue(zero.getMessage().contains("dimension=0"), zero.getMessage());
  }

  @Test
  void storedModelReadsTheFingerprintOfAnOpenStoreWithoutChecking() {
    assertEquals(Optional.of(MODEL), PaperStore.storedModel(dir));
  }

  @Test
  void storedModelOfAMissingFolderIsEmpty() {
    assertEquals(Optional.empty(), PaperStore.storedModel(tmp.resolve("nothing-here")));
  }

  // --- writes and validation

  @Test
  void putRejectsAVectorOfTheWrongDimensionNamingExpectedAndActual() {
    var e = assertThrows(IllegalArgumentException.class, () -> store.put(paper("2501.00001"), new float[6]));
    assertEquals("vector dimension of paper 2501.00001: expected 4, but it has 6", e.getMessage());
    assertEquals(0, store.count());
  }

  @Test
  void putRejectsANonFiniteComponentNamingItsIndex() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> store.put(paper("2501.00001"), new float[] {0f, 0f, Float.NaN, 0f}));
    assertTrue(e.getMessage().contains("vector[2]=NaN"), e.getMessage());
  }

  @Test
  void putRejectsAnIdNotInNormalForm() {
    var e = assertThrows(IllegalArgumentException.class, () -> store.put(paper("2501.00001v2"), vector(1)));
    assertTrue(e.getMessage().contains("normal form 2501.00001"), e.getMessage());
  }

  @Test
  void putCopiesTheVector() {
    float[] v = vector(1);
    store.put(paper("2501.00001"), v);
    v[0] = 99f;
    assertArrayEquals(vector(1), store.vector("2501.00001").orElseThrow());
  }

  @Test
  void putAllWritesEveryEntryAndALaterDuplicateWins() {
    Paper first = paper("2501.00001");
    Paper second = Paper.of("2501.00001", "Second title", "A", List.of(), null, null, null);
    store.putAll(List.of(
        new PaperStore.Entry(first, vector(1)),
        new PaperStore.Entry(paper("2501.00002"), vector(2)),
        new PaperStore.Entry(second, vector(3))));
    assertEquals(2, store.count());
    assertEquals(Optional.of(second), store.paper("2501.00001"));
    assertArrayEquals(vector(3), store.vector("2501.00001").orElseThrow());
  }

  @Test
  void putAllWithOneInvalidEntryWritesNothing() {
    assertThrows(IllegalArgumentException.class, () -> store.putAll(List.of(
        new PaperStore.Entry(paper("2501.00001"), vector(1)),
        new PaperStore.Entry(paper("2501.00002"), new float[3]))));
    assertEquals(0, store.count());
    assertEquals(Optional.empty(), store.paper("2501.00001"));
  }

  @Test
  void putPaperReplacesMetadataAndKeepsTheVector() {
    store.put(paper("2501.00001"), vector(1));
    Paper updated = Paper.of("2501.00001", "Title of 2501.00001", "Abstract of 2501.00001", List.of(), null, null, 99);
    store.putPaper(updated);
    assertEquals(Optional.of(updated), store.paper("2501.00001"));
    assertArrayEquals(vector(1), store.vector("2501.00001").orElseThrow());
    assertEquals(1, store.count());
  }

  @Test
  void putPaperOfAPaperWithoutVectorIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> store.putPaper(paper("2501.00001")));
    assertTrue(e.getMessage().contains("2501.00001 has no vector"), e.getMessage());
    assertEquals(Optional.empty(), store.paper("2501.00001"));
  }

  @Test
  void deleteRemovesPaperAndVector() {
    store.put(paper("2501.00001"), vector(1));
    assertTrue(store.delete("2501.00001"));
    assertEquals(Optional.empty(), store.paper("2501.00001"));
    assertEquals(Optional.empty(), store.vector("2501.00001"));
    reopen();
    assertEquals(Optional.empty(), store.paper("2501.00001"));
    assertEquals(0, store.count());
  }

  @Test
  void deleteOfAnUnknownIdReturnsFalse() {
    assertFalse(store.delete("2501.00001"));
  }

  @Test
  void countIsExactAfterUpsertsOfTheSameIdAndDeletes() {
    store.put(paper("2501.00001"), vector(1));
    store.put(paper("2501.00001"), vector(2));
    store.put(paper("2501.00002"), vector(3));
    store.putAll(List.of(new PaperStore.Entry(paper("2501.00002"), vector(4)),
        new PaperStore.Entry(paper("2501.00003"), vector(5))));
    assertEquals(3, store.count());
    store.delete("2501.00002");
    store.delete("2501.00002");
    assertEquals(2, store.count());
    reopen();
    assertEquals(2, store.count());
  }

  @Test
  void countInMetaFollowsPutsUpdatesDeletesAndDuplicatesInPutAll() throws Exception {
    store.put(paper("2501.00001"), vector(1));
    store.put(paper("2501.00001"), vector(2)); // update: no new paper
    store.putAll(List.of(new PaperStore.Entry(paper("2501.00002"), vector(3)),
        new PaperStore.Entry(paper("2501.00002"), vector(4)), // duplicate in one batch
        new PaperStore.Entry(paper("2501.00003"), vector(5))));
    store.putPaper(paper("2501.00003"));
    store.delete("2501.00001");
    store.delete("2501.00001"); // missing: no change
    assertEquals(2, store.count());
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      assertEquals("2", ascii(raw.get("meta", "count")));
    }
  }

  @Test
  void countIsReadFromMetaWithoutCountingTheVectors() throws Exception {
    store.put(paper("2501.00001"), vector(1));
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("meta", "count", "41".getBytes(StandardCharsets.US_ASCII));
    }
    store = PaperStore.open(dir, MODEL, DIM);
    assertEquals(41, store.count());
  }

  @Test
  void countIsExactUnderConcurrentUpsertsAndDeletesOfTheSameIds() throws Exception {
    int threads = 4;
    int rounds = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int r = 0; r < rounds; r++) {
            String id = "2501.0000" + (r % 5);
            if (thread == 0 && r % 3 == 0) {
              store.delete(id);
            } else {
              store.put(paper(id), vector(r));
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long[] scanned = {0};
    store.forEach((p, v) -> scanned[0]++);
    assertEquals(scanned[0], store.count());
    reopen();
    assertEquals(scanned[0], store.count());
  }

  // --- scans

  @Test
  void forEachSeesEveryPaperWithItsVectorInIdOrder() {
    Map<String, float[]> expected = new LinkedHashMap<>();
    for (String id : List.of("2501.00003", "2501.00001", "doi:10.1000/x", "hep-ph/0307015", "title:zeta")) {
      float[] v = vector(expected.size());
      expected.put(id, v);
      store.put(paper(id), v);
    }
    List<String> seen = new ArrayList<>();
    store.forEach((p, v) -> {
      seen.add(p.id());
      assertArrayEquals(expected.get(p.id()), v);
    });
    assertEquals(List.of("2501.00001", "2501.00003", "doi:10.1000/x", "hep-ph/0307015", "title:zeta"), seen);
  }

  @Test
  void forEachSkipsCorruptedEntriesAndKeepsTheRest() throws Exception {
    for (String id : List.of("2501.00001", "2501.00002", "2501.00003", "2501.00004")) {
      store.put(paper(id), vector(1));
    }
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete("vectors", "2501.00001"); // paper without vector
      raw.delete("papers", "2501.00002"); // vector without paper
      raw.put("papers", "2501.00003", "{not json".getBytes(StandardCharsets.UTF_8));
    }
    store = PaperStore.open(dir, MODEL, DIM);
    List<String> seen = new ArrayList<>();
    store.forEach((p, v) -> seen.add(p.id()));
    assertEquals(List.of("2501.00004"), seen);
  }

  @Test
  void forEachPaperSeesEveryPaper() {
    store.put(paper("2501.00002"), vector(1));
    store.put(paper("2501.00001"), vector(2));
    List<Paper> seen = new ArrayList<>();
    store.forEachPaper(seen::add);
    assertEquals(List.of(paper("2501.00001"), paper("2501.00002")), seen);
  }

  // --- lifecycle

  @Test
  void flushKeepsTheStoreUsable() {
    store.put(paper("2501.00001"), vector(1));
    store.flush();
    store.put(paper("2501.00002"), vector(2));
    assertEquals(2, store.count());
  }

  @Test
  void closeTwiceIsFine() {
    store.close();
    store.close();
  }

  @Test
  void everyCallAfterCloseThrowsIllegalStateException() {
    store.put(paper("2501.00001"), vector(1));
    store.close();
    List<Executable> calls = List.of(
        () -> store.put(paper("2501.00002"), vector(2)),
        () -> store.putAll(List.of()),
        () -> store.putPaper(paper("2501.00001")),
        () -> store.paper("2501.00001"),
        () -> store.vector("2501.00001"),
        () -> store.delete("2501.00001"),
        () -> store.count(),
        () -> store.forEach((p, v) -> {}),
        () -> store.forEachPaper(p -> {}),
        () -> store.forEachAt((p, v) -> {}),
        () -> store.forEachChangeSince(0, (id, seq) -> {}),
        () -> store.lastChange(),
        () -> store.pruneChangesThrough(0),
        () -> store.flush());
    for (Executable call : calls) {
      var e = assertThrows(IllegalStateException.class, call);
      assertEquals("store is closed", e.getMessage());
    }
  }

  @Test
  void closeFromInsideForEachIsRefused() {
    store.put(paper("2501.00001"), vector(1));
    assertThrows(IllegalStateException.class, () -> store.forEach((p, v) -> store.close()));
    assertEquals(1, store.count());
  }

  private static String ascii(byte[] bytes) {
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
