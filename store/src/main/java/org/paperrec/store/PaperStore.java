package org.paperrec.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Papers and their vectors in a RocksDB data folder, and the stored users of {@link #users()}.
 *
 * <h2>On-disk layout, schema version 1</h2>
 *
 * <p>This layout is a contract: a change that older builds cannot read raises {@link
 * #SCHEMA_VERSION_CURRENT}, and {@link #open} refuses folders written by a newer schema. A folder
 * holds one RocksDB database (default bytewise key order) with these column families:
 *
 * <table>
 *   <caption>Column families</caption>
 *   <tr><th>name</th><th>key</th><th>value</th></tr>
 *   <tr><td>{@code papers}</td><td>UTF-8 bytes of the normalised paper ID ({@link PaperIds#normalize})</td>
 *       <td>paper JSON, below</td></tr>
 *   <tr><td>{@code vectors}</td><td>same key as in {@code papers}</td>
 *       <td>the paper's vector: IEEE-754 float32, little-endian, component 0 first, exactly
 *       {@code 4 * dimension} bytes, no header</td></tr>
 *   <tr><td>{@code users}</td><td colspan="2">stored users: profile, token index, likes, dislikes and
 *       seen papers; keys and values are documented in {@link UserStore}. {@link #reembed} copies it
 *       byte for byte.</td></tr>
 *   <tr><td>{@code meta}</td><td>ASCII name</td><td>see below</td></tr>
 *   <tr><td>{@code default}</td><td colspan="2">required by RocksDB, unused</td></tr>
 * </table>
 *
 * <p>{@code meta} keys, written once when the folder is created:
 *
 * <ul>
 *   <li>{@code schema_version}: the layout version as decimal ASCII ({@code "1"});
 *   <li>{@code model}: the embedding model fingerprint, UTF-8, opaque to the store (compared for
 *       equality only);
 *   <li>{@code dimension}: number of vector components as decimal ASCII ({@code "384"}).
 * </ul>
 *
 * <p>Paper JSON (UTF-8, one object): {@code id} (string, the normalised ID, equal to the key),
 * {@code title} (string), {@code abstract} (string), {@code authors} (array of strings, in order,
 * possibly empty), {@code authorCount} (integer, at least the number of {@code authors}), {@code
 * date} (string {@code yyyy-MM-dd}, or {@code null} when unknown), {@code categories} (array of
 * strings, primary first, possibly empty), {@code upvotes} (integer, or {@code null} when the source
 * has none). Writers write every field, {@code null} included. Readers ignore unknown fields, so a
 * later version may add fields without a schema change, and read a missing field as {@code null}
 * (lists as empty, {@code authorCount} as the number of authors).
 *
 * <p>The {@code users} layout needed no new schema version: the family has existed, empty and
 * reserved, since version 1, and builds from before stored users never read it (they only copy it
 * on {@link #reembed}), so a folder with users stays readable by them and every earlier version 1
 * folder opens unchanged here. A later change that older builds would misread must raise the
 * version.
 *
 * <p>Invariant: a paper and its vector are written and deleted together in one {@code WriteBatch},
 * so the two column families hold the same keys. A key in only one of them is a corrupted entry:
 * {@link #forEach} skips it with a warning.
 *
 * <h2>RocksDB options</h2>
 *
 * One 32 MB LRU block cache shared by all column families, a 10-bit Bloom filter for point
 * lookups, LZ4 compression for JSON (papers, users, meta), none for vectors (float noise does not
 * compress). The WAL is capped at 256 MB in total so that rarely written column families do not
 * pin old WAL files; RocksDB keeps its 5 newest {@code LOG} files.
 *
 * <h2>Durability</h2>
 *
 * Paper writes go to the write-ahead log without an fsync per write: they survive a crash of the
 * process, but a crash of the operating system or a power loss may lose the last writes (the folder
 * stays consistent: each batch is all or nothing). {@link #flush} syncs the WAL and writes the
 * memtables to disk; call it after an ingest. {@link #close} calls it. Writes of {@code meta} and
 * every write of {@link UserStore} sync the WAL before they return: a like that was acknowledged
 * survives a power loss.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe, like RocksDB itself: reads run concurrently; writes are serialised by one lock so
 * that {@link #count} stays exact under concurrent upserts and deletes of the same ID. {@link
 * #close} waits for running calls (a running {@link #forEach} included) and may not be called from
 * inside a {@link #forEach} consumer; any call after it throws {@link IllegalStateException}. The
 * store owns every native handle; {@link UserStore} borrows them and runs each call under the same
 * guard.
 */
public final class PaperStore implements AutoCloseable {

  /** The first schema version, the oldest this build reads. */
  public static final int SCHEMA_VERSION_START = 1;

  /** The schema version this build writes. */
  public static final int SCHEMA_VERSION_CURRENT = 1;

  /** Largest vector dimension accepted; more is surely a mistake. */
  public static final int MAX_DIMENSION = 65_536;

  static final String CF_PAPERS = "papers";
  static final String CF_VECTORS = "vectors";
  static final String CF_USERS = "users";
  static final String CF_META = "meta";
  static final String META_SCHEMA_VERSION = "schema_version";
  static final String META_MODEL = "model";
  static final String META_DIMENSION = "dimension";

  /** Sibling folder a re-embed builds the new store in: {@code <dir>.reembed-tmp}. */
  static final String REEMBED_SUFFIX = ".reembed-tmp";

  /** Sibling folder the old store is moved to during the swap: {@code <dir>.bak-<timestamp>}. */
  static final String BACKUP_INFIX = ".bak-";

  private static final Logger LOG = LoggerFactory.getLogger(PaperStore.class);
  private static final long BLOCK_CACHE_BYTES = 32L << 20;
  private static final double BLOOM_BITS_PER_KEY = 10;
  private static final long MAX_TOTAL_WAL_BYTES = 256L << 20;
  private static final long KEEP_LOG_FILES = 5;
  private static final int REEMBED_BATCH = 500;
  private static final int COPY_BATCH = 1000;
  private static final DateTimeFormatter BACKUP_TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final String model;
  private final int dimension;

  /** Every native object this store created, newest first: {@link #close} closes them in this order. */
  private final Deque<AbstractNativeReference> natives = new ArrayDeque<>();

  private final RocksDB db;
  private final ColumnFamilyHandle papers;
  private final ColumnFamilyHandle vectors;
  private final ColumnFamilyHandle users;
  private final ColumnFamilyHandle meta;
  /** WAL, no fsync per write: paper data. */
  private final WriteOptions walWrites;
  /** WAL with fsync before the write returns: meta and user data. */
  private final WriteOptions syncedWrites;
  /** The users family's reader and writer; shares this store's handles and lifecycle. */
  private final UserStore userStore;

  /** Calls hold the read lock while they use native handles; close takes the write lock. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Serialises writes, so that "does the key exist" and the write that follows are one step. */
  private final Object writeLock = new Object();
  /** Number of keys in {@code vectors}; changed only under {@link #writeLock}. */
  private final AtomicLong count = new AtomicLong();

  private PaperStore(Path dir, String model, int dimension, List<String> existingFamilies, boolean initialise)
      throws RocksDBException {
    this.dir = dir;
    this.model = model;
    this.dimension = dimension;
    try {
      Cache blockCache = own(new LRUCache(BLOCK_CACHE_BYTES));
      Filter bloomFilter = own(new BloomFilter(BLOOM_BITS_PER_KEY));
      BlockBasedTableConfig table =
          new BlockBasedTableConfig().setBlockCache(blockCache).setFilterPolicy(bloomFilter);
      ColumnFamilyOptions jsonOptions =
          own(new ColumnFamilyOptions())
              .setTableFormatConfig(table)
              .setCompressionType(CompressionType.LZ4_COMPRESSION);
      ColumnFamilyOptions vectorOptions =
          own(new ColumnFamilyOptions())
              .setTableFormatConfig(table)
              .setCompressionType(CompressionType.NO_COMPRESSION);
      DBOptions dbOptions =
          own(new DBOptions())
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
              .setKeepLogFileNum(KEEP_LOG_FILES);

      Set<String> names = new LinkedHashSet<>();
      names.add(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8));
      names.addAll(List.of(CF_PAPERS, CF_VECTORS, CF_USERS, CF_META));
      names.addAll(existingFamilies); // RocksDB refuses to open unless every family is named
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(
            new ColumnFamilyDescriptor(
                utf8(name), name.equals(CF_VECTORS) ? vectorOptions : jsonOptions));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      db = own(RocksDB.open(dbOptions, dir.toString(), descriptors, handles));
      handles.forEach(this::own);
      List<String> order = List.copyOf(names);
      papers = handles.get(order.indexOf(CF_PAPERS));
      vectors = handles.get(order.indexOf(CF_VECTORS));
      users = handles.get(order.indexOf(CF_USERS));
      meta = handles.get(order.indexOf(CF_META));
      walWrites = own(new WriteOptions());
      syncedWrites = own(new WriteOptions().setSync(true));
      userStore = new UserStore(this, db, users, syncedWrites);

      if (initialise) {
        try (WriteBatch batch = new WriteBatch()) {
          batch.put(meta, ascii(META_SCHEMA_VERSION), ascii(Integer.toString(SCHEMA_VERSION_CURRENT)));
          batch.put(meta, ascii(META_MODEL), utf8(model));
          batch.put(meta, ascii(META_DIMENSION), ascii(Integer.toString(dimension)));
          db.write(syncedWrites, batch);
        }
      }
      count.set(countKeys(vectors));
    } catch (RocksDBException | RuntimeException e) {
      closeNatives();
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Opening

  /**
   * Opens the store in {@code dir}, creating the folder and its meta data on first use.
   *
   * @param dir data folder; created when missing
   * @param modelFingerprint the embedding model's fingerprint, compared for equality with the one
   *     the folder was made with
   * @param dimension number of vector components, in [1, {@value #MAX_DIMENSION}]
   * @throws StoreMismatchException when the folder was made with another model or dimension, by a
   *     newer schema, or is not a paperrec store; the message says what to do
   * @throws IllegalStateException when another process (or this one) has the folder open
   * @throws UncheckedIOException when the folder cannot be created or RocksDB fails
   */
  public static PaperStore open(Path dir, String modelFingerprint, int dimension) {
    Path data = dataDir(dir);
    checkModel(modelFingerprint, dimension);
    finishInterruptedSwap(data);
    Found found = inspect(data);
    if (found != null && found.meta() != null) {
      Meta stored = found.meta();
      if (!stored.model().equals(modelFingerprint) || stored.dimension() != dimension) {
        throw new StoreMismatchException(
            "data folder " + data + " was built with embedding model '" + stored.model() + "' (dimension "
                + stored.dimension() + "), but this paperrec uses model '" + modelFingerprint + "' (dimension "
                + dimension + "); vectors of different models cannot be compared. Run `paperrec reembed --data "
                + data + "` to re-embed every paper with the current model, or start paperrec with the model"
                + " build the folder was made with ('" + stored.model() + "').");
      }
    }
    if (found == null) {
      try {
        Files.createDirectories(data);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create data folder " + data, e);
      }
    } else if (found.meta() == null) {
      LOG.warn("data folder {} holds an empty store whose creation was interrupted; initialising it", data);
    }
    warnAboutLeftovers(data);
    try {
      return new PaperStore(
          data, modelFingerprint, dimension, found == null ? List.of() : found.families(), found == null
              || found.meta() == null);
    } catch (RocksDBException e) {
      // RocksDB: "While lock file: <dir>/LOCK: ..." or "lock hold by current process ...: <dir>/LOCK: ..."
      if (e.getStatus() != null && e.getStatus().getCode() == Status.Code.IOError
          && String.valueOf(e.getMessage()).contains("LOCK")) {
        throw new IllegalStateException(
            "data folder " + data + " is in use by another paperrec process (or already open in this one);"
                + " stop it first. RocksDB says: " + e.getMessage(), e);
      }
      throw failure("open the store", data, e);
    }
  }

  /**
   * The model fingerprint a store was made with, read without checking it against anything and
   * without taking the folder's lock (a running server may have it open).
   *
   * @return the fingerprint, or empty when {@code dir} holds no store yet (missing or empty folder)
   * @throws StoreMismatchException when the folder is not a paperrec store or has a newer schema
   */
  public static Optional<String> storedModel(Path dir) {
    Path data = dataDir(dir);
    finishInterruptedSwap(data);
    Found found = inspect(data);
    return found == null || found.meta() == null ? Optional.empty() : Optional.of(found.meta().model());
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /** A paper with its vector, for {@link #putAll}. Holds a copy of the vector. */
  public record Entry(Paper paper, float[] vector) {

    public Entry {
      Objects.requireNonNull(paper, "paper");
      Objects.requireNonNull(vector, "vector");
      vector = vector.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && paper.equals(e.paper) && Arrays.equals(vector, e.vector);
    }

    @Override
    public int hashCode() {
      return 31 * paper.hashCode() + Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
      return "Entry[" + paper.id() + ", dimension " + vector.length + "]";
    }
  }

  /**
   * Adds or replaces a paper and its vector in one atomic write.
   *
   * @param paper the paper; its ID must be in normal form ({@link PaperIds#normalize})
   * @param vector exactly {@link #dimension()} finite components; copied
   * @throws IllegalArgumentException when the ID is not normalised or the vector has the wrong
   *     length or a non-finite component
   */
  public void put(Paper paper, float[] vector) {
    putAll(List.of(new Entry(paper, vector)));
  }

  /**
   * Adds or replaces many papers with their vectors in one atomic write: all or none. Ingest writes
   * batches of some hundreds. A later entry for the same ID wins.
   *
   * @throws IllegalArgumentException as {@link #put}, naming the paper; nothing is written then
   */
  public void putAll(List<Entry> entries) {
    Objects.requireNonNull(entries, "entries");
    int n = entries.size();
    byte[][] keys = new byte[n][];
    byte[][] json = new byte[n][];
    byte[][] vectorBytes = new byte[n][];
    for (int i = 0; i < n; i++) {
      Entry entry = Objects.requireNonNull(entries.get(i), "entries[" + i + "]");
      keys[i] = key(checkId(entry.paper()));
      checkVector(entry.paper().id(), entry.vector);
      json[i] = PaperJson.encode(entry.paper());
      vectorBytes[i] = VectorBytes.encode(entry.vector);
    }
    if (n == 0) {
      ensureOpen();
      return;
    }
    guarded("write " + n + " papers", () -> {
      synchronized (writeLock) {
        Set<String> added = new HashSet<>();
        try (WriteBatch batch = new WriteBatch()) {
          for (int i = 0; i < n; i++) {
            String id = entries.get(i).paper().id();
            if (!added.contains(id) && !db.keyExists(vectors, keys[i])) {
              added.add(id);
            }
            batch.put(papers, keys[i], json[i]);
            batch.put(vectors, keys[i], vectorBytes[i]);
          }
          db.write(walWrites, batch);
        }
        count.addAndGet(added.size());
      }
      return null;
    });
  }

  /**
   * Replaces the metadata of a paper that is already stored with a vector, keeping the vector: for
   * updates that leave the embedded text (title and abstract) as it is.
   *
   * @throws IllegalArgumentException when the ID is not normalised or the store has no vector for it
   */
  public void putPaper(Paper paper) {
    Objects.requireNonNull(paper, "paper");
    byte[] key = key(checkId(paper));
    byte[] json = PaperJson.encode(paper);
    guarded("write paper " + paper.id(), () -> {
      synchronized (writeLock) {
        if (!db.keyExists(vectors, key)) {
          throw new IllegalArgumentException(
              "paper " + paper.id() + " has no vector in the store; add it with put(paper, vector)");
        }
        db.put(papers, walWrites, key, json);
      }
      return null;
    });
  }

  /**
   * Deletes a paper and its vector in one atomic write.
   *
   * @param id paper ID in any spelling {@link PaperIds#normalize} accepts
   * @return true when there was a paper or a vector to delete
   * @throws IllegalArgumentException when {@code id} is not a paper ID
   */
  public boolean delete(String id) {
    byte[] key = key(PaperIds.normalize(id));
    return guarded("delete paper " + id, () -> {
      synchronized (writeLock) {
        boolean hadVector = db.keyExists(vectors, key);
        if (!hadVector && !db.keyExists(papers, key)) {
          return false;
        }
        try (WriteBatch batch = new WriteBatch()) {
          batch.delete(papers, key);
          batch.delete(vectors, key);
          db.write(walWrites, batch);
        }
        if (hadVector) {
          count.decrementAndGet();
        }
        return true;
      }
    });
  }

  /**
   * Syncs the write-ahead log and writes every memtable to disk: after it returns, all earlier
   * writes survive an operating-system crash. Blocks for as long as that takes.
   */
  public void flush() {
    guarded("flush", () -> {
      db.flushWal(true);
      try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
        db.flush(options, List.of(papers, vectors, users, meta));
      }
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * The stored paper.
   *
   * @param id paper ID in any spelling {@link PaperIds#normalize} accepts
   * @throws IllegalArgumentException when {@code id} is not a paper ID
   * @throws UncheckedIOException when the stored JSON is corrupted
   */
  public Optional<Paper> paper(String id) {
    String normal = PaperIds.normalize(id);
    byte[] bytes = guarded("read paper " + normal, () -> db.get(papers, key(normal)));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(PaperJson.decode(bytes));
    } catch (IOException | IllegalArgumentException e) {
      throw new UncheckedIOException(
          "stored paper " + normal + " in " + dir + " is corrupted: " + e.getMessage(), asIo(e));
    }
  }

  /**
   * The stored vector, a fresh array of {@link #dimension()} components.
   *
   * @param id paper ID in any spelling {@link PaperIds#normalize} accepts
   * @throws IllegalArgumentException when {@code id} is not a paper ID
   * @throws UncheckedIOException when the stored vector has the wrong length
   */
  public Optional<float[]> vector(String id) {
    String normal = PaperIds.normalize(id);
    byte[] bytes = guarded("read vector " + normal, () -> db.get(vectors, key(normal)));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(VectorBytes.decode(bytes, dimension));
    } catch (IllegalArgumentException e) {
      throw new UncheckedIOException(
          "stored vector " + normal + " in " + dir + " is corrupted: " + e.getMessage(), asIo(e));
    }
  }

  /**
   * Number of papers with a vector (keys of {@code vectors}). Cheap: counted once when the store
   * opens, then kept up to date by every write.
   */
  public long count() {
    ensureOpen();
    return count.get();
  }

  /**
   * Calls {@code consumer} with every paper and its vector (a fresh array the consumer may keep),
   * in byte order of the IDs, as of one consistent snapshot taken when the scan starts. Used to
   * load an in-memory index at start-up. A corrupted entry (a paper without a vector or the other
   * way round, unreadable JSON, a vector of the wrong length) is skipped with a warning naming the
   * ID.
   *
   * @throws UncheckedIOException when RocksDB fails during the scan
   */
  public void forEach(BiConsumer<Paper, float[]> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    guarded("scan papers and vectors", () -> {
      Snapshot snapshot = db.getSnapshot();
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot).setFillCache(false);
          RocksIterator paperIt = db.newIterator(papers, options);
          RocksIterator vectorIt = db.newIterator(vectors, options)) {
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
                text(paperIt.key()), dir);
            paperIt.next();
          } else if (order > 0) {
            LOG.warn("skipping vector {} in {}: it has no paper (corrupted entry)", text(vectorIt.key()), dir);
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
      } finally {
        db.releaseSnapshot(snapshot);
      }
      return null;
    });
  }

  /**
   * Calls {@code consumer} with every stored paper, in byte order of the IDs, without reading
   * vectors. Unreadable entries are skipped with a warning naming the ID.
   *
   * @throws UncheckedIOException when RocksDB fails during the scan
   */
  public void forEachPaper(Consumer<Paper> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    guarded("scan papers", () -> {
      try (ReadOptions options = new ReadOptions().setFillCache(false);
          RocksIterator it = db.newIterator(papers, options)) {
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

  /**
   * The stored users of this store: profiles, tokens and feedback in the {@code users} column
   * family. The same object on every call; usable until this store is closed.
   */
  // TEMPORARY stubs until the change log lands (store-split branch).
  public long lastChange() {
    return 0;
  }

  public long forEachChangeSince(long afterSeq, java.util.function.ObjLongConsumer<String> consumer) {
    return afterSeq;
  }

  public void pruneChangesThrough(long seq) {}

  public long forEachAt(BiConsumer<Paper, float[]> consumer) {
    forEach(consumer);
    return 0;
  }

  public UserStore users() {
    ensureOpen();
    return userStore;
  }

  /** The data folder, absolute. */
  public Path dir() {
    return dir;
  }

  /** The embedding model fingerprint this store's vectors were made with. */
  public String model() {
    return model;
  }

  /** Number of components of every stored vector. */
  public int dimension() {
    return dimension;
  }

  // ---------------------------------------------------------------------------------------------
  // Re-embedding

  /**
   * Re-embeds every paper of the store in {@code dir} with another model, without ever losing data:
   * builds a new store in the sibling folder {@code <dir>.reembed-tmp} (with every paper, its new
   * vector, and the {@code users} column family copied byte for byte), then swaps the folders: the
   * old one is moved to {@code <dir>.bak-<UTC timestamp>}, the new one to {@code dir}, and the
   * backup is deleted. The store must not be open (this method opens it, so a running server makes
   * it fail).
   *
   * <p>After a crash: before the swap, {@code dir} is untouched and the next re-embed deletes the
   * stale {@code .reembed-tmp}; between the two moves ({@code dir} missing, backup and complete
   * {@code .reembed-tmp} present), the next {@link #open}, {@link #storedModel} or re-embed finishes
   * the swap and keeps the backup; after the swap, only a backup may be left, which {@link #open}
   * reports. If {@code embed} or a write fails, the new store is deleted and {@code dir} is as it
   * was.
   *
   * @param embed the new model: paper to vector of {@code newDimension} finite components
   * @param progress called on the calling thread after each batch of some hundred papers is
   *     written, with the number of papers re-embedded so far
   * @return the number of papers re-embedded
   * @throws StoreMismatchException when {@code dir} holds no paperrec store or has a newer schema
   */
  public static long reembed(
      Path dir, String newModelFingerprint, int newDimension, Function<Paper, float[]> embed,
      LongConsumer progress) {
    Path data = dataDir(dir);
    checkModel(newModelFingerprint, newDimension);
    Objects.requireNonNull(embed, "embed");
    Objects.requireNonNull(progress, "progress");
    finishInterruptedSwap(data);
    Found found = inspect(data);
    if (found == null) {
      throw new StoreMismatchException("data folder " + data + " holds no paperrec store; there is nothing to re-embed");
    }
    if (found.meta() == null) { // empty store whose creation was interrupted: nothing to embed
      open(data, newModelFingerprint, newDimension).close();
      return 0;
    }
    Path tmp = sibling(data, REEMBED_SUFFIX);
    if (Files.exists(tmp)) {
      LOG.warn("deleting {}, left by an interrupted re-embed", tmp);
      deleteRecursively(tmp);
    }
    long done;
    try (PaperStore old = open(data, found.meta().model(), found.meta().dimension());
        PaperStore fresh = open(tmp, newModelFingerprint, newDimension)) {
      long[] doneSoFar = {0};
      List<Entry> batch = new ArrayList<>(REEMBED_BATCH);
      Runnable writeBatch = () -> {
        fresh.putAll(batch);
        doneSoFar[0] += batch.size();
        batch.clear();
        progress.accept(doneSoFar[0]);
      };
      old.forEachPaper(paper -> {
        batch.add(new Entry(paper, embed.apply(paper)));
        if (batch.size() == REEMBED_BATCH) {
          writeBatch.run();
        }
      });
      if (!batch.isEmpty()) {
        writeBatch.run();
      }
      old.copyUsersTo(fresh);
      fresh.flush();
      done = doneSoFar[0];
    } catch (RuntimeException | Error e) {
      try {
        deleteRecursively(tmp);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    swap(data, tmp);
    LOG.info("re-embedded {} papers in {} with model '{}'", done, data, newModelFingerprint);
    return done;
  }

  private void copyUsersTo(PaperStore target) {
    guarded("copy users", () -> {
      try (ReadOptions options = new ReadOptions().setFillCache(false);
          RocksIterator it = db.newIterator(users, options)) {
        List<byte[][]> pairs = new ArrayList<>();
        for (it.seekToFirst(); it.isValid(); it.next()) {
          pairs.add(new byte[][] {it.key(), it.value()});
          if (pairs.size() == COPY_BATCH) {
            target.writeUsers(pairs);
            pairs.clear();
          }
        }
        it.status();
        target.writeUsers(pairs);
      }
      return null;
    });
  }

  private void writeUsers(List<byte[][]> pairs) {
    if (pairs.isEmpty()) {
      return;
    }
    guarded("write users", () -> {
      try (WriteBatch batch = new WriteBatch()) {
        for (byte[][] pair : pairs) {
          batch.put(users, pair[0], pair[1]);
        }
        db.write(syncedWrites, batch);
      }
      return null;
    });
  }

  private static void swap(Path data, Path tmp) {
    Path backup = sibling(data, BACKUP_INFIX + BACKUP_TIMESTAMP.format(Instant.now()));
    try {
      Files.move(data, backup, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot move " + data + " aside to " + backup + "; the re-embedded store is complete at " + tmp, e);
    }
    try {
      Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.move(backup, data, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException restore) {
        e.addSuppressed(restore);
      }
      throw new UncheckedIOException(
          "cannot move the re-embedded store " + tmp + " to " + data + "; the old store is in "
              + (Files.exists(data) ? data : backup), e);
    }
    try {
      deleteRecursively(backup);
    } catch (UncheckedIOException e) {
      LOG.warn("re-embed done, but the old store could not be deleted: delete {} yourself", backup, e);
    }
  }

  /** Moves a complete re-embedded store into place when a crash interrupted the swap. */
  private static void finishInterruptedSwap(Path data) {
    Path tmp = sibling(data, REEMBED_SUFFIX);
    if (Files.exists(data) || !Files.isDirectory(tmp)) {
      return;
    }
    List<Path> backups = backups(data);
    if (backups.isEmpty()) {
      return; // a temporary store without a moved-aside original was never complete: leave it
    }
    LOG.warn("finishing an interrupted re-embed: moving {} to {}; the previous store stays in {}",
        tmp, data, backups);
    try {
      Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "an interrupted re-embed left the new store in " + tmp + " and the old one in " + backups
              + "; moving " + tmp + " to " + data + " failed, do it yourself", e);
    }
  }

  private static void warnAboutLeftovers(Path data) {
    Path tmp = sibling(data, REEMBED_SUFFIX);
    if (Files.exists(tmp)) {
      LOG.warn("{} is left by an interrupted re-embed and is not used; the next `paperrec reembed` deletes it,"
          + " or delete it yourself", tmp);
    }
    for (Path backup : backups(data)) {
      LOG.warn("{} is the store as it was before a re-embed; delete it when you no longer need it", backup);
    }
  }

  private static List<Path> backups(Path data) {
    Path parent = data.getParent();
    String prefix = data.getFileName() + BACKUP_INFIX;
    if (parent == null || !Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> siblings = Files.list(parent)) {
      return siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + parent, e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Closing

  /**
   * Flushes (see {@link #flush}) and releases every native resource, in reverse order of
   * creation. Waits for running calls. Safe to call more than once.
   *
   * @throws IllegalStateException when called from inside a {@link #forEach} consumer
   */
  @Override
  public void close() {
    if (lifecycle.getReadHoldCount() > 0) {
      throw new IllegalStateException("close() called from inside a store call (a forEach consumer?); close after it");
    }
    lifecycle.writeLock().lock();
    try {
      if (closed.get()) {
        return;
      }
      try {
        flush();
      } catch (RuntimeException e) {
        LOG.warn("flush on close of {} failed; unflushed writes are still in the WAL", dir, e);
      }
      closed.set(true);
      closeNatives();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private void closeNatives() {
    while (!natives.isEmpty()) {
      natives.pop().close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** A RocksDB call. */
  @FunctionalInterface
  interface RocksCall<T> {
    T call() throws RocksDBException;
  }

  /** Runs {@code call} while the store cannot close, turning RocksDB errors into unchecked ones. */
  <T> T guarded(String what, RocksCall<T> call) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      return call.call();
    } catch (RocksDBException e) {
      throw failure(what, dir, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("store is closed");
    }
  }

  private <T extends AbstractNativeReference> T own(T resource) {
    natives.push(resource);
    return resource;
  }

  private long countKeys(ColumnFamilyHandle family) throws RocksDBException {
    long n = 0;
    try (ReadOptions options = new ReadOptions().setFillCache(false);
        RocksIterator it = db.newIterator(family, options)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
      it.status();
    }
    return n;
  }

  private Paper decodePaper(byte[] key, byte[] value) {
    try {
      Paper paper = PaperJson.decode(value);
      if (!Arrays.equals(key(paper.id()), key)) {
        LOG.warn("skipping paper {} in {}: its JSON has id '{}' (corrupted entry)", text(key), dir, paper.id());
        return null;
      }
      return paper;
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("skipping paper {} in {}: unreadable JSON (corrupted entry): {}", text(key), dir, e.getMessage());
      return null;
    }
  }

  private float[] decodeVector(byte[] key, byte[] value) {
    try {
      return VectorBytes.decode(value, dimension);
    } catch (IllegalArgumentException e) {
      LOG.warn("skipping paper {} in {}: {} (corrupted entry)", text(key), dir, e.getMessage());
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

  private static void checkModel(String modelFingerprint, int dimension) {
    if (modelFingerprint == null || modelFingerprint.isBlank()) {
      throw new IllegalArgumentException(
          "modelFingerprint must not be blank; modelFingerprint=" + (modelFingerprint == null ? "null" : "'" + modelFingerprint + "'"));
    }
    if (dimension < 1 || dimension > MAX_DIMENSION) {
      throw new IllegalArgumentException(
          "dimension must be in [1, " + MAX_DIMENSION + "]; dimension=" + dimension);
    }
  }

  private static Path dataDir(Path dir) {
    Objects.requireNonNull(dir, "dir");
    Path data = dir.toAbsolutePath().normalize();
    if (data.getParent() == null) {
      throw new IllegalArgumentException("dir must not be a file-system root; dir=" + dir);
    }
    return data;
  }

  private static Path sibling(Path data, String suffix) {
    return data.resolveSibling(data.getFileName() + suffix);
  }

  // ---------------------------------------------------------------------------------------------
  // Inspecting a folder before opening it

  /** The meta data of a store. */
  private record Meta(int schemaVersion, String model, int dimension) {}

  /** A store found in a folder: its column families and meta, null when its creation was interrupted. */
  private record Found(List<String> families, Meta meta) {}

  /**
   * What {@code data} holds, read without writing anything: null for no store (missing or empty
   * folder).
   *
   * @throws StoreMismatchException for anything but a paperrec store of a schema this build reads
   */
  private static Found inspect(Path data) {
    if (!Files.exists(data)) {
      return null;
    }
    if (!Files.isDirectory(data)) {
      throw new StoreMismatchException("data folder " + data + " is a file, not a folder; point --data at a folder");
    }
    try (Stream<Path> files = Files.list(data)) {
      if (files.findAny().isEmpty()) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list data folder " + data, e);
    }
    if (!Files.isRegularFile(data.resolve("CURRENT"))) {
      throw notAStore(data, "it is not empty and holds no RocksDB database");
    }
    List<String> families = new ArrayList<>();
    try (Options options = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(options, data.toString())) {
        families.add(new String(name, StandardCharsets.UTF_8));
      }
    } catch (RocksDBException e) {
      throw failure("list the column families", data, e);
    }
    if (!families.contains(CF_META)) {
      throw notAStore(data, "its RocksDB database has no '" + CF_META + "' column family");
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
        RocksDB db = RocksDB.openReadOnly(options, data.toString(), descriptors(families, familyOptions), handles)) {
      try {
        ColumnFamilyHandle metaFamily = handles.get(families.indexOf(CF_META));
        Map<String, byte[]> values = new HashMap<>();
        for (String key : List.of(META_SCHEMA_VERSION, META_MODEL, META_DIMENSION)) {
          byte[] value = db.get(metaFamily, ascii(key));
          if (value != null) {
            values.put(key, value);
          }
        }
        if (values.isEmpty()) {
          for (ColumnFamilyHandle handle : handles) {
            try (RocksIterator it = db.newIterator(handle)) {
              it.seekToFirst();
              if (it.isValid()) {
                throw notAStore(data, "it holds data but no meta data");
              }
              it.status();
            }
          }
          return new Found(families, null);
        }
        return new Found(families, parseMeta(data, values));
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    } catch (RocksDBException e) {
      throw failure("read the meta data", data, e);
    }
  }

  private static Meta parseMeta(Path data, Map<String, byte[]> values) {
    int schema = parseInt(data, META_SCHEMA_VERSION, values.get(META_SCHEMA_VERSION));
    if (schema > SCHEMA_VERSION_CURRENT) {
      throw new StoreMismatchException(
          "data folder " + data + " has store schema version " + schema + ", but this build of paperrec reads"
              + " schema versions " + SCHEMA_VERSION_START + " to " + SCHEMA_VERSION_CURRENT
              + "; upgrade paperrec to open it");
    }
    if (schema < SCHEMA_VERSION_START) {
      throw new StoreMismatchException(
          "data folder " + data + " has store schema version " + schema + ", older than the oldest this build"
              + " of paperrec reads (" + SCHEMA_VERSION_START + "); open it with an older paperrec");
    }
    byte[] model = values.get(META_MODEL);
    if (model == null) {
      throw notAStore(data, "its meta data has no '" + META_MODEL + "'");
    }
    return new Meta(schema, new String(model, StandardCharsets.UTF_8),
        parseInt(data, META_DIMENSION, values.get(META_DIMENSION)));
  }

  private static int parseInt(Path data, String key, byte[] value) {
    if (value == null) {
      throw notAStore(data, "its meta data has no '" + key + "'");
    }
    String text = new String(value, StandardCharsets.US_ASCII);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw notAStore(data, "its meta data has " + key + "='" + text + "', not a number");
    }
  }

  private static List<ColumnFamilyDescriptor> descriptors(List<String> families, ColumnFamilyOptions options) {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : families) {
      descriptors.add(new ColumnFamilyDescriptor(utf8(name), options));
    }
    return descriptors;
  }

  private static StoreMismatchException notAStore(Path data, String why) {
    return new StoreMismatchException(
        "data folder " + data + " is not a paperrec store: " + why + ". Point --data at a paperrec data folder,"
            + " or at a new or empty folder to start a new store");
  }

  private static UncheckedIOException failure(String what, Path data, RocksDBException e) {
    return new UncheckedIOException(
        new IOException("RocksDB could not " + what + " in " + data + ": " + e.getMessage(), e));
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

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.delete(directory);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
