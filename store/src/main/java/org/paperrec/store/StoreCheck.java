package org.paperrec.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * Checks the invariants of a store's column families (documented in {@link PaperStore} and {@link
 * UserStore}) by scanning them from one snapshot, and reports every breach in a {@link
 * CheckReport}. Used by {@code paperrec check}; works on a store opened read-only beside a
 * running server.
 *
 * <p>Violations (kinds): {@value #PAPER_WITHOUT_VECTOR}, {@value #VECTOR_WITHOUT_PAPER}, {@value
 * #CORRUPTED_PAPER} (unreadable JSON, or an {@code id} other than its key), {@value
 * #CORRUPTED_VECTOR} (wrong length), {@value #ID_WITHOUT_ALIAS} (an ID of a stored paper whose
 * alias entry is missing or names another paper), {@value #ALIAS_TO_MISSING_PAPER} (an alias
 * entry naming a key that holds no paper), {@value #ALIAS_NOT_OF_PAPER} (an entry naming a paper
 * that does not list the ID), {@value #COUNT_MISMATCH} (meta {@code count} against the keys of
 * {@code vectors}), {@value #USER_KEY_ORPHAN} (a token or feedback key of a user without a
 * profile), {@value #LIKE_AND_DISLIKE} (a paper both liked and disliked by one user), {@value
 * #BAD_USER_KEY} (a key or value of the users family that is not in its layout).
 *
 * <p>Warnings: {@value #FEEDBACK_UNKNOWN_PAPER}, a like or dislike of an ID that names no stored
 * paper. That is allowed: a like may be given for a paper that is not in the corpus yet, and
 * deleting a paper keeps the likes of it (they count again when the paper is added back). {@value
 * #OLD_SCHEMA}: a read-only view of a folder from before the alias table, whose aliases are not
 * checked.
 *
 * <p>Not thread-safe: one call, one report. Reads every key of the store once and holds no more
 * than one user's feedback in memory.
 */
public final class StoreCheck {

  public static final String PAPER_WITHOUT_VECTOR = "paper-without-vector";
  public static final String VECTOR_WITHOUT_PAPER = "vector-without-paper";
  public static final String CORRUPTED_PAPER = "corrupted-paper";
  public static final String CORRUPTED_VECTOR = "corrupted-vector";
  public static final String ID_WITHOUT_ALIAS = "id-without-alias";
  public static final String ALIAS_TO_MISSING_PAPER = "alias-to-missing-paper";
  public static final String ALIAS_NOT_OF_PAPER = "alias-not-of-paper";
  public static final String COUNT_MISMATCH = "count-mismatch";
  public static final String USER_KEY_ORPHAN = "user-key-orphan";
  public static final String LIKE_AND_DISLIKE = "like-and-dislike";
  public static final String BAD_USER_KEY = "bad-user-key";
  public static final String FEEDBACK_UNKNOWN_PAPER = "feedback-unknown-paper";
  public static final String OLD_SCHEMA = "old-schema";

  private final PaperStore store;
  private final StoreDatabase database;
  private final CheckReport report;

  private StoreCheck(PaperStore store, CheckReport report) {
    this.store = store;
    this.database = store.database();
    this.report = report;
  }

  /** Checks {@code store}, adding findings and the figures {@code papers} and {@code users} to {@code report}. */
  public static void run(PaperStore store, CheckReport report) {
    Objects.requireNonNull(report, "report");
    StoreCheck check = new StoreCheck(Objects.requireNonNull(store, "store"), report);
    check.database.guarded("check the store", () -> {
      Snapshot snapshot = check.database.db.getSnapshot();
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot).setFillCache(false)) {
        check.papersAndVectors(options);
        check.aliases(options);
        check.users(options);
      } finally {
        check.database.db.releaseSnapshot(snapshot);
      }
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Papers, vectors, count, alias entries of each paper's IDs

  private void papersAndVectors(ReadOptions options) throws RocksDBException {
    long vectors = 0;
    long papers = 0;
    try (RocksIterator paperIt = database.db.newIterator(database.papers, options);
        RocksIterator vectorIt = database.db.newIterator(database.vectors, options)) {
      paperIt.seekToFirst();
      vectorIt.seekToFirst();
      while (paperIt.isValid() || vectorIt.isValid()) {
        int order = !paperIt.isValid() ? 1
            : !vectorIt.isValid() ? -1
            : Arrays.compareUnsigned(paperIt.key(), vectorIt.key());
        if (order <= 0) {
          papers++;
          checkPaper(paperIt.key(), paperIt.value(), options);
          if (order < 0) {
            report.violation(PAPER_WITHOUT_VECTOR, "paper " + text(paperIt.key()) + " has no vector; add it again"
                + " (POST /v1/papers or paperrec ingest) to embed it");
          }
        }
        if (order >= 0) {
          vectors++;
          if (vectorIt.value().length != 4 * store.dimension()) {
            report.violation(CORRUPTED_VECTOR, "vector " + text(vectorIt.key()) + " has " + vectorIt.value().length
                + " bytes, expected " + 4 * store.dimension());
          }
          if (order > 0) {
            report.violation(VECTOR_WITHOUT_PAPER, "vector " + text(vectorIt.key()) + " has no paper");
          }
        }
        if (order <= 0) {
          paperIt.next();
        }
        if (order >= 0) {
          vectorIt.next();
        }
      }
      paperIt.status();
      vectorIt.status();
    }
    long counted = database.metaNumber(options, StoreDatabase.META_COUNT, -1);
    if (counted >= 0 && counted != vectors) {
      report.violation(COUNT_MISMATCH, "meta count says " + counted + " papers, the vectors family holds " + vectors);
    }
    report.figure("papers", papers);
  }

  private void checkPaper(byte[] key, byte[] json, ReadOptions options) throws RocksDBException {
    Paper paper;
    try {
      paper = PaperJson.decode(json);
    } catch (IOException | IllegalArgumentException e) {
      report.violation(CORRUPTED_PAPER, "paper " + text(key) + " has unreadable JSON: " + e.getMessage());
      return;
    }
    if (!Arrays.equals(StoreDatabase.utf8(paper.id()), key)) {
      report.violation(CORRUPTED_PAPER, "paper " + text(key) + " has id '" + paper.id() + "' in its JSON");
      return;
    }
    if (database.aliases == null) {
      return;
    }
    for (String id : paper.ids()) {
      byte[] owner = database.db.get(database.aliases, options, StoreDatabase.utf8(id));
      if (owner == null) {
        report.violation(ID_WITHOUT_ALIAS, "ID " + id + " of paper " + paper.id() + " has no alias entry");
      } else if (!Arrays.equals(owner, key)) {
        report.violation(ID_WITHOUT_ALIAS, "ID " + id + " of paper " + paper.id() + " has an alias entry naming "
            + text(owner));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Alias entries: each names a stored paper that lists the ID

  private void aliases(ReadOptions options) throws RocksDBException {
    if (database.aliases == null) {
      report.warning(OLD_SCHEMA, "the folder has store schema version 1 or 2 (no alias table); aliases not"
          + " checked. Open it once with a writing command (paperrec serve) to migrate it");
      return;
    }
    try (RocksIterator it = database.db.newIterator(database.aliases, options)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        String id = text(it.key());
        byte[] json = database.db.get(database.papers, options, it.value());
        if (json == null) {
          report.violation(ALIAS_TO_MISSING_PAPER, "alias " + id + " names paper " + text(it.value())
              + ", which is not stored");
          continue;
        }
        try {
          if (!PaperJson.decode(json).ids().contains(id)) {
            report.violation(ALIAS_NOT_OF_PAPER, "alias " + id + " names paper " + text(it.value())
                + ", which does not list it among its IDs");
          }
        } catch (IOException | IllegalArgumentException e) {
          // Reported as corrupted-paper by the paper scan.
        }
      }
      it.status();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Users: token index, profiles, feedback

  private void users(ReadOptions options) throws RocksDBException {
    long users = 0;
    String current = null; // user whose keys are being read
    boolean currentExists = false;
    Set<String> disliked = new HashSet<>(); // "d" sorts before "l": a like is checked against them
    try (RocksIterator it = database.db.newIterator(database.users, options)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        String key = text(it.key());
        if (key.startsWith("t/")) {
          checkToken(key, it.value(), options);
          continue;
        }
        // u/<32 hex>/<kind>...
        String userId = key.length() >= 36 && key.startsWith("u/") && key.charAt(34) == '/' ? key.substring(2, 34) : "";
        if (!UserStore.isUserId(userId)) {
          report.violation(BAD_USER_KEY, "users key '" + key + "' is not in the layout");
          continue;
        }
        if (!userId.equals(current)) {
          current = userId;
          currentExists = database.db.get(database.users, options, UserStore.profileKey(userId)) != null;
          disliked.clear();
        }
        String rest = key.substring(35);
        if (rest.equals("p")) {
          users++;
          continue;
        }
        if (!currentExists) {
          report.violation(USER_KEY_ORPHAN, "users key '" + key + "' belongs to user " + userId + ", who has no profile");
          continue;
        }
        if (rest.length() < 3 || rest.charAt(1) != '/' || "lds".indexOf(rest.charAt(0)) < 0) {
          report.violation(BAD_USER_KEY, "users key '" + key + "' is not in the layout");
          continue;
        }
        if (it.value().length != Long.BYTES) {
          report.violation(BAD_USER_KEY, "users key '" + key + "' has a value of " + it.value().length
              + " bytes, expected " + Long.BYTES);
        }
        char kind = rest.charAt(0);
        String paperId = rest.substring(2);
        if (!isNormalId(paperId)) {
          report.violation(BAD_USER_KEY, "users key '" + key + "' names '" + paperId + "', not a normalised paper ID");
          continue;
        }
        if (kind == 'd') {
          disliked.add(paperId);
        } else if (kind == 'l' && disliked.contains(paperId)) {
          report.violation(LIKE_AND_DISLIKE, "user " + userId + " both likes and dislikes paper " + paperId);
        }
        if (kind != 's' && database.aliases != null
            && database.db.get(database.aliases, options, StoreDatabase.utf8(paperId)) == null) {
          report.warning(FEEDBACK_UNKNOWN_PAPER, "user " + userId + (kind == 'l' ? " likes " : " dislikes ")
              + paperId + ", which is not stored (deleted, or not added yet): kept, and used again once it is added");
        }
      }
      it.status();
    }
    report.figure("users", users);
  }

  private void checkToken(String key, byte[] value, ReadOptions options) throws RocksDBException {
    String userId = new String(value, StandardCharsets.US_ASCII);
    if (key.length() != 2 + 2 * UserStore.TOKEN_HASH_BYTES || !UserStore.isUserId(userId)) {
      report.violation(BAD_USER_KEY, "token index entry '" + key + "' is not in the layout");
    } else if (database.db.get(database.users, options, UserStore.profileKey(userId)) == null) {
      report.violation(USER_KEY_ORPHAN, "token index entry '" + key + "' names user " + userId + ", who has no profile");
    }
  }

  private static boolean isNormalId(String id) {
    try {
      return PaperIds.normalize(id).equals(id);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String text(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }
}
