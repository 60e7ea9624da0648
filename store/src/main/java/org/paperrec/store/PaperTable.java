package org.paperrec.store;

import static org.paperrec.store.StoreDatabase.META_COUNT;
import static org.paperrec.store.StoreDatabase.ascii;
import static org.paperrec.store.StoreDatabase.utf8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.paperrec.store.PaperStore.Entry;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code papers} and {@code vectors} column families, with the paper count in {@code meta}
 * and the {@link ChangeLog}, all written in the same batch as the papers they describe (layout in
 * {@link PaperStore}).
 *
 * <p>Thread-safe: reads run concurrently; writes are serialised by one lock, so that "does the key
 * exist", the count and the change sequence that follow from it, and the write are one step.
 */
final class PaperTable {

  private static final Logger LOG = LoggerFactory.getLogger(PaperTable.class);

  private final StoreDatabase database;
  private final int dimension;
  /** Serialises paper writes and change log pruning. */
  private final Object writerLock = new Object();
  private final ChangeLog changes;
  /** Number of keys in {@code vectors}, as in meta {@code count}; changed only under {@link #writerLock}. */
  private volatile long count;

  private PaperTable(StoreDatabase database, int dimension, long count, long lastChange) {
    this.database = database;
    this.dimension = dimension;
    this.count = count;
    this.changes = new ChangeLog(database, writerLock, lastChange);
  }

  /**
   * The papers of {@code database}, with count and change sequence read from {@code meta}; a
   * read-only view of a version 1 folder, which has neither, counts its vectors once and has no
   * changes.
   */
  static PaperTable load(StoreDatabase database, int dimension) {
    return database.guarded("read the paper count", () -> {
      try (ReadOptions options = new ReadOptions()) {
        long count = database.metaNumber(options, META_COUNT, -1);
        if (count < 0) {
          count = database.countKeys(database.vectors);
        }
        return new PaperTable(database, dimension, count, database.metaNumber(options, StoreDatabase.META_CHANGE_SEQ, 0));
      }
    });
  }

  ChangeLog changes() {
    return changes;
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** See {@link PaperStore#putAll}. */
  void putAll(List<Entry> entries) {
    Objects.requireNonNull(entries, "entries");
    int n = entries.size();
    byte[][] keys = new byte[n][];
    byte[][] json = new byte[n][];
    byte[][] vectorBytes = new byte[n][];
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      Entry entry = Objects.requireNonNull(entries.get(i), "entries[" + i + "]");
      keys[i] = key(checkId(entry.paper()));
      checkVector(entry.paper().id(), entry.vector());
      json[i] = PaperJson.encode(entry.paper());
      vectorBytes[i] = VectorBytes.encode(entry.vector());
      ids.add(entry.paper().id());
    }
    if (n == 0) {
      database.ensureOpen();
      return;
    }
    database.guardedWrite("write " + n + " papers", () -> {
      synchronized (writerLock) {
        Set<String> added = new HashSet<>();
        try (WriteBatch batch = new WriteBatch()) {
          for (int i = 0; i < n; i++) {
            String id = entries.get(i).paper().id();
            if (!added.contains(id) && !database.db.keyExists(database.vectors, keys[i])) {
              added.add(id);
            }
            batch.put(database.papers, keys[i], json[i]);
            batch.put(database.vectors, keys[i], vectorBytes[i]);
          }
          write(batch, ids, count + added.size());
        }
      }
      return null;
    });
  }

  /** See {@link PaperStore#putPaper}. */
  void putPaper(Paper paper) {
    Objects.requireNonNull(paper, "paper");
    byte[] key = key(checkId(paper));
    byte[] json = PaperJson.encode(paper);
    database.guardedWrite("write paper " + paper.id(), () -> {
      synchronized (writerLock) {
        if (!database.db.keyExists(database.vectors, key)) {
          throw new IllegalArgumentException(
              "paper " + paper.id() + " has no vector in the store; add it with put(paper, vector)");
        }
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(database.papers, key, json);
          write(batch, List.of(paper.id()), count);
        }
      }
      return null;
    });
  }

  /** See {@link PaperStore#delete}. */
  boolean delete(String id) {
    String normal = PaperIds.normalize(id);
    byte[] key = key(normal);
    return database.guardedWrite("delete paper " + id, () -> {
      synchronized (writerLock) {
        boolean hadVector = database.db.keyExists(database.vectors, key);
        if (!hadVector && !database.db.keyExists(database.papers, key)) {
          return false;
        }
        try (WriteBatch batch = new WriteBatch()) {
          batch.delete(database.papers, key);
          batch.delete(database.vectors, key);
          write(batch, List.of(normal), hadVector ? count - 1 : count);
        }
        return true;
      }
    });
  }

