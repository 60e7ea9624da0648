package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.store.UserStore.Feedback;

/**
 * Each test builds a sound folder through the store API, breaks one invariant directly in RocksDB
 * (as a bug or a torn write would), and expects the check to name exactly that breach.
 */
class StoreCheckTest {

  private static final String ALICE = "a".repeat(32);
  private static final byte[] ALICE_TOKEN = hash(1);

  @TempDir Path dir;

  @BeforeEach
  void soundFolder() {
    try (PaperStore store = PaperStore.open(dir, Fixtures.MODEL, Fixtures.DIM)) {
      store.put(Fixtures.paper("2501.00001").withIds("2501.00001", List.of("doi:10.1000/one")), Fixtures.vector(1));
      store.put(Fixtures.paper("2501.00002"), Fixtures.vector(2));
      store.put(Fixtures.paper("2501.00003"), Fixtures.vector(3));
      UserStore users = store.users();
      users.create(ALICE, ALICE_TOKEN, Instant.parse("2025-01-31T10:15:30Z"));
      users.putFeedback(ALICE, Feedback.LIKE, "2501.00001", Instant.parse("2025-02-01T00:00:00Z"), 100);
      users.putFeedback(ALICE, Feedback.DISLIKE, "2501.00002", Instant.parse("2025-02-01T00:00:00Z"), 100);
    }
  }

  private CheckReport check() {
    try (PaperStore store = PaperStore.openReadOnly(dir)) {
      CheckReport report = new CheckReport();
      StoreCheck.run(store, report);
      return report;
    }
  }

  private void assertOnly(CheckReport report, String kind, long n) {
    assertEquals(java.util.Map.of(kind, n), report.violations(), report.findings().toString());
  }

  @Test
  void soundFolderIsClean() {
    CheckReport report = check();
    assertTrue(report.isClean(), report.findings().toString());
    assertEquals(0, report.warningCount(), report.findings().toString());
    assertEquals(3L, report.figures().get("papers"));
    assertEquals(1L, report.figures().get("users"));
  }

  @Test
  void paperWithoutVectorIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete("vectors", "2501.00002");
    }
    CheckReport report = check();
    // The count still says 3: the lost vector is also a count mismatch.
    assertEquals(1, report.violations(StoreCheck.PAPER_WITHOUT_VECTOR));
    assertEquals(1, report.violations(StoreCheck.COUNT_MISMATCH));
    assertFalse(report.isClean());
  }

  @Test
  void vectorWithoutPaperIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete("papers", "2501.00003");
    }
    CheckReport report = check();
    assertEquals(1, report.violations(StoreCheck.VECTOR_WITHOUT_PAPER));
    assertEquals(1, report.violations(StoreCheck.ALIAS_TO_MISSING_PAPER)); // its own alias entry is left
    assertEquals(2, report.violationCount());
  }

  @Test
  void vectorOfTheWrongLengthIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("vectors", "2501.00003", new byte[3]);
    }
    assertOnly(check(), StoreCheck.CORRUPTED_VECTOR, 1);
  }

  @Test
  void unreadablePaperJsonIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("papers", "2501.00003", "{not json".getBytes(StandardCharsets.UTF_8));
    }
    assertOnly(check(), StoreCheck.CORRUPTED_PAPER, 1);
  }

  @Test
  void aliasEntryOfAMissingPaperIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("aliases", "doi:10.1000/gone", "2501.09999".getBytes(StandardCharsets.UTF_8));
    }
    assertOnly(check(), StoreCheck.ALIAS_TO_MISSING_PAPER, 1);
  }

  @Test
  void aliasEntryNamingAPaperThatDoesNotListItIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("aliases", "doi:10.1000/stray", "2501.00002".getBytes(StandardCharsets.UTF_8));
    }
    assertOnly(check(), StoreCheck.ALIAS_NOT_OF_PAPER, 1);
  }

  @Test
  void paperIdWithoutItsAliasEntryIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete("aliases", "doi:10.1000/one");
    }
    assertOnly(check(), StoreCheck.ID_WITHOUT_ALIAS, 1);
  }

  @Test
  void metaCountThatDisagreesWithTheVectorsIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("meta", "count", "5".getBytes(StandardCharsets.US_ASCII));
    }
    assertOnly(check(), StoreCheck.COUNT_MISMATCH, 1);
  }

  @Test
  void feedbackOfAUserWithoutProfileIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.delete("users", "u/" + ALICE + "/p");
    }
    // The like, the dislike and the token index entry all name a user that does not exist.
    assertOnly(check(), StoreCheck.USER_KEY_ORPHAN, 3);
  }

  @Test
  void paperBothLikedAndDislikedIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("users", "u/" + ALICE + "/l/2501.00002", new byte[Long.BYTES]);
    }
    assertOnly(check(), StoreCheck.LIKE_AND_DISLIKE, 1);
  }

  @Test
  void feedbackKeyWithAnUnnormalisedIdIsAViolation() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("users", "u/" + ALICE + "/l/arXiv:2501.00003v2", new byte[Long.BYTES]);
    }
    assertOnly(check(), StoreCheck.BAD_USER_KEY, 1);
  }

  @Test
  void likeOfADeletedPaperIsOnlyAWarning() {
    try (PaperStore store = PaperStore.open(dir, Fixtures.MODEL, Fixtures.DIM)) {
      assertTrue(store.delete("2501.00001"));
    }
    CheckReport report = check();
    assertTrue(report.isClean(), report.findings().toString());
    assertEquals(1, report.warnings(StoreCheck.FEEDBACK_UNKNOWN_PAPER));
    assertEquals(2L, report.figures().get("papers"));
  }

  @Test
  void summaryNamesEachKindAndItsCount() throws Exception {
    try (RawRocks raw = new RawRocks(dir)) {
      raw.put("meta", "count", "5".getBytes(StandardCharsets.US_ASCII));
    }
    assertEquals("1 violation (1 count-mismatch); papers 3, users 1", check().summary());
  }

  private static byte[] hash(int seed) {
    byte[] h = new byte[UserStore.TOKEN_HASH_BYTES];
    Arrays.fill(h, (byte) seed);
    return h;
  }
}
