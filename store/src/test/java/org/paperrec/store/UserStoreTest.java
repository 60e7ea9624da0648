package org.paperrec.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.store.Fixtures.DIM;
import static org.paperrec.store.Fixtures.MODEL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.store.UserStore.Change;
import org.paperrec.store.UserStore.Entry;
import org.paperrec.store.UserStore.Feedback;
import org.paperrec.store.UserStore.Summary;
import org.paperrec.store.UserStore.User;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.TransactionLogIterator;
import org.rocksdb.WriteBatch;

/** The {@code users} column family: its key layout, one small write per like, atomic switches, deletion. */
class UserStoreTest {

  private static final String ALICE = "0123456789abcdef0123456789abcdef";
  private static final String BOB = "fedcba9876543210fedcba9876543210";
  private static final byte[] ALICE_TOKEN_HASH = hash(1);
  private static final byte[] BOB_TOKEN_HASH = hash(2);
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456Z");
  private static final Instant T0_MILLIS = Instant.parse("2025-03-01T10:00:00.123Z");
  private static final int MAX = 10_000;

  @TempDir Path tmp;
  Path dir;
  PaperStore store;
  UserStore users;

  @BeforeEach
  void open() {
    dir = tmp.resolve("data");
    store = PaperStore.open(dir, MODEL, DIM);
    users = store.users();
    assertTrue(users.create(ALICE, ALICE_TOKEN_HASH, T0));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void reopen() {
    store.close();
    store = PaperStore.open(dir, MODEL, DIM);
    users = store.users();
  }

  private static byte[] hash(int seed) {
    byte[] h = new byte[UserStore.TOKEN_HASH_BYTES];
    for (int i = 0; i < h.length; i++) {
      h[i] = (byte) (seed * 31 + i);
    }
    return h;
  }

  private static byte[] millis(Instant t) {
    return ByteBuffer.allocate(8).putLong(t.toEpochMilli()).array();
  }

  /** Every key and value of the users family, keys as text. */
  private Map<String, byte[]> dump() throws RocksDBException {
    Map<String, byte[]> all = new TreeMap<>();
    try (ReadOptions options = new ReadOptions(); RocksIterator it = users.db().newIterator(users.family(), options)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        all.put(new String(it.key(), StandardCharsets.UTF_8), it.value());
      }
      it.status();
    }
    return all;
  }

  /** A write batch from the write-ahead log, as text: "put KEY (N bytes)", "delete KEY". */
  private List<List<String>> batchesSince(long sequence) throws RocksDBException {
    List<List<String>> batches = new ArrayList<>();
    try (TransactionLogIterator it = users.db().getUpdatesSince(sequence + 1)) {
      for (; it.isValid(); it.next()) {
        TransactionLogIterator.BatchResult result = it.getBatch();
        if (result.sequenceNumber() <= sequence) {
          continue; // the iterator starts at the batch that holds `sequence + 1`
        }
        try (WriteBatch batch = result.writeBatch(); RecordingHandler ops = new RecordingHandler()) {
          batch.iterate(ops);
          batches.add(ops.ops);
        }
      }
      it.status();
    }
    return batches;
  }

  // --- layout

  @Test
  void createWritesTheProfileAndTheTokenIndexOnly() throws Exception {
    Map<String, byte[]> all = dump();
    String tokenKey = "t/" + HexFormat.of().formatHex(ALICE_TOKEN_HASH);
    assertEquals(List.of(tokenKey, "u/" + ALICE + "/p"), List.copyOf(all.keySet()));
    assertEquals(ALICE, new String(all.get(tokenKey), StandardCharsets.US_ASCII));
    JsonNode profile = new ObjectMapper().readTree(all.get("u/" + ALICE + "/p"));
    assertEquals("2025-03-01T10:00:00.123Z", profile.path("created").asText());
    assertEquals(HexFormat.of().formatHex(ALICE_TOKEN_HASH), profile.path("tokenSha256").asText());
  }

