package org.paperrec.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored users in the {@code users} column family of a {@link PaperStore}: each user's profile,
 * the index from token hash to user, and the user's likes, dislikes and seen papers. This class
 * knows bytes and durability, not policy: limits and expiry times are passed in by the caller
 * ({@code org.paperrec.recommend.profile.Profiles}).
 *
 * <h2>On-disk layout of {@code users} (store schema versions 1 to 3)</h2>
 *
 * Keys are ASCII except for the paper ID at the end of feedback keys (UTF-8 of the normalised ID,
 * {@link PaperIds#normalize}, which may contain {@code /}); RocksDB's bytewise order groups all
 * keys of one user. A feedback key names the paper by the ID it was given under (callers store
 * the key the paper had then, or the ID as given when the paper is not in the corpus); a paper may
 * be merged or re-keyed later, so readers find it with {@link PaperStore#resolve}, never by
 * comparing IDs. A user ID is 32 lowercase hex digits ({@link #isUserId}), so no user's prefix
 * is a prefix of another's.
 *
 * <table>
 *   <caption>Keys of the users family</caption>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>{@code t/<token hash>}: 64 lowercase hex digits of the SHA-256 of the user's bearer
 *       token</td><td>the user ID, ASCII</td></tr>
 *   <tr><td>{@code u/<user>/p}</td><td>the profile, UTF-8 JSON {@code {"created":
 *       "2025-01-31T10:15:30.123Z", "tokenSha256": "<64 hex digits>"}}; readers ignore unknown
 *       fields</td></tr>
 *   <tr><td>{@code u/<user>/l/<paper ID>}</td><td>a like: when it was given, as 8 bytes, a
 *       big-endian signed count of milliseconds since 1970-01-01T00:00:00Z</td></tr>
 *   <tr><td>{@code u/<user>/d/<paper ID>}</td><td>a dislike: its time, as for a like</td></tr>
 *   <tr><td>{@code u/<user>/s/<paper ID>}</td><td>a seen paper: when it was last reported seen, as
 *       for a like</td></tr>
 * </table>
 *
 * <p>So a like is one small key of its own: giving one writes one key (about 50 bytes with its
 * value) and never reads or rewrites a list. Invariants, kept because every write of a user runs
 * under that user's lock and is one {@code WriteBatch}:
 *
 * <ul>
 *   <li>a user exists exactly when its {@code p} key does; its {@code t/} key exists with it (both
 *       are written in one batch on creation and deleted in one batch with all other keys of the
 *       user);
 *   <li>feedback keys exist only for existing users;
 *   <li>a paper is liked or disliked, never both: switching deletes the one and writes the other in
 *       one batch.
 * </ul>
 *
 * <p>Times are kept to the millisecond. Every write is synced to the write-ahead log before it
 * returns, so an acknowledged like survives a crash of the process or of the machine.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe. Writes of one user are serialised by a lock chosen by the user ID (one of {@value
 * #LOCK_STRIPES}), so that "does it exist, how many are there" and the write that follows are one
 * step; writes of different users run concurrently and RocksDB syncs their WAL writes together.
 * The {@link PaperStore} owns the native handles; every call runs under its guard, so {@link
 * PaperStore#close} waits for running calls and later calls throw {@link IllegalStateException}, as
 * does every write when the store is open read-only ({@link PaperStore#openReadOnly}).
 */
public final class UserStore {

  /** Bytes of a token hash: a SHA-256 digest. */
  public static final int TOKEN_HASH_BYTES = 32;

  /** Number of locks that user writes are spread over. */
  static final int LOCK_STRIPES = 64;

  private static final Logger LOG = LoggerFactory.getLogger(UserStore.class);
  private static final Pattern USER_ID = Pattern.compile("[0-9a-f]{32}");
  private static final HexFormat HEX = HexFormat.of();
  private static final int TIME_BYTES = Long.BYTES;
  private static final byte[] USERS_PREFIX = ascii("u/");
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Feedback on a paper. */
  public enum Feedback {
    LIKE('l'),
    DISLIKE('d');

    private final char code;

    Feedback(char code) {
      this.code = code;
    }

    /** A like for a dislike and the other way round. */
    public Feedback opposite() {
      return this == LIKE ? DISLIKE : LIKE;
    }
  }

  /** What {@link #putFeedback} did. */
  public enum Change {
    /** New feedback on this paper: written. */
    ADDED,
    /** The same feedback was already there: nothing written, its first time kept. */
    UNCHANGED,
    /** The opposite feedback was there: removed, and this one written, in one batch. */
    SWITCHED,
    /** The user already has the most likes and dislikes allowed: nothing written. */
    FULL
  }

  /**
   * The outcome of {@link #putFeedback}.
   *
   * @param time when the stored feedback was given: now for {@code ADDED} and {@code SWITCHED},
   *     the earlier time for {@code UNCHANGED}, null for {@code FULL}
   */
  public record FeedbackResult(Change change, Instant time) {}

  /** One stored entry: a liked, disliked or seen paper (normalised ID) and its time. */
  public record Entry(String paperId, Instant time) {

    public Entry {
      Objects.requireNonNull(paperId, "paperId");
      Objects.requireNonNull(time, "time");
    }
  }

  /** Everything stored for one user except its token hash; lists in byte order of the paper IDs. */
  public record User(String id, Instant created, List<Entry> likes, List<Entry> dislikes, List<Entry> seen) {

    public User {
      likes = List.copyOf(likes);
      dislikes = List.copyOf(dislikes);
      seen = List.copyOf(seen);
    }
  }

  /** A user and its numbers of stored entries, for listings. */
  public record Summary(String id, Instant created, int likes, int dislikes, int seen) {}

  private final StoreDatabase database;
  private final Object[] locks = new Object[LOCK_STRIPES];

  /** Called by the {@link PaperStore} whose database owns the handles. */
  UserStore(StoreDatabase database) {
    this.database = database;
    Arrays.setAll(locks, i -> new Object());
  }

  /**
   * The database and the users family's handle, read at each call: the store may reopen its
   * database after a write failed for lack of space. Package-private for the layout tests, which
   * read the write-ahead log through them.
   */
  RocksDB db() {
    return database.db;
  }

  ColumnFamilyHandle family() {
    return database.users;
  }

  /** Whether {@code s} is a user ID: 32 lowercase hex digits. */
  public static boolean isUserId(String s) {
    return s != null && USER_ID.matcher(s).matches();
  }

  // ---------------------------------------------------------------------------------------------
  // Users and tokens

  /**
   * Creates a user with its token index entry, in one synced write.
   *
   * @param userId a new user ID ({@link #isUserId})
   * @param tokenHash the SHA-256 of the user's bearer token, {@value #TOKEN_HASH_BYTES} bytes
   * @param created when, kept to the millisecond
   * @return false, writing nothing, when the user ID or the token hash is already taken
   */
  public boolean create(String userId, byte[] tokenHash, Instant created) {
    checkUserId(userId);
    checkTokenHash(tokenHash);
    Objects.requireNonNull(created, "created");
    byte[] profile = encodeProfile(created, tokenHash);
    return database.guardedWrite("create user " + userId, () -> {
      synchronized (lock(userId)) {
        if (db().get(family(), profileKey(userId)) != null || db().get(family(), tokenKey(tokenHash)) != null) {
          return false;
        }
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(family(), profileKey(userId), profile);
          batch.put(family(), tokenKey(tokenHash), ascii(userId));
          db().write(database.syncedWrites, batch);
        }
        return true;
      }
    });
  }

  /**
   * The user whose token has this hash: one point read of the token index, then the hash stored in
   * that user's profile is compared with {@link MessageDigest#isEqual}, whose time does not depend
   * on where the two differ. The index lookup's own timing may depend on the hash's bytes, but a
   * caller cannot choose those bytes without inverting SHA-256, so it tells nothing about stored
   * tokens.
   *
   * @param tokenHash SHA-256 of a bearer token, {@value #TOKEN_HASH_BYTES} bytes
   * @return the user ID, or empty when no user has this token
   */
  public Optional<String> userIdByTokenHash(byte[] tokenHash) {
    checkTokenHash(tokenHash);
    return database.guarded("look up a token", () -> {
      byte[] id = db().get(family(), tokenKey(tokenHash));
      if (id == null) {
        return Optional.empty();
      }
      String userId = new String(id, StandardCharsets.US_ASCII);
      byte[] profile = isUserId(userId) ? db().get(family(), profileKey(userId)) : null;
      if (profile == null) {
        LOG.warn("token index entry for user '{}' has no profile (corrupted entry); refusing the token", userId);
        return Optional.empty();
      }
      return MessageDigest.isEqual(decodeProfile(userId, profile).tokenHash(), tokenHash)
          ? Optional.of(userId)
          : Optional.empty();
    });
  }

  /** Whether the user exists. */
  public boolean exists(String userId) {
    checkUserId(userId);
    return database.guarded("read user " + userId, () -> db().get(family(), profileKey(userId)) != null);
  }

  /**
   * Everything stored for the user, read from one consistent snapshot.
   *
   * @return empty when there is no such user
   */
  public Optional<User> user(String userId) {
    checkUserId(userId);
    return database.guarded("read user " + userId, () -> {
      Snapshot snapshot = db().getSnapshot();
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
        byte[] profile = db().get(family(), options, profileKey(userId));
        if (profile == null) {
          return Optional.empty();
        }
        Instant created = decodeProfile(userId, profile).created();
        return Optional.of(new User(userId, created,
            entries(options, userId, Feedback.LIKE.code),
            entries(options, userId, Feedback.DISLIKE.code),
            entries(options, userId, 's')));
      } finally {
        db().releaseSnapshot(snapshot);
      }
    });
  }

  /**
   * Calls {@code consumer} with a summary of every user, in byte order of the user IDs. Reads every
   * key of the family once. A user whose profile is missing or unreadable is skipped with a warning.
   */
  public void forEachUser(Consumer<Summary> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    database.guarded("list users", () -> {
      try (ReadOptions options = new ReadOptions().setFillCache(false);
          RocksIterator it = db().newIterator(family(), options)) {
        SummaryBuilder current = null;
        for (it.seek(USERS_PREFIX); it.isValid() && startsWith(it.key(), USERS_PREFIX); it.next()) {
          String key = new String(it.key(), StandardCharsets.UTF_8);
          // u/<32 hex>/<kind>...: the user ID is at a fixed place
          if (key.length() < 36 || key.charAt(34) != '/' || !isUserId(key.substring(2, 34))) {
            LOG.warn("skipping key '{}' of the users family: not a user key (corrupted entry)", key);
            continue;
          }
          String userId = key.substring(2, 34);
          if (current == null || !current.id.equals(userId)) {
            emit(current, consumer);
            current = new SummaryBuilder(userId);
          }
          current.count(key.substring(35), it.value());
        }
        it.status();
        emit(current, consumer);
      }
      return null;
    });
  }

  /**
   * Deletes the user: profile, token index entry and every like, dislike and seen entry, in one
   * synced write. Then asks RocksDB to compact the user's keys, so that the deleted bytes also
   * leave the files of the data folder rather than waiting for a compaction that may be long in
   * coming. Only RocksDB's {@code MANIFEST} may still hold one or two of the user's keys (as
   * table-file boundaries, never values) until the store is next opened, which rewrites it.
   *
   * @return false when there was no such user
   */
  public boolean delete(String userId) {
    checkUserId(userId);
    return database.guardedWrite("delete user " + userId, () -> {
      synchronized (lock(userId)) {
        byte[] profile = db().get(family(), profileKey(userId));
        if (profile == null) {
          return false;
        }
        byte[] tokenKey = tokenKey(decodeProfile(userId, profile).tokenHash());
        byte[] prefix = userPrefix(userId);
        try (WriteBatch batch = new WriteBatch();
            ReadOptions options = new ReadOptions().setFillCache(false);
            RocksIterator it = db().newIterator(family(), options)) {
          for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
            batch.delete(family(), it.key());
          }
          it.status();
          batch.delete(family(), tokenKey);
          db().write(database.syncedWrites, batch);
        }
        db().compactRange(family(), prefix, prefixEnd(prefix));
        db().compactRange(family(), tokenKey, prefixEnd(tokenKey));
        return true;
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Feedback

  /**
   * Likes or dislikes a paper: one small synced write. Idempotent: the same feedback again changes
   * nothing and keeps its first time. The opposite feedback on the paper is replaced in the same
   * batch.
   *
   * @param paperId normalised paper ID; the paper need not be in the corpus
   * @param time when, kept to the millisecond
   * @param maxFeedback most likes and dislikes together the user may have; adding one more is
   *     refused with {@link Change#FULL}
   * @throws UserNotFoundException when there is no such user
   */
  public FeedbackResult putFeedback(String userId, Feedback kind, String paperId, Instant time, int maxFeedback) {
    return putFeedback(userId, kind, List.of(paperId), time, maxFeedback);
  }

  /**
   * Likes or dislikes a paper known by several IDs (a corpus paper's key and its aliases), in one
   * small synced write that leaves the user's feedback on the paper under its first ID only: the
   * same feedback under another ID (given before the paper was merged or re-keyed) moves there with
   * its time, and is {@link Change#UNCHANGED}; the opposite feedback under any ID is replaced.
   *
   * @param paperIds the paper's normalised IDs, at least one, the one to store under first
   * @throws UserNotFoundException when there is no such user
   */
  public FeedbackResult putFeedback(
      String userId, Feedback kind, List<String> paperIds, Instant time, int maxFeedback) {
    checkUserId(userId);
    Objects.requireNonNull(kind, "kind");
    List<String> ids = checkPaperIds(paperIds);
    Objects.requireNonNull(time, "time");
    if (maxFeedback < 1) {
      throw new IllegalArgumentException("maxFeedback must be positive; maxFeedback=" + maxFeedback);
    }
    byte[] key = entryKey(userId, kind.code, ids.get(0));
    return database.guardedWrite("write feedback of user " + userId, () -> {
      synchronized (lock(userId)) {
        requireUser(userId);
        byte[] existing = db().get(family(), key);
        if (existing != null && ids.size() == 1) {
          return new FeedbackResult(Change.UNCHANGED, decodeTime(key, existing));
        }
        List<byte[]> same = new ArrayList<>();
        List<byte[]> opposite = new ArrayList<>();
        Instant kept = existing == null ? null : decodeTime(key, existing);
        for (String id : ids) {
          byte[] other = entryKey(userId, kind.code, id);
          byte[] value = id.equals(ids.get(0)) ? null : db().get(family(), other);
          if (value != null) {
            same.add(other);
            Instant at = decodeTime(other, value);
            kept = kept == null || at.isBefore(kept) ? at : kept;
          }
          byte[] flipped = entryKey(userId, kind.opposite().code, id);
          if (db().get(family(), flipped) != null) {
            opposite.add(flipped);
          }
        }
        if (existing != null && same.isEmpty() && opposite.isEmpty()) {
          return new FeedbackResult(Change.UNCHANGED, kept);
        }
        boolean switching = kept == null && !opposite.isEmpty();
        if (kept == null && !switching && countFeedback(userId) >= maxFeedback) {
          return new FeedbackResult(Change.FULL, null);
        }
        Instant stored = kept != null ? kept : time.truncatedTo(ChronoUnit.MILLIS);
        try (WriteBatch batch = new WriteBatch()) {
          for (byte[] k : same) {
            batch.delete(family(), k);
          }
          for (byte[] k : opposite) {
            batch.delete(family(), k);
          }
          batch.put(family(), key, encodeTime(stored));
          db().write(database.syncedWrites, batch);
        }
        return new FeedbackResult(kept != null ? Change.UNCHANGED : switching ? Change.SWITCHED : Change.ADDED, stored);
      }
    });
  }

  /**
   * Removes a like or a dislike, in one synced write.
   *
   * @return false, writing nothing, when the user had not given this feedback on the paper
   * @throws UserNotFoundException when there is no such user
   */
  public boolean removeFeedback(String userId, Feedback kind, String paperId) {
    return removeFeedback(userId, kind, List.of(paperId));
  }

  /**
   * Removes a like or a dislike of a paper known by several IDs, under every one of them, in one
   * synced write.
   *
   * @param paperIds the paper's normalised IDs, at least one
   * @return false, writing nothing, when the user had not given this feedback on the paper
   * @throws UserNotFoundException when there is no such user
   */
  public boolean removeFeedback(String userId, Feedback kind, List<String> paperIds) {
    checkUserId(userId);
    Objects.requireNonNull(kind, "kind");
    List<String> ids = checkPaperIds(paperIds);
    return database.guardedWrite("remove feedback of user " + userId, () -> {
      synchronized (lock(userId)) {
        requireUser(userId);
        try (WriteBatch batch = new WriteBatch()) {
          boolean any = false;
          for (String id : ids) {
            byte[] key = entryKey(userId, kind.code, id);
            if (db().get(family(), key) != null) {
              batch.delete(family(), key);
              any = true;
            }
          }
          if (any) {
            db().write(database.syncedWrites, batch);
          }
          return any;
        }
      }
    });
  }

  /**
   * Records papers as seen at {@code time}, in one synced write that also deletes the user's seen
   * entries older than {@code expiredBefore} and, if more than {@code maxSeen} would be left, the
   * oldest of them. A paper seen again gets the new time.
   *
   * @param paperIds normalised paper IDs, at most {@code maxSeen}; duplicates count once
   * @return the number of distinct papers recorded
   * @throws UserNotFoundException when there is no such user
   */
  public int putSeen(String userId, Collection<String> paperIds, Instant time, Instant expiredBefore, int maxSeen) {
    checkUserId(userId);
    Set<String> ids = new LinkedHashSet<>(Objects.requireNonNull(paperIds, "paperIds"));
    ids.forEach(UserStore::checkPaperId);
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(expiredBefore, "expiredBefore");
    if (ids.size() > maxSeen) {
      throw new IllegalArgumentException(
          "at most maxSeen=" + maxSeen + " papers can be kept as seen; " + ids.size() + " were given");
    }
    byte[] value = encodeTime(time.truncatedTo(ChronoUnit.MILLIS));
    return database.guardedWrite("write seen papers of user " + userId, () -> {
      synchronized (lock(userId)) {
        requireUser(userId);
        List<Entry> kept = new ArrayList<>();
        try (WriteBatch batch = new WriteBatch()) {
          try (ReadOptions options = new ReadOptions()) {
            for (Entry entry : entries(options, userId, 's')) {
              if (ids.contains(entry.paperId())) {
                continue; // rewritten below
              }
              if (entry.time().isBefore(expiredBefore)) {
                batch.delete(family(), entryKey(userId, 's', entry.paperId()));
              } else {
                kept.add(entry);
              }
            }
          }
          int excess = kept.size() + ids.size() - maxSeen;
          if (excess > 0) {
            kept.sort(Comparator.comparing(Entry::time).thenComparing(Entry::paperId));
            for (Entry oldest : kept.subList(0, excess)) {
              batch.delete(family(), entryKey(userId, 's', oldest.paperId()));
            }
          }
          for (String id : ids) {
            batch.put(family(), entryKey(userId, 's', id), value);
          }
          db().write(database.syncedWrites, batch);
        }
        return ids.size();
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private Object lock(String userId) {
    return locks[Math.floorMod(userId.hashCode(), LOCK_STRIPES)];
  }

  private void requireUser(String userId) throws RocksDBException {
    if (db().get(family(), profileKey(userId)) == null) {
      throw new UserNotFoundException(userId);
    }
  }

  /** Likes plus dislikes: the keys from {@code u/<user>/d/} up to the end of {@code u/<user>/l/}. */
  private int countFeedback(String userId) throws RocksDBException {
    byte[] dislikes = entryPrefix(userId, Feedback.DISLIKE.code);
    byte[] likes = entryPrefix(userId, Feedback.LIKE.code);
    int n = 0;
    try (ReadOptions options = new ReadOptions().setFillCache(false);
        RocksIterator it = db().newIterator(family(), options)) {
      for (it.seek(dislikes); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (startsWith(key, dislikes) || startsWith(key, likes)) {
          n++;
        } else if (Arrays.compareUnsigned(key, likes) > 0) {
          break;
        }
      }
      it.status();
    }
    return n;
  }

  private List<Entry> entries(ReadOptions options, String userId, char kind) throws RocksDBException {
    byte[] prefix = entryPrefix(userId, kind);
    List<Entry> entries = new ArrayList<>();
    try (RocksIterator it = db().newIterator(family(), options)) {
      for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
        byte[] key = it.key();
        String paperId = new String(key, prefix.length, key.length - prefix.length, StandardCharsets.UTF_8);
        try {
          entries.add(new Entry(paperId, decodeTime(key, it.value())));
        } catch (UncheckedIOException e) {
          LOG.warn("skipping {}: {}", new String(key, StandardCharsets.UTF_8), e.getMessage());
        }
      }
      it.status();
    }
    return entries;
  }

  private static void emit(SummaryBuilder builder, Consumer<Summary> consumer) {
    if (builder == null) {
      return;
    }
    if (builder.created == null) {
      LOG.warn("skipping user {}: it has feedback but no readable profile (corrupted entry)", builder.id);
      return;
    }
    consumer.accept(new Summary(builder.id, builder.created, builder.likes, builder.dislikes, builder.seen));
  }

  /** Counts the keys of one user during {@link #forEachUser}. */
  private static final class SummaryBuilder {
    final String id;
    Instant created;
    int likes;
    int dislikes;
    int seen;

    SummaryBuilder(String id) {
      this.id = id;
    }

    /** {@code rest}: the key after {@code u/<user>/}. */
    void count(String rest, byte[] value) {
      if (rest.equals("p")) {
        try {
          created = decodeProfile(id, value).created();
        } catch (UncheckedIOException e) {
          LOG.warn("user {}: {}", id, e.getMessage());
        }
      } else if (rest.startsWith("l/")) {
        likes++;
      } else if (rest.startsWith("d/")) {
        dislikes++;
      } else if (rest.startsWith("s/")) {
        seen++;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Encoding

  /** The profile JSON; field names spelled out so that renaming a component never changes the format. */
  @JsonPropertyOrder({"created", "tokenSha256"})
  record ProfileJson(@JsonProperty("created") String created, @JsonProperty("tokenSha256") String tokenSha256) {}

  /** A decoded profile value. */
  private record Profile(Instant created, byte[] tokenHash) {}

  private static byte[] encodeProfile(Instant created, byte[] tokenHash) {
    try {
      return JSON.writeValueAsBytes(
          new ProfileJson(created.truncatedTo(ChronoUnit.MILLIS).toString(), HEX.formatHex(tokenHash)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a user profile", e);
    }
  }

  private static Profile decodeProfile(String userId, byte[] bytes) {
    try {
      ProfileJson json = JSON.readValue(bytes, ProfileJson.class);
      byte[] hash = HEX.parseHex(Objects.requireNonNull(json.tokenSha256(), "tokenSha256"));
      if (hash.length != TOKEN_HASH_BYTES) {
        throw new IllegalArgumentException("tokenSha256 has " + hash.length + " bytes, not " + TOKEN_HASH_BYTES);
      }
      return new Profile(Instant.parse(Objects.requireNonNull(json.created(), "created")), hash);
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(new IOException(
          "stored profile of user " + userId + " is corrupted: " + e.getMessage(), e));
    }
  }

  static byte[] encodeTime(Instant time) {
    return ByteBuffer.allocate(TIME_BYTES).putLong(time.toEpochMilli()).array();
  }

  private static Instant decodeTime(byte[] key, byte[] value) {
    if (value.length != TIME_BYTES) {
      throw new UncheckedIOException(new IOException(
          "value of " + new String(key, StandardCharsets.UTF_8) + " has " + value.length + " bytes, not "
              + TIME_BYTES + " (corrupted entry)"));
    }
    return Instant.ofEpochMilli(ByteBuffer.wrap(value).getLong());
  }

  static byte[] tokenKey(byte[] tokenHash) {
    return ascii("t/" + HEX.formatHex(tokenHash));
  }

  static byte[] profileKey(String userId) {
    return ascii("u/" + userId + "/p");
  }

  static byte[] userPrefix(String userId) {
    return ascii("u/" + userId + "/");
  }

  private static byte[] entryPrefix(String userId, char kind) {
    return ascii("u/" + userId + "/" + kind + "/");
  }

  private static byte[] entryKey(String userId, char kind, String paperId) {
    return ("u/" + userId + "/" + kind + "/" + paperId).getBytes(StandardCharsets.UTF_8);
  }

  /** The smallest key after every key that starts with {@code prefix}. */
  private static byte[] prefixEnd(byte[] prefix) {
    byte[] end = Arrays.copyOf(prefix, prefix.length + 1);
    end[prefix.length] = (byte) 0xff;
    // Keys here are ASCII and UTF-8 (never 0xff), so prefix + 0xff sorts after all of them.
    return end;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static void checkUserId(String userId) {
    if (!isUserId(userId)) {
      throw new IllegalArgumentException(
          "a user ID is 32 lowercase hex digits; userId=" + (userId == null ? "null" : "'" + userId + "'"));
    }
  }

  private static void checkTokenHash(byte[] tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    if (tokenHash.length != TOKEN_HASH_BYTES) {
      throw new IllegalArgumentException(
          "tokenHash must be a SHA-256 digest of " + TOKEN_HASH_BYTES + " bytes; it has " + tokenHash.length);
    }
  }

  private static List<String> checkPaperIds(List<String> paperIds) {
    Objects.requireNonNull(paperIds, "paperIds");
    if (paperIds.isEmpty()) {
      throw new IllegalArgumentException("paperIds must name at least one ID of the paper");
    }
    paperIds.forEach(UserStore::checkPaperId);
    return List.copyOf(new LinkedHashSet<>(paperIds));
  }

  private static void checkPaperId(String paperId) {
    Objects.requireNonNull(paperId, "paperId");
    String normal = PaperIds.normalize(paperId);
    if (!normal.equals(paperId)) {
      throw new IllegalArgumentException("paper ID must be in normal form; paperId=" + paperId + ", normal form " + normal);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
