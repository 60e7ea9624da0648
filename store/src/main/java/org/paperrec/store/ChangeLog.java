package org.paperrec.store;

import static org.paperrec.store.StoreDatabase.META_CHANGES_PRUNED_THROUGH;
import static org.paperrec.store.StoreDatabase.META_CHANGE_SEQ;
import static org.paperrec.store.StoreDatabase.ascii;
import static org.paperrec.store.StoreDatabase.utf8;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;
import java.util.function.ObjLongConsumer;
import org.rocksdb.AbstractWriteBatch;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * The {@code changes} column family: one entry per written or deleted paper, numbered by a
 * sequence that only grows, so that an index kept elsewhere can catch up with the store (layout in
 * {@link PaperStore}).
 *
 * <p>Thread-safe. Appends and pruning run under the paper writers' lock that {@link PaperTable}
 * passes in, so sequence numbers have no gaps and {@code change_seq} always names the last entry
 * written; reads run on a RocksDB snapshot.
 */
final class ChangeLog {

  private final StoreDatabase database;
  /** The paper writers' lock: appends and pruning hold it. */
  private final Object writerLock;
  /** The last sequence written; changed only under {@link #writerLock}, after the batch is written. */
  private volatile long last;

  /**
   * @param last the store's {@code change_seq} when it was opened
   */
  ChangeLog(StoreDatabase database, Object writerLock, long last) {
    this.database = database;
    this.writerLock = writerLock;
    this.last = last;
  }

  /** Sets {@link #last} to what meta says, after the database was opened again; under the writer lock. */
  void reset(long seq) {
    last = seq;
  }

  /** The sequence of the last change, 0 when there is none. */
  long last() {
    return last;
  }

  /**
   * Adds one entry per ID to {@code batch}, numbered after {@link #last}, and the new {@code
   * change_seq}. The caller holds the writer lock and calls {@link #written} once the batch is.
   *
   * @param ids normalised paper IDs, each once
   * @return the sequence of the last entry added
   */
  long append(AbstractWriteBatch batch, Collection<String> ids) throws RocksDBException {
    long seq = last;
    for (String id : ids) {
      batch.put(database.changes, key(++seq), utf8(id));
    }
    batch.put(database.meta, ascii(META_CHANGE_SEQ), ascii(Long.toString(seq)));
    return seq;
  }

  /** The batch that {@link #append} returned {@code seq} for is written. */
  void written(long seq) {
    last = seq;
  }

  /**
   * Numbers the changes of an empty store after {@code seq}, for a store that replaces another one
   * whose changes went up to {@code seq} (a re-embed).
   */
  void startAfter(long seq) {
    database.guardedWrite("set the change sequence", () -> {
      synchronized (writerLock) {
        database.db.put(database.meta, database.syncedWrites, ascii(META_CHANGE_SEQ), ascii(Long.toString(seq)));
        last = seq;
      }
      return null;
    });
  }

  /** See {@link PaperStore#forEachChangeSince}. */
  long forEachSince(long afterSeq, ObjLongConsumer<String> consumer) {
    if (afterSeq < 0) {
      throw new IllegalArgumentException("afterSeq must not be negative; afterSeq=" + afterSeq);
    }
    Objects.requireNonNull(consumer, "consumer");
    if (database.changes == null) {
      database.ensureOpen();
      return afterSeq; // a read-only view of a version 1 folder: no change was ever logged
    }
    return database.guarded("read the change log", () -> {
      Snapshot snapshot = database.db.getSnapshot();
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot).setFillCache(false)) {
        long prunedThrough = database.metaNumber(options, META_CHANGES_PRUNED_THROUGH, 0);
        if (afterSeq < prunedThrough) {
          throw new IllegalStateException(
              "the change log of " + database.dir() + " no longer holds the changes after " + afterSeq
                  + ": it was pruned through " + prunedThrough + "; rebuild the index from a full scan"
                  + " (PaperStore.forEachAt) and catch up from the sequence it returns");
        }
        long seen = afterSeq;
        try (RocksIterator it = database.db.newIterator(database.changes, options)) {
          for (it.seek(key(afterSeq + 1)); it.isValid(); it.next()) {
            seen = seq(it.key());
            consumer.accept(new String(it.value(), StandardCharsets.UTF_8), seen);
          }
          it.status();
        }
        return seen;
      } finally {
        database.db.releaseSnapshot(snapshot);
      }
    });
  }

  /** The {@code change_seq} as of the snapshot of {@code options}. */
  long lastAt(ReadOptions options) throws RocksDBException {
    return database.metaNumber(options, META_CHANGE_SEQ, 0);
  }

  /** See {@link PaperStore#pruneChangesThrough}. */
  void pruneThrough(long seq) {
    database.guardedWrite("prune the change log", () -> {
      synchronized (writerLock) {
        if (seq < 0 || seq > last) {
          throw new IllegalArgumentException(
              "seq must be in [0, lastChange()=" + last + "]; seq=" + seq);
        }
        try (ReadOptions options = new ReadOptions();
            WriteBatch batch = new WriteBatch()) {
          long prunedThrough = database.metaNumber(options, META_CHANGES_PRUNED_THROUGH, 0);
          if (seq <= prunedThrough) {
            return null;
          }
          batch.deleteRange(database.changes, key(prunedThrough + 1), key(seq + 1));
          batch.put(database.meta, ascii(META_CHANGES_PRUNED_THROUGH), ascii(Long.toString(seq)));
          database.db.write(database.walWrites, batch);
        }
      }
      return null;
    });
  }

  /** The key of an entry: its sequence as 8 bytes, big-endian, so byte order is numeric order. */
  static byte[] key(long seq) {
    return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
  }

  private static long seq(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }
}
