package org.paperrec.store;

import static org.paperrec.store.StoreDatabase.META_COUNT;
import static org.paperrec.store.StoreDatabase.ascii;
import static org.paperrec.store.StoreDatabase.utf8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.paperrec.store.PaperStore.Entry;
import org.paperrec.store.PaperStore.Merge;
import org.rocksdb.AbstractWriteBatch;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBatchWithIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code papers}, {@code vectors} and {@code aliases} column families, with the paper count in
 * {@code meta} and the {@link ChangeLog}, all written in the same batch as the papers they describe
 * (layout and the merge rule in {@link PaperStore}).
 *
 * <p>Thread-safe: reads run concurrently; writes are serialised by one lock, so that "which stored
 * papers hold these IDs", the merge, the count and the change sequence that follow from it, and the
 * write are one step. A write reads through its own batch ({@link WriteBatchWithIndex}), so a later
 * entry of a {@link #putAll} sees what an earlier one wrote.
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

  /**
   * Rereads {@code count} and {@code change_seq} from meta after the database was opened again
   * ({@link StoreDatabase#afterReopen}): a write that failed may still have reached the log whole.
   * Called with the database's lifecycle write lock held, so no write runs.
   */
  void reload() {
    synchronized (writerLock) {
      try (ReadOptions options = new ReadOptions()) {
        count = database.metaNumber(options, META_COUNT, count);
        changes.reset(database.metaNumber(options, StoreDatabase.META_CHANGE_SEQ, changes.last()));
      } catch (RocksDBException e) {
        throw StoreDatabase.failure("reread the paper count", database.dir(), e);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** See {@link PaperStore#putAll}. */
  PaperStore.Written putAll(List<Entry> entries) {
    Objects.requireNonNull(entries, "entries");
    int n = entries.size();
    for (int i = 0; i < n; i++) {
      Entry entry = Objects.requireNonNull(entries.get(i), "entries[" + i + "]");
      checkId(entry.paper());
      checkVector(entry.paper().id(), entry.vector());
    }
    if (n == 0) {
      database.ensureOpen();
      return new PaperStore.Written(List.of(), List.of());
    }
    return database.guardedWrite("write " + n + " papers", () -> {
      synchronized (writerLock) {
        try (ReadOptions options = new ReadOptions();
            WriteBatchWithIndex batch = new WriteBatchWithIndex(true)) {
          Reads reads = (family, key) -> batch.getFromBatchAndDB(database.db, family, options, key);
          Pending pending = new Pending(count);
          for (Entry entry : entries) {
            Merge merge = plan(entry.paper(), reads);
            write(batch, reads, merge, entry.vector(), pending);
          }
          return commit(batch, pending);
        }
      }
    });
  }

  /** See {@link PaperStore#putPaper}. */
  PaperStore.Written putPaper(Paper paper) {
    Objects.requireNonNull(paper, "paper");
    checkId(paper);
    return database.guardedWrite("write paper " + paper.id(), () -> {
      synchronized (writerLock) {
        try (ReadOptions options = new ReadOptions();
            WriteBatchWithIndex batch = new WriteBatchWithIndex(true)) {
          Reads reads = (family, key) -> batch.getFromBatchAndDB(database.db, family, options, key);
          Merge merge = plan(paper, reads);
          byte[] vector = null;
          for (Paper stored : merge.stored()) {
            vector = reads.get(database.vectors, key(stored.id()));
            if (vector != null) {
              break;
            }
          }
          if (vector == null) {
            throw new IllegalArgumentException(
                "paper " + paper.id() + " has no vector in the store; add it with put(paper, vector)");
          }
          Pending pending = new Pending(count);
          write(batch, reads, merge, VectorBytes.decode(vector, dimension), pending);
          return commit(batch, pending);
        }
      }
    });
  }

  /** See {@link PaperStore#delete}. */
  boolean delete(String id) {
    String normal = PaperIds.normalize(id);
    return database.guardedWrite("delete paper " + id, () -> {
      synchronized (writerLock) {
        String key = resolveIn(normal, database.db::get);
        if (key == null) {
          key = normal; // a paper or vector without its alias entry (a corrupted entry): still deleted
        }
        byte[] keyBytes = key(key);
        boolean hadVector = database.db.keyExists(database.vectors, keyBytes);
        byte[] json = database.db.get(database.papers, keyBytes);
        if (!hadVector && json == null) {
          return false;
        }
        try (WriteBatch batch = new WriteBatch()) {
          batch.delete(database.papers, keyBytes);
          batch.delete(database.vectors, keyBytes);
          Paper paper = json == null ? null : decodePaper(keyBytes, json);
          for (String alias : paper == null ? List.of(key) : paper.ids()) {
            // Only entries that name this paper: a corrupted paper may list an ID another paper holds.
            if (Arrays.equals(database.db.get(database.aliases, key(alias)), keyBytes)) {
              batch.delete(database.aliases, key(alias));
            }
          }
          write(batch, List.of(key), hadVector ? count - 1 : count);
        }
        return true;
      }
    });
  }

  /** The papers a batch writes and the keys it removes, in order of first appearance, and the new count. */
  private static final class Pending {
    /** Key to the entry written under it, or null when the batch removes the key. */
    final Map<String, Entry> touched = new LinkedHashMap<>();
    long count;

    Pending(long count) {
      this.count = count;
    }
  }

  /**
   * Adds to {@code batch} the write of {@code merge}: the papers it merges away are deleted (their
   * IDs all move to the merged paper), the merged paper and {@code vector} are written under its
   * key, and every one of its IDs gets an alias entry naming that key.
   */
  private void write(WriteBatchWithIndex batch, Reads reads, Merge merge, float[] vector, Pending pending)
      throws RocksDBException {
    Paper paper = merge.paper();
    if (!merge.withheld().isEmpty()) {
      LOG.info("paper {} is written without {}: another arXiv paper has them", paper.id(), merge.withheld());
    }
    byte[] key = key(paper.id());
    for (Paper stored : merge.stored()) {
      if (!stored.id().equals(paper.id())) {
        byte[] old = key(stored.id());
        if (reads.get(database.vectors, old) != null) {
          pending.count--;
        }
        batch.delete(database.papers, old);
        batch.delete(database.vectors, old);
        pending.touched.put(stored.id(), null);
      }
    }
    if (reads.get(database.vectors, key) == null) {
      pending.count++;
    }
    batch.put(database.papers, key, PaperJson.encode(paper));
    batch.put(database.vectors, key, VectorBytes.encode(vector));
    for (String id : paper.ids()) {
      batch.put(database.aliases, key(id), key);
    }
    pending.touched.put(paper.id(), new Entry(paper, vector));
  }

  private PaperStore.Written commit(WriteBatchWithIndex batch, Pending pending) throws RocksDBException {
    List<Entry> written = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    pending.touched.forEach((key, entry) -> {
      if (entry == null) {
        removed.add(key);
      } else {
        written.add(entry);
      }
    });
    write(batch, pending.touched.keySet(), pending.count);
    return new PaperStore.Written(written, removed);
  }

  /**
   * Adds the count and one change entry per ID to {@code batch}, writes it, then updates the
   * counters, which so never run ahead of the disk. Under the writer lock.
   */
  private void write(AbstractWriteBatch batch, Collection<String> ids, long newCount) throws RocksDBException {
    batch.put(database.meta, ascii(META_COUNT), ascii(Long.toString(newCount)));
    long seq = changes.append(batch, ids);
    if (batch instanceof WriteBatchWithIndex indexed) {
      database.db.write(database.walWrites, indexed);
    } else {
      database.db.write(database.walWrites, (WriteBatch) batch);
    }
    count = newCount;
    changes.written(seq);
  }

  // ---------------------------------------------------------------------------------------------
  // Identity: which stored paper an ID names, and what a write merges

  /** A read of one key of a family: from the database, or through a batch being built. */
  @FunctionalInterface
  private interface Reads {
    byte[] get(ColumnFamilyHandle family, byte[] key) throws RocksDBException;
  }

  /** See {@link PaperStore#merge}. */
  Merge merge(Paper paper) {
    Objects.requireNonNull(paper, "paper");
    checkId(paper);
    return database.guarded("look up the papers of " + paper.id(), () -> plan(paper, database.db::get));
  }

  /**
   * What writing {@code incoming} does given what {@code reads} sees: the stored papers that hold
   * any of its IDs, in the order of its IDs (key first), less those with another arXiv ID, and the
   * paper merged from them all under the key {@link #chooseKey} picks (the merge rule is documented
   * in {@link PaperStore}).
   */
  private Merge plan(Paper incoming, Reads reads) throws RocksDBException {
    Map<String, Paper> owners = new LinkedHashMap<>();
    for (String id : incoming.ids()) {
      String owner = resolveIn(id, reads);
      if (owner != null && !owners.containsKey(owner)) {
        byte[] json = reads.get(database.papers, key(owner));
        Paper paper = json == null ? null : decodePaper(key(owner), json);
        if (paper != null) { // else an alias entry of a lost paper: the write below replaces it
          owners.put(owner, paper);
        }
      }
    }
    if (owners.isEmpty()) {
      return new Merge(incoming, List.of(), List.of());
    }
    // Papers with different arXiv IDs are different papers, whatever else they share: a DOI in
    // two arXiv records is a source's mistake (a journal issue's DOI, say) more often than a
    // duplicate, and merging would lose an arXiv paper. The shared IDs stay with their paper.
    Set<String> arxiv = arxivIds(incoming.ids());
    Map<String, Paper> stored = new LinkedHashMap<>();
    Set<String> withheld = new LinkedHashSet<>();
    for (Paper owner : owners.values()) {
      Set<String> theirs = arxivIds(owner.ids());
      if (!arxiv.isEmpty() && !theirs.isEmpty() && Collections.disjoint(arxiv, theirs)) {
        incoming.ids().stream().filter(owner.ids()::contains).forEach(withheld::add);
      } else {
        stored.put(owner.id(), owner);
        arxiv.addAll(theirs);
      }
    }
    Set<String> ids = new LinkedHashSet<>(incoming.ids());
    ids.removeAll(withheld);
    // A key withheld is a non-arXiv ID of another arXiv paper; the newcomer has an arXiv ID of
    // its own (else nothing would be withheld), which becomes its key.
    String incomingKey = withheld.contains(incoming.id()) ? PaperIds.preferredKey(ids) : incoming.id();
    stored.values().forEach(p -> ids.addAll(p.ids()));
    String key = stored.isEmpty() ? incomingKey : chooseKey(incomingKey, stored.keySet());
    Paper merged;
    try {
      merged = incoming.withIds(key, ids);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "paper " + incoming.id() + " cannot be merged with stored papers " + stored.keySet() + ": " + e.getMessage(), e);
    }
    return new Merge(merged, List.copyOf(stored.values()), List.copyOf(withheld));
  }

  private static Set<String> arxivIds(List<String> ids) {
    Set<String> arxiv = new HashSet<>();
    for (String id : ids) {
      if (PaperIds.isArxiv(id)) {
        arxiv.add(id);
      }
    }
    return arxiv;
  }

  /**
   * The key of a paper that merges a newcomer keyed {@code incoming} with stored papers keyed {@code
   * stored} (at least one): the first stored arXiv key; else {@code incoming} when it is an arXiv ID;
   * else the first stored key. A stored key stays the key, so links and likes keep their ID,
   * unless only the newcomer has an arXiv key, which then wins: arXiv IDs are what the extension and
   * most readers use.
   */
  static String chooseKey(String incoming, Collection<String> stored) {
    for (String key : stored) {
      if (PaperIds.isArxiv(key)) {
        return key;
      }
    }
    return PaperIds.isArxiv(incoming) ? incoming : stored.iterator().next();
  }

  /** See {@link PaperStore#resolve}. */
  Optional<String> resolve(String id) {
    String normal = PaperIds.normalize(id);
    return Optional.ofNullable(database.guarded("resolve paper ID " + normal, () -> resolveIn(normal, database.db::get)));
  }

  /** See {@link PaperStore#resolveAll}. */
  Map<String, String> resolveAll(Collection<String> ids) {
    Objects.requireNonNull(ids, "ids");
    List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
    if (distinct.isEmpty()) {
      database.ensureOpen();
      return Map.of();
    }
    return database.guarded("resolve " + distinct.size() + " paper IDs", () -> {
      Map<String, String> keys = new LinkedHashMap<>();
      if (database.aliases == null) {
        for (String id : distinct) {
          String key = resolveIn(id, database.db::get);
          if (key != null) {
            keys.put(id, key);
          }
        }
        return keys;
      }
      List<byte[]> keyBytes = new ArrayList<>(distinct.size());
      distinct.forEach(id -> keyBytes.add(key(id)));
      List<byte[]> values =
          database.db.multiGetAsList(Collections.nCopies(distinct.size(), database.aliases), keyBytes);
      for (int i = 0; i < distinct.size(); i++) {
        if (values.get(i) != null) {
          keys.put(distinct.get(i), text(values.get(i)));
        }
      }
      return keys;
    });
  }

  /**
   * The key of the paper that normalised ID {@code id} names, or null. A read-only view of a folder
   * from before the alias table knows only keys.
   */
  private String resolveIn(String id, Reads reads) throws RocksDBException {
    if (database.aliases == null) {
      return reads.get(database.papers, key(id)) != null ? id : null;
    }
    byte[] key = reads.get(database.aliases, key(id));
    return key == null ? null : text(key);
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