  /**
   * Adds the count and one change entry per ID to {@code batch}, writes it, then updates the
   * counters, which so never run ahead of the disk. Under the writer lock.
   */
  private void write(WriteBatch batch, Collection<String> ids, long newCount) throws RocksDBException {
    batch.put(database.meta, ascii(META_COUNT), ascii(Long.toString(newCount)));
    long seq = changes.append(batch, ids);
    database.db.write(database.walWrites, batch);
    count = newCount;
    changes.written(seq);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /** See {@link PaperStore#paper}. */
  Optional<Paper> paper(String id) {
    String normal = PaperIds.normalize(id);
    byte[] bytes = database.guarded("read paper " + normal, () -> database.db.get(database.papers, key(normal)));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(PaperJson.decode(bytes));
    } catch (IOException | IllegalArgumentException e) {
      throw new UncheckedIOException(
          "stored paper " + normal + " in " + database.dir() + " is corrupted: " + e.getMessage(), asIo(e));
    }
  }

  /** See {@link PaperStore#vector}. */
  Optional<float[]> vector(String id) {
    String normal = PaperIds.normalize(id);
    byte[] bytes = database.guarded("read vector " + normal, () -> database.db.get(database.vectors, key(normal)));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(VectorBytes.decode(bytes, dimension));
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(
          "stored vector " + normal + " in " + database.dir() + " is corrupted: " + e.getMessage(), asIo(e));
    }
  }

  long count() {
    database.ensureOpen();
    return count;
  }

  /** See {@link PaperStore#forEachAt}. */
  long forEachAt(BiConsumer<Paper, float[]> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    return database.guarded("scan papers and vectors", () -> {
      Snapshot snapshot = database.db.getSnapshot();
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot).setFillCache(false);
          RocksIterator paperIt = database.db.newIterator(database.papers, options);
          RocksIterator vectorIt = database.db.newIterator(database.vectors, options)) {
        // Both families are sorted by the same keys: walk them side by side.
        paperIt.seekToFirst();
        vectorIt.seekToFirst();
        while (paperIt.isValid() || vectorIt.isValid()) {
          int order =
              !paperIt.isValid() ? 1
                  : !vectorIt.isValid() ? -1
                  : Arrays.compareUnsigned(paperIt.key(), vectorIt.key());
          if (order < 0) {
            LOG.warn("skipping paper {} in {}: it has no vector (corrupted entry; re-add the paper)",
                text(paperIt.key()), database.dir());
            paperIt.next();
          } else if (order > 0) {
            LOG.warn("skipping vector {} in {}: it has no paper (corrupted entry)", text(vectorIt.key()), database.dir());
            vectorIt.next();
          } else {
            Paper paper = decodePaper(paperIt.key(), paperIt.value());
            float[] vector = decodeVector(vectorIt.key(), vectorIt.value());
            if (paper != null && vector != null) {
              consumer.accept(paper, vector);
            }
            paperIt.next();
            vectorIt.next();
          }
        }
        paperIt.status();
        vectorIt.status();
        return changes.lastAt(options);
      } finally {
        database.db.releaseSnapshot(snapshot);
      }
    });
  }

  /** See {@link PaperStore#forEachPaper}. */
  void forEachPaper(Consumer<Paper> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    database.guarded("scan papers", () -> {
      try (ReadOptions options = new ReadOptions().setFillCache(false);
          RocksIterator it = database.db.newIterator(database.papers, options)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          Paper paper = decodePaper(it.key(), it.value());
          if (paper != null) {
            consumer.accept(paper);
          }
        }
        it.status();
      }
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private Paper decodePaper(byte[] key, byte[] value) {
    try {
      Paper paper = PaperJson.decode(value);
      if (!Arrays.equals(key(paper.id()), key)) {
        LOG.warn("skipping paper {} in {}: its JSON has id '{}' (corrupted entry)", text(key), database.dir(), paper.id());
        return null;
      }
      return paper;
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("skipping paper {} in {}: unreadable JSON (corrupted entry): {}", text(key), database.dir(), e.getMessage());
      return null;
    }
  }

  private float[] decodeVector(byte[] key, byte[] value) {
    try {
      return VectorBytes.decode(value, dimension);
    } catch (IllegalArgumentException e) {
      LOG.warn("skipping paper {} in {}: {} (corrupted entry)", text(key), database.dir(), e.getMessage());
      return null;
    }
  }

  private static String checkId(Paper paper) {
    String id = paper.id();
    String normal = PaperIds.normalize(id);
    if (!normal.equals(id)) {
      throw new IllegalArgumentException(
          "paper ID must be in normal form; id=" + id + ", normal form " + normal);
    }
    return id;
  }

  private void checkVector(String id, float[] vector) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "vector dimension of paper " + id + ": expected " + dimension + ", but it has " + vector.length);
    }
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException(
            "vector of paper " + id + " has a non-finite component; vector[" + i + "]=" + vector[i]);
      }
    }
  }

  private static IOException asIo(Exception e) {
    return e instanceof IOException io ? io : new IOException(e);
  }

  private static byte[] key(String normalisedId) {
    return utf8(normalisedId);
  }

  private static String text(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }
}
