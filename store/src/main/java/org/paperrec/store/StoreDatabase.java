package org.paperrec.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB database of one data folder: its options, column family handles, write options and
 * {@code meta} values, and the guard that keeps {@link #close} from freeing handles a call is
 * using. Layout and options are documented in {@link PaperStore}; this class opens, initialises
 * and migrates them.
 *
 * <p>Thread-safe. Every use of a handle runs inside {@link #guarded} or {@link #guardedWrite};
 * {@link #close} waits for running calls and later calls throw {@link IllegalStateException}. The
 * handles are replaced, under the same guard, when a write after a full disk opens the database
 * again ({@link #recoverWrites}): read them inside a guarded call, never keep them.
 */
final class StoreDatabase implements AutoCloseable {

  static final String CF_PAPERS = "papers";
  static final String CF_VECTORS = "vectors";
  static final String CF_USERS = "users";
  static final String CF_CHANGES = "changes";
  static final String CF_ALIASES = "aliases";
  static final String CF_META = "meta";
  static final String META_SCHEMA_VERSION = "schema_version";
  static final String META_MODEL = "model";
  static final String META_DIMENSION = "dimension";
  static final String META_COUNT = "count";
  static final String META_CHANGE_SEQ = "change_seq";
  static final String META_CHANGES_PRUNED_THROUGH = "changes_pruned_through";

  /** The families this build opens for writing, in the order of their handles. */
  private static final List<String> FAMILIES = List.of(CF_PAPERS, CF_VECTORS, CF_USERS, CF_CHANGES, CF_ALIASES, CF_META);

  private static final Logger LOG = LoggerFactory.getLogger(StoreDatabase.class);
  private static final long BLOCK_CACHE_BYTES = 32L << 20;
  private static final double BLOOM_BITS_PER_KEY = 10;
  private static final long MAX_TOTAL_WAL_BYTES = 256L << 20;
  private static final long KEEP_LOG_FILES = 5;
  /** Least time between two attempts to reopen the database after it ran out of space. */
  private static final long RECOVERY_INTERVAL_NANOS = 1_000_000_000L;
  /** Alias entries per write batch of the migration to version 3. */
  private static final int MIGRATION_BATCH = 10_000;

  static {
    RocksDB.loadLibrary();
  }

  /** The meta data of a store; {@code schemaVersion} is the one on disk before any migration. */
  record Meta(int schemaVersion, String model, int dimension) {}

  /** A store found in a folder: its column families, and its meta, null when its creation was interrupted. */
  record Found(List<String> families, Meta meta) {}

  private final Path dir;
  private final boolean readOnly;
  /** Every native object this database created, newest first: {@link #close} closes them in this order. */
  private final Deque<AbstractNativeReference> natives = new ArrayDeque<>();
  RocksDB db;
  ColumnFamilyHandle papers;
  ColumnFamilyHandle vectors;
  ColumnFamilyHandle users;
  /** Null only in a read-only view of a version 1 folder, which has no such family. */
  ColumnFamilyHandle changes;
  /** Null only in a read-only view of a version 1 or 2 folder, which has no such family. */
  ColumnFamilyHandle aliases;
  ColumnFamilyHandle meta;
  /** WAL, no fsync per write: paper data. */
  WriteOptions walWrites;
  /** WAL with fsync before the write returns: meta written on creation and migration, and user data. */
  WriteOptions syncedWrites;

  /** Calls hold the read lock while they use native handles; close takes the write lock. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Why writes fail, when the last one failed for lack of disk space (RocksDB then refuses every
   * write until its database is opened again); null when writes work. See {@link #recoverWrites}.
   */
  private volatile String writeFailure;

  /**
   * Whether {@link #recoverWrites} could open the database only read-only (the disk still full).
   * Until a reopen for writing succeeds, no write that happens to go through (one that writes
   * nothing) may clear {@link #writeFailure}: that would end the recovery with read-only handles.
   */
  private volatile boolean readOnlyUntilSpace;
  /** {@link System#nanoTime} before which {@link #recoverWrites} does not try again. */
  private volatile long nextRecovery;
  /** Run after the database was opened again (the paper table rereads its counters). */
  private volatile Runnable afterReopen = () -> {};

  private StoreDatabase(Path dir, List<String> existingFamilies, boolean readOnly) throws RocksDBException {
    this.dir = dir;
    this.readOnly = readOnly;
    openHandles(existingFamilies, readOnly);
  }

  /**
   * Opens RocksDB and every handle; the fields are written under the lifecycle write lock (or in
   * the constructor) and read under its read lock. On failure nothing stays open.
   */
  private void openHandles(List<String> existingFamilies, boolean readOnly) throws RocksDBException {
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
      DBOptions dbOptions = own(new DBOptions());
      if (readOnly) {
        // Nothing may be created in a folder that is someone else's or not writable: RocksDB's
        // info log goes to our log instead of a LOG file beside the data.
        dbOptions.setLogger(own(new RocksLogForwarder()));
      } else {
        dbOptions
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES)
            .setKeepLogFileNum(KEEP_LOG_FILES);
      }

      Set<String> names = new LinkedHashSet<>();
      names.add(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8));
      if (readOnly) {
        names.addAll(existingFamilies); // read-only mode cannot create one that is missing
      } else {
        names.addAll(FAMILIES);
        names.addAll(existingFamilies); // RocksDB refuses to open unless every family is named
      }
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (String name : names) {
        descriptors.add(new ColumnFamilyDescriptor(utf8(name), name.equals(CF_VECTORS) ? vectorOptions : jsonOptions));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      db = own(readOnly
          ? RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles)
          : RocksDB.open(dbOptions, dir.toString(), descriptors, handles));
      handles.forEach(this::own);
      List<String> order = List.copyOf(names);
      papers = handles.get(order.indexOf(CF_PAPERS));
      vectors = handles.get(order.indexOf(CF_VECTORS));
      users = handles.get(order.indexOf(CF_USERS));
      changes = order.contains(CF_CHANGES) ? handles.get(order.indexOf(CF_CHANGES)) : null;
      aliases = order.contains(CF_ALIASES) ? handles.get(order.indexOf(CF_ALIASES)) : null;
      meta = handles.get(order.indexOf(CF_META));
      walWrites = own(new WriteOptions());
      syncedWrites = own(new WriteOptions().setSync(true));
    } catch (RocksDBException | RuntimeException e) {
      closeNatives();
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Opening

  /**
   * Opens {@code data} for writing: initialises the meta of a new store, or migrates an older store
   * to the current version, one version at a time (1 to 2, then 2 to 3).
   *
   * @param found what {@link #inspect} found, null for no store yet
   * @throws StoreLockedException when a process (this one included) has the folder open for writing
   */
  static StoreDatabase openForWriting(Path data, Found found, String model, int dimension) {
    StoreDatabase database;
    try {
      database = new StoreDatabase(data, found == null ? List.of() : found.families(), false);
    } catch (RocksDBException e) {
      throw openFailure(data, e);
    }
    try {
      if (found == null || found.meta() == null) {
        database.initialise(model, dimension);
      } else {
        if (found.meta().schemaVersion() < 2) {
          database.migrateFromVersion1();
        }
        if (found.meta().schemaVersion() < 3) {
          database.migrateFromVersion2();
        }
      }
      return database;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Opens {@code data} in RocksDB's read-only mode: no lock is taken and no file is written, so a
   * process that has the folder open for writing may keep it.
   */
  static StoreDatabase openForReading(Path data, Found found) {
    try {
      return new StoreDatabase(data, found.families(), true);
    } catch (RocksDBException e) {
      throw failure("open the store read-only", data, e);
    }
  }

  private static RuntimeException openFailure(Path data, RocksDBException e) {
    // RocksDB: "While lock file: <dir>/LOCK: Resource temporarily unavailable" (another process) or
    // "lock hold by current process ...: <dir>/LOCK: No locks available" (this one).
    if (e.getStatus() != null && e.getStatus().getCode() == Status.Code.IOError
        && String.valueOf(e.getMessage()).contains("LOCK")) {
      return new StoreLockedException(data, e);
    }
    return failure("open the store", data, e);
  }

  private void initialise(String model, int dimension) {
    guardedWrite("initialise the meta data", () -> {
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(meta, ascii(META_MODEL), utf8(model));
        batch.put(meta, ascii(META_DIMENSION), ascii(Integer.toString(dimension)));
        batch.put(meta, ascii(META_COUNT), ascii("0"));
        batch.put(meta, ascii(META_CHANGE_SEQ), ascii("0"));
        batch.put(meta, ascii(META_SCHEMA_VERSION), ascii(Integer.toString(PaperStore.SCHEMA_VERSION_CURRENT)));
        db.write(syncedWrites, batch);
      }
      return null;
    });
  }

  /**
   * Version 1 to 2: the {@code changes} family was created by opening; {@code count} is counted
   * once. One synced batch writes {@code schema_version = 2} together with the rest, so an
   * interrupted migration leaves a version 1 folder and is done again on the next open.
   */
  private void migrateFromVersion1() {
    guardedWrite("migrate the store to schema version 2", () -> {
      long count = countKeys(vectors);
      try (WriteBatch batch = new WriteBatch()) {
        batch.put(meta, ascii(META_COUNT), ascii(Long.toString(count)));
        batch.put(meta, ascii(META_CHANGE_SEQ), ascii("0"));
        batch.put(meta, ascii(META_SCHEMA_VERSION), ascii("2"));
        db.write(syncedWrites, batch);
      }
      LOG.info("migrated data folder {} from store schema version 1 to 2: added the change log, {} papers counted",
          dir, count);
      return null;
    });
  }

  /**
   * Version 2 to 3: the {@code aliases} family was created by opening; one scan of the {@code
   * papers} keys writes each key's entry ({@code key -> key}: papers of version 2 have no other
   * IDs), in batches of {@value #MIGRATION_BATCH}, and the last, synced, batch sets {@code
   * schema_version = 3}. An interrupted migration leaves a version 2 folder with some entries, and
   * is done again on the next open (writing an entry twice is harmless); a version 2 build that
   * writes in between does not know the family, which is why the scan starts over.
   */
  private void migrateFromVersion2() {
    guardedWrite("migrate the store to schema version 3", () -> {
      long n = 0;
      List<byte[]> keys = new ArrayList<>(MIGRATION_BATCH);
      try (ReadOptions options = new ReadOptions().setFillCache(false);
          RocksIterator it = db.newIterator(papers, options)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          keys.add(it.key());
          if (keys.size() == MIGRATION_BATCH) {
            putOwnAliases(keys, false);
            n += keys.size();
            keys.clear();
          }
        }
        it.status();
      }
      putOwnAliases(keys, true);
      n += keys.size();
      LOG.info("migrated data folder {} from store schema version 2 to 3: added the alias table, {} papers", dir, n);
      return null;
    });
  }

  /** Writes {@code key -> key} alias entries; the last batch of the migration also sets the schema version, synced. */
  private void putOwnAliases(List<byte[]> keys, boolean last) throws RocksDBException {
    try (WriteBatch batch = new WriteBatch()) {
      for (byte[] key : keys) {
        batch.put(aliases, key, key);
      }
      if (last) {
        batch.put(meta, ascii(META_SCHEMA_VERSION), ascii("3"));
      }
      db.write(last ? syncedWrites : walWrites, batch);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Inspecting a folder before opening it

  /**
   * What {@code data} holds, read in read-only mode without writing anything: null for no store
   * (missing or empty folder).
   *
   * @throws StoreMismatchException for anything but a paperrec store of a schema this build reads
   */
  static Found inspect(Path data) {
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
    try (RocksLogForwarder logger = new RocksLogForwarder();
        DBOptions options = new DBOptions().setLogger(logger);
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
        RocksDB db = RocksDB.openReadOnly(options, data.toString(), descriptors(families, familyOptions), handles)) {
      try {
        ColumnFamilyHandle metaFamily = handles.get(families.indexOf(CF_META));
        byte[] schema = db.get(metaFamily, ascii(META_SCHEMA_VERSION));
        byte[] model = db.get(metaFamily, ascii(META_MODEL));
        byte[] dimension = db.get(metaFamily, ascii(META_DIMENSION));
        if (schema == null && model == null && dimension == null) {
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
        return new Found(families, parseMeta(data, schema, model, dimension));
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    } catch (RocksDBException e) {
      throw failure("read the meta data", data, e);
    }
  }

  private static Meta parseMeta(Path data, byte[] schemaBytes, byte[] model, byte[] dimension) {
    long schema = parseNumber(data, META_SCHEMA_VERSION, schemaBytes);
    if (schema > PaperStore.SCHEMA_VERSION_CURRENT) {
      throw new StoreMismatchException(
          "data folder " + data + " has store schema version " + schema + ", but this build of paperrec reads"
              + " schema versions " + PaperStore.SCHEMA_VERSION_START + " to " + PaperStore.SCHEMA_VERSION_CURRENT
              + "; upgrade paperrec to open it");
    }
    if (schema < PaperStore.SCHEMA_VERSION_START) {
      throw new StoreMismatchException(
          "data folder " + data + " has store schema version " + schema + ", older than the oldest this build"
              + " of paperrec reads (" + PaperStore.SCHEMA_VERSION_START + "); open it with an older paperrec");
    }
    if (model == null) {
      throw notAStore(data, "its meta data has no '" + META_MODEL + "'");
    }
    return new Meta((int) schema, new String(model, StandardCharsets.UTF_8),
        (int) parseNumber(data, META_DIMENSION, dimension));
  }

  // ---------------------------------------------------------------------------------------------
  // Meta values

  /**
   * A decimal {@code meta} value, read through {@code options} (and so through its snapshot, if it
   * has one).
   *
   * @return {@code missing} when the key is absent
   */
  long metaNumber(ReadOptions options, String key, long missing) throws RocksDBException {
    byte[] value = db.get(meta, options, ascii(key));
    return value == null ? missing : parseNumber(dir, key, value);
  }

  private static long parseNumber(Path data, String key, byte[] value) {
    if (value == null) {
      throw notAStore(data, "its meta data has no '" + key + "'");
    }
    String text = new String(value, StandardCharsets.US_ASCII);
    try {
      long n = Long.parseLong(text);
      if (n < 0) {
        throw new NumberFormatException("negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw notAStore(data, "its meta data has " + key + "='" + text + "', not a number");
    }
  }

  /** Number of keys in {@code family}, by one scan of its keys. */
  long countKeys(ColumnFamilyHandle family) throws RocksDBException {
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

  // ---------------------------------------------------------------------------------------------
  // Guarding calls

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

  /**
   * As {@link #guarded}, for a call that writes.
   *
   * @throws IllegalStateException when the database is open read-only
   */
  <T> T guardedWrite(String what, RocksCall<T> call) {
    if (readOnly) {
      ensureOpen();
      throw new IllegalStateException(
          "the data folder is open read-only, so paperrec cannot " + what + " in " + dir
              + "; open it with PaperStore.open to write (stop the process that has it open first)");
    }
    recoverWrites();
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      T result = call.call();
      if (!readOnlyUntilSpace) {
        writeFailure = null;
      }
      return result;
    } catch (RocksDBException e) {
      throw writeFailed(what, e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Why writes fail for lack of space, or null when the last write went through. */
  String writeFailure() {
    return writeFailure;
  }

  void afterReopen(Runnable r) {
    afterReopen = r;
  }

  /**
   * After a write failed for lack of space, opens the database again so that writes work once
   * space is free: RocksDB keeps refusing writes after such an error ("Writer has previous error")
   * and RocksJava has no {@code DB::Resume}. Waits for running calls, as {@link #close} does; every
   * acknowledged write is in the WAL, which the open replays. At most one attempt a second; if the
   * open fails (the disk is still full), the database is opened read-only, so reads go on, and the
   * next write tries again.
   */
  private void recoverWrites() {
    if (writeFailure == null || System.nanoTime() < nextRecovery) {
      return;
    }
    lifecycle.writeLock().lock();
    try {
      if (writeFailure == null || closed.get() || System.nanoTime() < nextRecovery) {
        return;
      }
      nextRecovery = System.nanoTime() + RECOVERY_INTERVAL_NANOS;
      List<String> families = new ArrayList<>();
      try (Options options = new Options()) {
        for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
          families.add(new String(name, StandardCharsets.UTF_8));
        }
      } catch (RocksDBException e) {
        LOG.warn("cannot list the column families of {} to reopen it: {}", dir, e.getMessage());
        return;
      }
      closeNatives();
      try {
        openHandles(families, false);
        afterReopen.run();
        readOnlyUntilSpace = false;
        writeFailure = null;
        LOG.info("data folder {} reopened after a write failed for lack of space; writes work again", dir);
      } catch (RocksDBException | RuntimeException e) {
        LOG.warn("data folder {} cannot be opened for writing yet ({}); reading it read-only until space is freed",
            dir, e.getMessage());
        try {
          openHandles(families, true);
          readOnlyUntilSpace = true;
        } catch (RocksDBException | RuntimeException readOnlyToo) {
          closed.set(true);
          throw new IllegalStateException("the data folder " + dir + " cannot be opened again after running out of"
              + " space: " + readOnlyToo.getMessage() + "; free space and restart paperrec", readOnlyToo);
        }
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** A write's failure: out of space (also when the database still refuses after an earlier one), or another. */
  private RuntimeException writeFailed(String what, RocksDBException e) {
    String message = String.valueOf(e.getMessage());
    boolean noSpace = (e.getStatus() != null && e.getStatus().getSubCode() == Status.SubCode.NoSpace)
        || StorageFullException.saysNoSpace(message) || message.contains("Writer has previous error");
    if (!noSpace && writeFailure == null) {
      return failure(what, dir, e);
    }
    if (noSpace) {
      writeFailure = message;
    }
    // Otherwise the write failed on the read-only handles of a recovery that is still waiting for
    // space: the cause to name is the full disk recorded before, not "read only mode".
    return new StorageFullException("paperrec could not " + what + ": the disk of the data folder " + dir
        + " is full (" + writeFailure + "). Free space there; writes work again by themselves once there is room", e);
  }

  void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("store is closed");
    }
  }

  boolean readOnly() {
    return readOnly;
  }

  Path dir() {
    return dir;
  }

  /** Syncs the WAL and writes every memtable to disk; nothing to do when read-only. */
  void flush() {
    if (readOnly) {
      ensureOpen();
      return;
    }
    guardedWrite("flush", () -> {
      db.flushWal(true);
      try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
        db.flush(options, List.of(papers, vectors, users, changes, aliases, meta));
      }
      return null;
    });
  }

  /**
   * Flushes (when writable) and releases every native resource, in reverse order of creation.
   * Waits for running calls. Safe to call more than once.
   *
   * @throws IllegalStateException when called from inside a guarded call (a scan's consumer)
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

  private <T extends AbstractNativeReference> T own(T resource) {
    natives.push(resource);
    return resource;
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** RocksDB's info log, warnings and errors only, into ours: for opens that must not create files. */
  private static final class RocksLogForwarder extends org.rocksdb.Logger {

    RocksLogForwarder() {
      super(InfoLogLevel.WARN_LEVEL);
    }

    @Override
    protected void log(InfoLogLevel level, String message) {
      LOG.warn("RocksDB: {}", message);
    }
  }

  private static List<ColumnFamilyDescriptor> descriptors(List<String> families, ColumnFamilyOptions options) {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : families) {
      descriptors.add(new ColumnFamilyDescriptor(utf8(name), options));
    }
    return descriptors;
  }

  static StoreMismatchException notAStore(Path data, String why) {
    return new StoreMismatchException(
        "data folder " + data + " is not a paperrec store: " + why + ". Point --data at a paperrec data folder,"
            + " or at a new or empty folder to start a new store");
  }

  static UncheckedIOException failure(String what, Path data, RocksDBException e) {
    return new UncheckedIOException(
        new IOException("RocksDB could not " + what + " in " + data + ": " + e.getMessage(), e));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