  @Test
  void aLikeIsOneSmallWriteOfOneKeyHoldingItsTime() throws Exception {
    users.putFeedback(ALICE, Feedback.LIKE, "2501.00001", T0, MAX);
    long before = users.db().getLatestSequenceNumber();

    UserStore.FeedbackResult result = users.putFeedback(ALICE, Feedback.LIKE, "hep-ph/0307015", T0, MAX);

    assertEquals(Change.ADDED, result.change());
    assertEquals(T0_MILLIS, result.time());
    assertEquals(List.of(List.of("put u/" + ALICE + "/l/hep-ph/0307015 (8 bytes)")), batchesSince(before));
    assertArrayEquals(millis(T0_MILLIS), dump().get("u/" + ALICE + "/l/hep-ph/0307015"));
  }

  @Test
  void switchingALikeToADislikeIsOneAtomicBatch() throws Exception {
    users.putFeedback(ALICE, Feedback.LIKE, "2501.00001", T0, MAX);
    long before = users.db().getLatestSequenceNumber();

    Instant later = T0.plusSeconds(60);
    UserStore.FeedbackResult result = users.putFeedback(ALICE, Feedback.DISLIKE, "2501.00001", later, MAX);

    assertEquals(Change.SWITCHED, result.change());
    assertEquals(
        List.of(List.of("delete u/" + ALICE + "/l/2501.00001", "put u/" + ALICE + "/d/2501.00001 (8 bytes)")),
        batchesSince(before));
    User alice = users.user(ALICE).orElseThrow();
    assertEquals(List.of(), alice.likes());
    assertEquals(List.of(new Entry("2501.00001", later.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))), alice.dislikes());
  }

  @Test
  void likingAgainWritesNothingAndKeepsTheFirstTime() throws Exception {
    users.putFeedback(ALICE, Feedback.LIKE, "2501.00001", T0, MAX);
    long before = users.db().getLatestSequenceNumber();

    UserStore.FeedbackResult again = users.putFeedback(ALICE, Feedback.LIKE, "2501.00001", T0.plusSeconds(5), MAX);

    assertEquals(Change.UNCHANGED, again.change());
    assertEquals(T0_MILLIS, again.time());
    assertEquals(before, users.db().getLatestSequenceNumber());
  }

  @Test
  void feedbackOnAPaperKnownBySeveralIdsEndsUpUnderItsFirstIdOnly() {
    List<String> paper = List.of("2501.00009", "doi:10.1000/nine", "pmid:9");
    users.putFeedback(ALICE, Feedback.LIKE, "pmid:9", T0, MAX);
    var moved = users.putFeedback(ALICE, Feedback.LIKE, paper, T0.plusSeconds(60), MAX);
    assertEquals(Change.UNCHANGED, moved.change());
    assertEquals(T0_MILLIS, moved.time(), "the like keeps its first time");
    assertEquals(List.of("2501.00009"), users.user(ALICE).orElseThrow().likes().stream().map(Entry::paperId).toList());

    users.putFeedback(ALICE, Feedback.DISLIKE, "doi:10.1000/nine", T0, MAX);
    var switched = users.putFeedback(ALICE, Feedback.LIKE, paper, T0.plusSeconds(120), MAX);
    assertEquals(Change.UNCHANGED, switched.change());
    assertEquals(List.of(), users.user(ALICE).orElseThrow().dislikes(), "no paper is both liked and disliked");

    assertTrue(users.removeFeedback(ALICE, Feedback.LIKE, List.of("doi:10.1000/nine", "2501.00009")));
    assertEquals(List.of(), users.user(ALICE).orElseThrow().likes());
    assertFalse(users.removeFeedback(ALICE, Feedback.LIKE, paper));
  }

  @Test
  void feedbackUnderSeveralIdsNeedsAtLeastOneInNormalForm() {
    assertThrows(IllegalArgumentException.class, () -> users.putFeedback(ALICE, Feedback.LIKE, List.of(), T0, MAX));
    assertThrows(IllegalArgumentException.class,
        () -> users.putFeedback(ALICE, Feedback.LIKE, List.of("2501.00009", "PMID:9"), T0, MAX));
  }

  @Test
  void removingFeedbackThatIsNotThereWritesNothing() throws Exception {
    long before = users.db().getLatestSequenceNumber();
    assertFalse(users.removeFeedback(ALICE, Feedback.DISLIKE, "2501.00001"));
    assertEquals(before, users.db().getLatestSequenceNumber());

    users.putFeedback(ALICE, Feedback.DISLIKE, "2501.00001", T0, MAX);
    assertTrue(users.removeFeedback(ALICE, Feedback.DISLIKE, "2501.00001"));
    assertFalse(dump().containsKey("u/" + ALICE + "/d/2501.00001"));
  }

  @Test
  void feedbackBeyondTheLimitIsRefusedButSwitchingStillWorks() throws Exception {
    assertEquals(Change.ADDED, users.putFeedback(ALICE, Feedback.LIKE, "2501.00001", T0, 2).change());
    assertEquals(Change.ADDED, users.putFeedback(ALICE, Feedback.DISLIKE, "2501.00002", T0, 2).change());
    // seen papers do not count
    users.putSeen(ALICE, List.of("2501.00009"), T0, Instant.EPOCH, 100);
    long before = users.db().getLatestSequenceNumber();

    UserStore.FeedbackResult full = users.putFeedback(ALICE, Feedback.LIKE, "2501.00003", T0, 2);

    assertEquals(Change.FULL, full.change());
    assertNull(full.time());
    assertEquals(before, users.db().getLatestSequenceNumber());
    assertEquals(Change.SWITCHED, users.putFeedback(ALICE, Feedback.LIKE, "2501.00002", T0, 2).change());
    assertEquals(Change.UNCHANGED, users.putFeedback(ALICE, Feedback.LIKE, "2501.00001", T0, 2).change());
  }

  @Test
  void seenPurgesExpiredEntriesAndKeepsTheNewestWithinTheMaximum() {
    users.putSeen(ALICE, List.of("2501.00001", "2501.00002"), T0, Instant.EPOCH, 3);
    users.putSeen(ALICE, List.of("2501.00003"), T0.plusSeconds(10), Instant.EPOCH, 3);
    users.putSeen(ALICE, List.of("2501.00004", "2501.00004"), T0.plusSeconds(20), Instant.EPOCH, 3);

    assertEquals(
        List.of("2501.00002", "2501.00003", "2501.00004"),
        users.user(ALICE).orElseThrow().seen().stream().map(Entry::paperId).toList(),
        "the oldest beyond 3 is dropped (ties by ID)");

    users.putSeen(ALICE, List.of("2501.00003"), T0.plusSeconds(30), T0.plusSeconds(15), 3);

    List<Entry> seen = users.user(ALICE).orElseThrow().seen();
    assertEquals(List.of("2501.00003", "2501.00004"), seen.stream().map(Entry::paperId).toList(),
        "2501.00002 expired; 2501.00003 was seen again and got the new time");
    assertEquals(T0.plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS), seen.get(0).time());
  }

  @Test
  void tokenHashFindsOnlyItsUser() {
    assertTrue(users.create(BOB, BOB_TOKEN_HASH, T0));
    assertEquals(Optional.of(ALICE), users.userIdByTokenHash(ALICE_TOKEN_HASH));
    assertEquals(Optional.of(BOB), users.userIdByTokenHash(BOB_TOKEN_HASH));
    assertEquals(Optional.empty(), users.userIdByTokenHash(hash(3)));
    assertFalse(users.create(BOB, hash(4), T0), "a taken user ID");
    assertFalse(users.create("00000000000000000000000000000000", BOB_TOKEN_HASH, T0), "a taken token hash");
  }

  @Test
  void deleteRemovesEveryKeyOfTheUserAndItsTokenButNoOtherUsersKeys() throws Exception {
    users.create(BOB, BOB_TOKEN_HASH, T0);
    for (String user : List.of(ALICE, BOB)) {
      users.putFeedback(user, Feedback.LIKE, "2501.00001", T0, MAX);
      users.putFeedback(user, Feedback.DISLIKE, "doi:10.1145/3292500.3330701", T0, MAX);
      users.putSeen(user, List.of("2501.00002"), T0, Instant.EPOCH, 100);
    }
    Map<String, byte[]> before = dump();

    assertTrue(users.delete(ALICE));

    Map<String, byte[]> after = dump();
    assertTrue(after.keySet().stream().noneMatch(k -> k.contains(ALICE) || k.equals("t/" + HexFormat.of().formatHex(ALICE_TOKEN_HASH))), after.keySet().toString());
    before.keySet().removeIf(k -> k.contains(ALICE) || k.startsWith("t/" + HexFormat.of().formatHex(ALICE_TOKEN_HASH)));
    assertEquals(before.keySet(), after.keySet(), "Bob's keys are untouched");
    assertEquals(Optional.empty(), users.userIdByTokenHash(ALICE_TOKEN_HASH));
    assertEquals(Optional.empty(), users.user(ALICE));
    assertFalse(users.delete(ALICE));
    assertEquals(1, users.user(BOB).orElseThrow().likes().size());
  }

  @Test
  void deletedUsersBytesLeaveTheDataFolder() throws Exception {
    String marker = "2599.54321"; // a paper ID no one else mentions
    users.putFeedback(ALICE, Feedback.LIKE, marker, T0, MAX);
    store.flush(); // into a table file, as after days of use

    users.delete(ALICE);
    store.close();

    // RocksDB's MANIFEST records table-file boundary keys until the next open rewrites it.
    assertEquals(List.of(), leftovers(marker, "MANIFEST-"));
    reopen();
    store.close();
    assertEquals(List.of(), leftovers(marker, null));
  }

  /** Files of the data folder (except those starting with {@code skip}) holding Alice's keys or {@code marker}. */
  private List<String> leftovers(String marker, String skip) throws Exception {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (skip != null && file.getFileName().toString().startsWith(skip)) {
          continue;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (contains(bytes, ("u/" + ALICE).getBytes(StandardCharsets.US_ASCII))
            || contains(bytes, marker.getBytes(StandardCharsets.US_ASCII))) {
          found.add(file.getFileName().toString());
        }
      }
    }
    return found;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void writesForAnUnknownUserThrowAndWriteNothing() throws Exception {
    long before = users.db().getLatestSequenceNumber();
    assertThrows(UserNotFoundException.class, () -> users.putFeedback(BOB, Feedback.LIKE, "2501.00001", T0, MAX));
    assertThrows(UserNotFoundException.class, () -> users.removeFeedback(BOB, Feedback.LIKE, "2501.00001"));
    assertThrows(UserNotFoundException.class, () -> users.putSeen(BOB, List.of("2501.00001"), T0, Instant.EPOCH, 10));
    assertEquals(before, users.db().getLatestSequenceNumber());
  }

  @Test
  void invalidArgumentsAreRefusedNamingTheValue() {
    IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> users.exists("ALICE"));
    assertTrue(id.getMessage().contains("userId='ALICE'"), id.getMessage());
    IllegalArgumentException paper =
        assertThrows(IllegalArgumentException.class, () -> users.putFeedback(ALICE, Feedback.LIKE, "2501.00001v2", T0, MAX));
    assertTrue(paper.getMessage().contains("normal form"), paper.getMessage());
    assertThrows(IllegalArgumentException.class, () -> users.userIdByTokenHash(new byte[5]));
  }

  @Test
  void feedbackWithSlashesInIdsSurvivesReopening() {
    users.putFeedback(ALICE, Feedback.LIKE, "hep-ph/0307015", T0, MAX);
    users.putFeedback(ALICE, Feedback.DISLIKE, "doi:10.1145/3292500.3330701", T0, MAX);
    users.putSeen(ALICE, List.of("title:a-paper-without-id"), T0, Instant.EPOCH, 10);

    reopen();

    User alice = users.user(ALICE).orElseThrow();
    assertEquals(T0_MILLIS, alice.created());
    assertEquals(List.of(new Entry("hep-ph/0307015", T0_MILLIS)), alice.likes());
    assertEquals(List.of(new Entry("doi:10.1145/3292500.3330701", T0_MILLIS)), alice.dislikes());
    assertEquals(List.of(new Entry("title:a-paper-without-id", T0_MILLIS)), alice.seen());
    assertEquals(Optional.of(ALICE), users.userIdByTokenHash(ALICE_TOKEN_HASH));
  }

  @Test
  void forEachUserCountsEachUsersEntries() {
    users.create(BOB, BOB_TOKEN_HASH, T0.plus(Duration.ofDays(1)));
    users.putFeedback(ALICE, Feedback.LIKE, "2501.00001", T0, MAX);
    users.putFeedback(ALICE, Feedback.LIKE, "2501.00002", T0, MAX);
    users.putFeedback(ALICE, Feedback.DISLIKE, "2501.00003", T0, MAX);
    users.putSeen(BOB, List.of("2501.00001", "2501.00002", "2501.00003"), T0, Instant.EPOCH, 10);

    List<Summary> all = new ArrayList<>();
    users.forEachUser(all::add);

    assertEquals(List.of(
        new Summary(ALICE, T0_MILLIS, 2, 1, 0),
        new Summary(BOB, T0_MILLIS.plus(Duration.ofDays(1)), 0, 0, 3)), all);
  }

  @Test
  void usersNeedNoSchemaVersionOfTheirOwn() throws Exception {
    store.close();
    try (RawRocks raw = new RawRocks(dir)) {
      assertEquals(Integer.toString(PaperStore.SCHEMA_VERSION_CURRENT), new String(raw.get(StoreDatabase.CF_META, StoreDatabase.META_SCHEMA_VERSION), StandardCharsets.US_ASCII));
      assertNotNull(raw.get(StoreDatabase.CF_USERS, "u/" + ALICE + "/p"));
    }
    reopen();
    assertTrue(users.exists(ALICE));
  }

  @Test
  void usersCannotBeUsedAfterTheStoreCloses() {
    store.close();
    assertThrows(IllegalStateException.class, () -> users.exists(ALICE));
    assertThrows(IllegalStateException.class, () -> store.users());
  }

  /** Records the operations of a write batch as text. */
  private static final class RecordingHandler extends WriteBatch.Handler {
    final List<String> ops = new ArrayList<>();

    private static String text(byte[] key) {
      return new String(key, StandardCharsets.UTF_8);
    }

    @Override
    public void put(int family, byte[] key, byte[] value) {
      ops.add("put " + text(key) + " (" + value.length + " bytes)");
    }

    @Override
    public void put(byte[] key, byte[] value) {
      ops.add("put(default) " + text(key));
    }

    @Override
    public void merge(int family, byte[] key, byte[] value) {
      ops.add("merge " + text(key));
    }

    @Override
    public void merge(byte[] key, byte[] value) {
      ops.add("merge " + text(key));
    }

    @Override
    public void delete(int family, byte[] key) {
      ops.add("delete " + text(key));
    }

    @Override
    public void delete(byte[] key) {
      ops.add("delete(default) " + text(key));
    }

    @Override
    public void singleDelete(int family, byte[] key) {
      ops.add("singleDelete " + text(key));
    }

    @Override
    public void singleDelete(byte[] key) {
      ops.add("singleDelete " + text(key));
    }

    @Override
    public void deleteRange(int family, byte[] begin, byte[] end) {
      ops.add("deleteRange " + text(begin));
    }

    @Override
    public void deleteRange(byte[] begin, byte[] end) {
      ops.add("deleteRange " + text(begin));
    }

    @Override
    public void logData(byte[] blob) {
      ops.add("logData");
    }

    @Override
    public void putBlobIndex(int family, byte[] key, byte[] value) {
      ops.add("putBlobIndex " + text(key));
    }

    @Override
    public void markBeginPrepare() {}

    @Override
    public void markEndPrepare(byte[] xid) {}

    @Override
    public void markNoop(boolean emptyBatch) {}

    @Override
    public void markRollback(byte[] xid) {}

    @Override
    public void markCommit(byte[] xid) {}

    @Override
    public void markCommitWithTimestamp(byte[] xid, byte[] timestamp) {}
  }
}
