package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.store.Fixtures.V1_DIMENSION;
import static org.paperrec.store.Fixtures.V1_PAPERS;
import static org.paperrec.store.Fixtures.V1_USER;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 1 to 2 to 3, on a folder written by the release before version 2 ({@link
 * Fixtures#V1_FOLDER}); version 2 to 3 on that folder once migrated to 2, which is what a version 2
 * build leaves (the 1 to 2 step is that build's code).
 */
class PaperStoreMigrationTest {

  @TempDir Path tmp;
  Path dir;
  String model;

  @BeforeEach
  void unzip() {
    dir = Fixtures.unzipV1Folder(tmp);
    model = PaperStore.storedModel(dir).orElseThrow();
  }

  private String meta(String key) throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      byte[] value = raw.get("meta", key);
      return value == null ? null : new String(value, StandardCharsets.US_ASCII);
    }
  }

  @Test
  void theFixtureIsAVersion1FolderOfTheDefaultModel() throws Exception {
    assertEquals("sentence-transformers/all-MiniLM-L6-v2 int8 sha256:afdb6f1a0e45 dim=384", model);
    assertEquals("1", meta("schema_version"));
  }

  @Test
  void openingForWritingMigratesToVersion3WithCountChangeSeqAndAliases() throws Exception {
    PaperStore.open(dir, model, V1_DIMENSION).close();
    assertEquals("3", meta("schema_version"));
    assertEquals("3", meta("count"));
    assertEquals("0", meta("change_seq"));
    try (RawRocks raw = new RawRocks(dir)) {
      assertTrue(raw.familyNames().containsAll(List.of("changes", "aliases")), raw.familyNames().toString());
      for (String id : V1_PAPERS) {
        assertEquals(id, new String(raw.get("aliases", id), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aMigratedFolderResolvesItsKeysAndMergesANewcomerWithTheSameArxivId() {
    try (PaperStore store = PaperStore.open(dir, model, V1_DIMENSION)) {
      for (String id : V1_PAPERS) {
        assertEquals(Optional.of(id), store.resolve(id));
      }
      Paper stored = store.paper("2501.00001").orElseThrow();
      float[] vector = store.vector("2501.00001").orElseThrow();
      store.put(stored.withIds("doi:10.1000/lantern", List.of(PaperIds.normalize("arXiv:2501.00001v2"))), vector);
      assertEquals(3, store.count());
      assertEquals(Optional.of("2501.00001"), store.resolve("doi:10.1000/lantern"));
      assertEquals(List.of("doi:10.1000/lantern"), store.paper("2501.00001").orElseThrow().aliases());
    }
  }

  @Test
  void aMigratedFolderKeepsItsPapersVectorsAndUsers() {
    try (PaperStore store = PaperStore.open(dir, model, V1_DIMENSION)) {
      assertEquals(3, store.count());
      assertEquals("Counting orchard paths with weighted automata", store.paper("2501.00002").orElseThrow().title());
      List<String> scanned = new ArrayList<>();
      store.forEach((paper, vector) -> {
        scanned.add(paper.id());
        assertEquals(V1_DIMENSION, vector.length);
        double norm = 0;
        for (float x : vector) {
          norm += x * x;
        }
        assertEquals(1.0, Math.sqrt(norm), 1e-3, "the model's vectors are unit length");
      });
      assertEquals(V1_PAPERS, scanned);
      UserStore.User user = store.users().user(V1_USER).orElseThrow();
      assertEquals(List.of("2501.00002"), user.likes().stream().map(UserStore.Entry::paperId).toList());
    }
  }

  @Test
  void aMigratedFolderHasNoChangesAndTheFirstWriteIsChange1() {
    try (PaperStore store = PaperStore.open(dir, model, V1_DIMENSION)) {
      assertEquals(0, store.lastChange());
      Paper first = store.paper("2501.00001").orElseThrow();
      store.put(first, store.vector("2501.00001").orElseThrow());
      assertEquals(1, store.lastChange());
      List<String> changed = new ArrayList<>();
      assertEquals(1, store.forEachChangeSince(0, (id, seq) -> changed.add(id + "@" + seq)));
      assertEquals(List.of("2501.00001@1"), changed);
      assertEquals(3, store.count());
    }
  }

  @Test
  void aMigrationInterruptedBeforeItsMetaBatchIsDoneAgain() throws Exception {
    PaperStore.open(dir, model, V1_DIMENSION).close();
    try (RawRocks raw = new RawRocks(dir)) { // the changes family exists, the batch never landed
      raw.put("meta", "schema_version", "1".getBytes(StandardCharsets.US_ASCII));
      raw.delete("meta", "count");
      raw.delete("meta", "change_seq");
    }
    try (PaperStore store = PaperStore.open(dir, model, V1_DIMENSION)) {
      assertEquals(3, store.count());
      assertEquals(0, store.lastChange());
    }
    assertEquals("3", meta("schema_version"));
  }

  @Test
  void aMigrationToVersion3InterruptedBeforeItsLastBatchIsDoneAgain() throws Exception {
    PaperStore.open(dir, model, V1_DIMENSION).close();
    try (RawRocks raw = new RawRocks(dir)) { // a version 2 folder with part of the alias entries
      raw.put("meta", "schema_version", "2".getBytes(StandardCharsets.US_ASCII));
      raw.delete("aliases", "2501.00002");
      raw.delete("aliases", "2501.00003");
    }
    try (PaperStore store = PaperStore.open(dir, model, V1_DIMENSION)) {
      for (String id : V1_PAPERS) {
        assertEquals(Optional.of(id), store.resolve(id));
      }
      assertEquals(3, store.count());
    }
    assertEquals("3", meta("schema_version"));
  }

  @Test
  void readOnlyOpenOfAVersion1FolderCountsOnceAndDoesNotMigrate() throws Exception {
    try (PaperStore store = PaperStore.openReadOnly(dir)) {
      assertEquals(3, store.count());
      assertEquals(0, store.lastChange());
      assertEquals(7, store.forEachChangeSince(7, (id, seq) -> {
        throw new AssertionError("a version 1 folder has no changes, got " + id);
      }));
      assertEquals(0, store.forEachAt((paper, vector) -> {}));
      assertEquals(model, store.model());
      assertEquals(V1_DIMENSION, store.dimension());
      assertEquals(Optional.of("2501.00002"), store.resolve("arXiv:2501.00002v1"), "keys resolve without aliases");
      assertEquals(Map.of("2501.00003", "2501.00003"), store.resolveAll(List.of("2501.00003", "2501.09999")));
      assertTrue(store.resolve("doi:10.1000/none").isEmpty());
    }
    assertEquals("1", meta("schema_version"));
    try (RawRocks raw = new RawRocks(dir)) {
      assertFalse(raw.familyNames().contains("changes"), raw.familyNames().toString());
    }
  }
}
