package org.paperrec.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.ObjLongConsumer;
import org.paperrec.store.StoreDatabase.Found;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Papers and their vectors in a RocksDB data folder, a log of their changes, and the stored users
 * of {@link #users()}.
 *
 * <h2>On-disk layout, schema version 3</h2>
 *
 * <p>This layout is a contract: a change that older builds cannot read raises {@link
 * #SCHEMA_VERSION_CURRENT}, and {@link #open} refuses folders written by a newer schema. A folder
 * holds one RocksDB database (default bytewise key order) with these column families:
 *
 * <table>
 *   <caption>Column families</caption>
 *   <tr><th>name</th><th>key</th><th>value</th><th>since</th></tr>
 *   <tr><td>{@code papers}</td><td>UTF-8 bytes of the paper's key: the one of its normalised IDs
 *       ({@link PaperIds#normalize}) it is stored under</td><td>paper JSON, below</td><td>1</td></tr>
 *   <tr><td>{@code vectors}</td><td>same key as in {@code papers}</td>
 *       <td>the paper's vector: IEEE-754 float32, little-endian, component 0 first, exactly
 *       {@code 4 * dimension} bytes, no header</td><td>1</td></tr>
 *   <tr><td>{@code users}</td><td colspan="2">stored users: profile, token index, likes, dislikes and
 *       seen papers; keys and values are documented in {@link UserStore}. {@link #reembed} copies it
 *       byte for byte.</td><td>1</td></tr>
 *   <tr><td>{@code changes}</td><td>the change's sequence number: 8 bytes, big-endian, so that byte
 *       order is numeric order; the first is 1</td><td>UTF-8 bytes of the normalised ID of the paper
 *       that was written or deleted</td><td>2</td></tr>
 *   <tr><td>{@code aliases}</td><td>UTF-8 bytes of a normalised paper ID: every ID of every
 *       stored paper, its key included</td><td>UTF-8 bytes of the key of the paper that has this
 *       ID (so a key's value is the key itself)</td><td>3</td></tr>
 *   <tr><td>{@code meta}</td><td>ASCII name</td><td>see below</td><td>1</td></tr>
 *   <tr><td>{@code default}</td><td colspan="2">required by RocksDB, unused</td><td>1</td></tr>
 * </table>
 *
 * <p>{@code meta} keys; every number is decimal ASCII without sign or leading zeros:
 *
 * <ul>
 *   <li>{@code schema_version}: the layout version ({@code "2"}); written last when a folder is
 *       created or migrated;
 *   <li>{@code model}: the embedding model fingerprint, UTF-8, opaque to the store (compared for
 *       equality only); written once;
 *   <li>{@code dimension}: number of vector components ({@code "384"}); written once;
 *   <li>{@code count} (since 2): number of keys in {@code vectors}, that is of papers with a vector;
 *   <li>{@code change_seq} (since 2): sequence number of the last entry written to {@code changes},
 *       {@code "0"} when there has been none;
 *   <li>{@code changes_pruned_through} (since 2, absent until the first {@link
 *       #pruneChangesThrough}): every entry up to this sequence number has been deleted, and entries
 *       after it up to {@code change_seq} are all still there.
 * </ul>
 *
 * <p>Paper JSON (UTF-8, one object): {@code id} (string, the normalised ID, equal to the key),
 * {@code title} (string), {@code abstract} (string), {@code authors} (array of strings, in order,
 * possibly empty), {@code authorCount} (integer, at least the number of {@code authors}), {@code
 * date} (string {@code yyyy-MM-dd}, or {@code null} when unknown), {@code categories} (array of
 * strings, primary first, possibly empty), {@code upvotes} (integer, or {@code null} when the source
 * has none), {@code aliases} (since 3: array of strings, the paper's other normalised IDs, sorted,
 * each once, never the key; possibly empty). Writers write every field, {@code null} included.
 * Readers ignore unknown fields, so a later version may add fields without a schema change, and
 * read a missing field as {@code null} (lists as empty, {@code authorCount} as the number of
 * authors).
 *
 * <p>Invariants, kept because each paper write or delete is one {@code WriteBatch} made under one
 * lock: a paper and its vector are written and deleted together, so the two column families hold
 * the same keys (a key in only one of them is a corrupted entry: {@link #forEach} skips it with a
 * warning); {@code aliases} maps exactly the IDs of the stored papers ({@link Paper#ids()}), each
 * to its paper's key, so no ID belongs to two papers; the same batch sets {@code count}, appends
 * one {@code changes} entry per key it writes or deletes (a {@link #putAll} names a key once
 * however often it holds it) and sets {@code change_seq} to the last of them. Sequence numbers
 * only grow, without gaps. An entry says only that the key changed: its current state is in {@code
 * papers} and {@code vectors} (none when it was deleted or merged into another paper), and a key
 * changed twice has two entries.
 *
 * <h2>One paper, one entry: merging</h2>
 *
 * A paper is found by each of its IDs ({@link #resolve}). When a write brings a paper whose key or
 * any alias already names a stored paper (the same DOI or arXiv ID from another source, say), the
 * two are one paper: the write stores one merged paper and deletes the other keys, in the same
 * batch. The merged paper has the newcomer's text, metadata and vector (as any update does), and
 * every ID of the newcomer and of the papers it merges: IDs are only ever added, so an ID that
 * once named a paper (a link, a like stored under a former key) keeps finding it until the paper
 * is deleted. Its key is the first stored arXiv key (stored papers in the order of the newcomer's
 * IDs, key first); else the newcomer's key when it is an arXiv ID; else the first stored key. So a
 * stored paper keeps its key unless only the newcomer is on arXiv: then the paper is re-keyed, the
 * old key's paper and vector entries are deleted and the old key becomes an alias. The change log
 * names every key written or deleted, so an index kept elsewhere drops the old key's document and
 * adds the new one.
 *
 * <p>One exception: papers with different arXiv IDs are never merged (arXiv's IDs are
 * authoritative, and a DOI in two arXiv records is more often a source's mistake, such as a
 * journal issue's DOI, than one paper). The newcomer is then written without the IDs such a paper
 * holds, which stay with it ({@link Merge#withheld}); a newcomer whose key is one of them is keyed
 * by its arXiv ID. Any other bad ID in a source (a wrong DOI on a non-arXiv record) merges two
 * papers until one of them is deleted and both are added again.
 *
 * <h2>Versions</h2>
 *
 * Version 1 had no {@code changes}, {@code count} or {@code change_seq}; version 2 no {@code
 * aliases} (and no {@code aliases} in paper JSON). The {@code users} layout
 * needed no version of its own: the family has existed, empty and reserved, since version 1, and
 * builds from before stored users never read it. Opening a version 1 folder with {@link #open}
 * migrates it in place: RocksDB creates {@code changes}, one scan of the {@code vectors} keys gives
 * {@code count}, and one synced batch writes {@code count}, {@code change_seq = 0} and {@code
 * schema_version = 2}; an interrupted migration leaves version 1 and is done again on the next
 * open. A version 2 folder is migrated to 3 the same way: RocksDB creates {@code aliases}, one scan
 * of the {@code papers} keys writes each key's entry ({@code key -> key}; a version 2 paper has no
 * other IDs, and no two papers share a key, so there is nothing to merge), in batches, the last one
 * synced and setting {@code schema_version = 3}; interrupted, it is done again. A version 1 folder
 * goes through both steps. Builds that write an older version refuse a migrated folder (it is
 * newer), which keeps them from writing papers without logging them or without alias entries.
 * {@link #openReadOnly} does not migrate: it counts a version 1 folder's vectors once and reports
 * no changes, and resolves only keys in a version 1 or 2 folder.
 *
 * <p>{@link #reembed} builds a current-version folder whose changes are numbered after the old folder's
 * {@code change_seq} and then pruned, so that its {@code changes_pruned_through} equals its {@code
 * change_seq}: an index that caught up with the old folder gets the pruned error from {@link
 * #forEachChangeSince} and rebuilds from {@link #forEachAt}, as it must, since every vector
 * changed.
 *
 * <h2>RocksDB options</h2>
 *
 * One 32 MB LRU block cache shared by all column families, a 10-bit Bloom filter for point
 * lookups, LZ4 compression for everything but vectors (float noise does not compress). The WAL is
 * capped at 256 MB in total so that rarely written column families do not pin old WAL files;
 * RocksDB keeps its 5 newest {@code LOG} files. A read-only open writes no {@code LOG} file:
 * RocksDB's warnings go to this class's logger.
 *
 * <h2>Durability</h2>
 *
 * Paper writes (with their {@code count}, {@code changes} and {@code change_seq}) and change log
 * pruning go to the write-ahead log without an fsync per write: they survive a crash of the
 * process, but a crash of the operating system or a power loss may lose the last writes (the folder
 * stays consistent: each batch is all or nothing). {@link #flush} syncs the WAL and writes the
 * memtables to disk; call it after an ingest. {@link #close} calls it. The meta written when a
 * folder is created or migrated, and every write of {@link UserStore}, sync the WAL before they
 * return: a like that was acknowledged survives a power loss.
 *
 * <h2>Thread safety</h2>
 *
 * Thread-safe, like RocksDB itself: reads run concurrently; paper writes and pruning are
 * serialised by one lock so that {@link #count} and the change sequence stay exact under
 * concurrent upserts and deletes of the same ID. {@link #close} waits for running calls (a running
 * {@link #forEach} included) and may not be called from inside a scan's consumer; any call after
 * it throws {@link IllegalStateException}. The store owns every native handle; {@link UserStore}
 * borrows them and runs each call under the same guard.
 */
public final class PaperStore implements AutoCloseable {

  /** The first schema version, the oldest this build reads. */
  public static final int SCHEMA_VERSION_START = 1;

  /** The schema version this build writes: 2 added the change log and the paper count, 3 the alias table. */
  public static final int SCHEMA_VERSION_CURRENT = 3;

  /** Largest vector dimension accepted; more is surely a mistake. */
  public static final int MAX_DIMENSION = 65_536;

  private static final Logger LOG = LoggerFactory.getLogger(PaperStore.class);

  private final String model;
  private final int dimension;
  private final StoreDatabase database;
  private final PaperTable table;
  /** The users family's reader and writer; shares this store's handles and lifecycle. */
  private final UserStore userStore;

  private PaperStore(StoreDatabase database, String model, int dimension) {
    this.database = database;
    this.model = model;
    this.dimension = dimension;
    try {
      this.table = PaperTable.load(database, dimension);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    this.userStore = new UserStore(database);
    database.afterReopen(table::reload);
  }

  // ---------------------------------------------------------------------------------------------
  // Opening

  /**
   * Opens the store in {@code dir} for reading and writing, creating the folder and its meta data
   * on first use and migrating a version 1 folder to the current schema.
   *
   * @param dir data folder; created when missing
   * @param modelFingerprint the embedding model's fingerprint, compared for equality with the one
   *     the folder was made with
   * @param dimension number of vector components, in [1, {@value #MAX_DIMENSION}]
   * @throws StoreMismatchException when the folder was made with another model or dimension, by a
   *     newer schema, or is not a paperrec store; the message says what to do
   * @throws StoreLockedException when another process (or this one) has the folder open for writing
   * @throws UncheckedIOException when the folder cannot be created or RocksDB fails
   */
  public static PaperStore open(Path dir, String modelFingerprint, int dimension) {
    Path data = DataFolder.dataDir(dir);
    checkModel(modelFingerprint, dimension);
    DataFolder.finishInterruptedSwap(data);
    Found found = StoreDatabase.inspect(data);
    if (found != null && found.meta() != null) {
      StoreDatabase.Meta stored = found.meta();
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
    DataFolder.warnAboutLeftovers(data);
    return new PaperStore(StoreDatabase.openForWriting(data, found, modelFingerprint, dimension), modelFingerprint,
        dimension);
  }

  /**
   * Opens the store in {@code dir} for reading only, with RocksDB's read-only mode: it takes no
   * lock and writes no file, so it works while another process (a running server) has the folder
   * open for writing, and on a folder the caller cannot write to. It sees what had reached the
   * write-ahead log when it opened (RocksDB replays the log into memory) and nothing written
   * later: open it again for a fresher view. (A RocksDB secondary instance could catch up, but it
   * needs a folder of its own to write its info log in; a command that reads once does not need
   * it.) A version 1 folder is not migrated. Model and dimension are the folder's, not checked.
   * Every write, {@link UserStore}'s included, throws {@link IllegalStateException}; {@link #flush}
   * does nothing.
   *
   * <p>If the writer deletes a file while this opens (a flush or compaction finishing at that
   * moment), the open fails with an {@link UncheckedIOException}; opening again succeeds.
   *
   * @throws StoreMismatchException when {@code dir} holds no paperrec store or one of a newer schema
   * @throws UncheckedIOException when RocksDB fails
   */
  public static PaperStore openReadOnly(Path dir) {
    Path data = DataFolder.dataDir(dir);
    Found found = StoreDatabase.inspect(data);
    if (found == null || found.meta() == null) {
      throw new StoreMismatchException(
          "data folder " + data + " holds no paperrec store; point --data at a data folder that paperrec has filled");
    }
    return new PaperStore(StoreDatabase.openForReading(data, found), found.meta().model(), found.meta().dimension());
  }

  /**
   * The model fingerprint a store was made with, read without checking it against anything and
   * without taking the folder's lock (a running server may have it open).
   *
   * @return the fingerprint, or empty when {@code dir} holds no store yet (missing or empty folder)
   * @throws StoreMismatchException when the folder is not a paperrec store or has a newer schema
   */
  public static Optional<String> storedModel(Path dir) {
    Path data = DataFolder.dataDir(dir);
    DataFolder.finishInterruptedSwap(data);
    Found found = StoreDatabase.inspect(data);
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
   * What a write did, in the order the write first touched each key: every paper it wrote, as
   * stored (merged, under its final key), with its vector; and the keys it deleted because their
   * paper was merged into another (a key is in one list or the other). An index of the store
   * applies a write by deleting {@code removedKeys} and putting {@code papers}.
   */
  public record Written(List<Entry> papers, List<String> removedKeys) {

    public Written {
      papers = List.copyOf(papers);
      removedKeys = List.copyOf(removedKeys);
    }
  }

  /**
   * What writing a paper would store now ({@link #merge}): {@code paper} as it would be written
   * (merged, under its final key), the stored papers it would merge with, in the order of the
   * newcomer's IDs (empty for a new paper; the paper itself, when only it is stored), and the
   * newcomer's IDs it would be written without because a paper with another arXiv ID has them.
   */
  public record Merge(Paper paper, List<Paper> stored, List<String> withheld) {

    public Merge {
      Objects.requireNonNull(paper, "paper");
      stored = List.copyOf(stored);
      withheld = List.copyOf(withheld);
    }
  }

  /**
   * Adds or replaces a paper and its vector in one atomic write, with its change log entry,
   * merging it with every stored paper that holds one of its IDs (see the class javadoc).
   *
   * @param paper the paper; its key must be in normal form ({@link PaperIds#normalize})
   * @param vector exactly {@link #dimension()} finite components; copied
   * @return what was written: the paper as stored, and keys merged away
   * @throws IllegalArgumentException when the key is not normalised, the vector has the wrong
   *     length or a non-finite component, or merging would give a paper more than {@link
   *     Paper#MAX_ALIASES} other IDs
   * @throws IllegalStateException when the store is open read-only
   */
  public Written put(Paper paper, float[] vector) {
    return putAll(List.of(new Entry(paper, vector)));
  }

  /**
   * Adds or replaces many papers with their vectors in one atomic write: all or none. Ingest writes
   * batches of some hundreds. Entries are applied in order, each merged with what the store and
   * the earlier entries hold, so a later entry for the same paper (by any of its IDs) wins; the
   * change log names each key once, in the order of first appearance.
   *
   * @throws IllegalArgumentException as {@link #put}, naming the paper; nothing is written then
   * @throws IllegalStateException when the store is open read-only
   */
  public Written putAll(List<Entry> entries) {
    return table.putAll(entries);
  }

  /**
   * Replaces the metadata of a paper that is already stored with a vector, keeping the vector: for
   * updates that leave the embedded text (title and abstract) as it is. Merges as {@link #put}
   * does; the vector kept is that of the first stored paper it merges with that has one. Logged as
   * a change.
   *
   * @throws IllegalArgumentException when the key is not normalised or no stored paper it merges
   *     with has a vector
   * @throws IllegalStateException when the store is open read-only
   */
  public Written putPaper(Paper paper) {
    return table.putPaper(paper);
  }

  /**
   * Deletes a paper, its vector and every alias entry of its IDs in one atomic write, logged as a
   * change of its key when there was anything to delete.
   *
   * @param id any ID of the paper, in any spelling {@link PaperIds#normalize} accepts
   * @return true when there was a paper or a vector to delete
   * @throws IllegalArgumentException when {@code id} is not a paper ID
   * @throws IllegalStateException when the store is open read-only
   */
  public boolean delete(String id) {
    return table.delete(id);
  }

  /**
   * Why writes fail, when the last write failed because the disk is full ({@link
   * StorageFullException}); empty when writes work. The next write after space is freed opens the
   * database again and clears it.
   */
  public Optional<String> writeFailure() {
    return Optional.ofNullable(database.writeFailure());
  }

  /**
   * Syncs the write-ahead log and writes every memtable to disk: after it returns, all earlier
   * writes survive an operating-system crash. Blocks for as long as that takes. Does nothing on a
   * read-only store.
   */
  public void flush() {
    database.flush();
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * The key of the stored paper that has this ID: the ID itself for a key, the paper's key for an
   * alias.
   *
   * @param id paper ID in any spelling {@link PaperIds#normalize} accepts
   * @return empty when no stored paper has this ID
   * @throws IllegalArgumentException when {@code id} is not a paper ID
   */
  public Optional<String> resolve(String id) {
    return table.resolve(id);
  }

  /**
   * {@link #resolve} for many IDs at once, with one batched read (RocksDB's MultiGet): for a
   * request's liked papers or a profile's exclusions.
   *
   * @param ids normalised IDs ({@link PaperIds#normalize}); other strings are not found
   * @return the key of each ID that names a stored paper; IDs that name none are left out
   */
  public Map<String, String> resolveAll(Collection<String> ids) {
    return table.resolveAll(ids);
  }

  /**
   * What {@link #put} would store for {@code paper} now, writing nothing: the merged paper and the
   * stored papers it merges with. A concurrent write may change the answer; a write merges by what
   * the store holds when it runs.
   *
   * @throws IllegalArgumentException as {@link #put}
   */
  public Merge merge(Paper paper) {
    return table.merge(paper);
  }

  /**
   * The paper stored under this key. An alias gives nothing here (so that an index catching up on
   * a merged-away key sees that it is gone): {@link #resolve} it first.
   *
   * @param id paper key in any spelling {@link PaperIds#normalize} accepts
   * @throws IllegalArgumentException when {@code id} is not a paper ID
   * @throws UncheckedIOException when the stored JSON is corrupted
   */
  public Optional<Paper> paper(String id) {
    return table.paper(id);
  }

  /**
   * The vector stored under this key (not an alias: see {@link #paper}), a fresh array of {@link
   * #dimension()} components.
   *
   * @param id paper key in any spelling {@link PaperIds#normalize} accepts
   * @throws IllegalArgumentException when {@code id} is not a paper ID
   * @throws UncheckedIOException when the stored vector has the wrong length
   */
  public Optional<float[]> vector(String id) {
    return table.vector(id);
  }

  /**
   * Number of papers with a vector (keys of {@code vectors}), at least 0. O(1): read from meta
   * {@code count} when the store opens, then kept by every write (one key scan at open only for a
   * version 1 folder opened read-only).
   */
  public long count() {
    return table.count();
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
    table.forEachAt(consumer);
  }

  /**
   * As {@link #forEach}, and returns the change sequence of the snapshot the scan read: every
   * change after it is a write the scan did not see. An index rebuilt from this scan catches up
   * with {@link #forEachChangeSince}{@code (returned value, ...)}.
   *
   * @return {@code change_seq} as of the snapshot, at least 0
   * @throws UncheckedIOException when RocksDB fails during the scan
   */
  public long forEachAt(BiConsumer<Paper, float[]> consumer) {
    return table.forEachAt(consumer);
  }

  /**
   * Calls {@code consumer} with every stored paper, in byte order of the IDs, without reading
   * vectors. Unreadable entries are skipped with a warning naming the ID.
   *
   * @throws UncheckedIOException when RocksDB fails during the scan
   */
  public void forEachPaper(Consumer<Paper> consumer) {
    table.forEachPaper(consumer);
  }

  // ---------------------------------------------------------------------------------------------
  // Change log

  /**
   * The sequence number of the last change (a paper written or deleted), 0 when there has been
   * none. Sequence numbers start at 1 and grow by one per change.
   */
  public long lastChange() {
    database.ensureOpen();
    return table.changes().last();
  }

  /**
   * Calls {@code consumer.accept(id, seq)} for every change with a sequence number above {@code
   * afterSeq}, in order, as of one snapshot taken when the call starts. The ID is normalised; the
   * consumer reads the paper's current state with {@link #paper} and {@link #vector} itself (a
   * deleted paper has neither). A paper may come more than once.
   *
   * @param afterSeq the last change the caller has already applied, at least 0
   * @return the sequence number of the last change passed to the consumer, or {@code afterSeq}
   *     when there was none
   * @throws IllegalArgumentException when {@code afterSeq} is negative
   * @throws IllegalStateException when changes after {@code afterSeq} have been pruned ({@link
   *     #pruneChangesThrough}): the log cannot answer, and the caller must rebuild from {@link
   *     #forEachAt}
   */
  public long forEachChangeSince(long afterSeq, ObjLongConsumer<String> consumer) {
    return table.changes().forEachSince(afterSeq, consumer);
  }

  /**
   * Deletes the change log's entries up to and including {@code seq} (one range delete) and
   * records that in meta {@code changes_pruned_through}, so that {@link #forEachChangeSince} from
   * an earlier sequence fails rather than skips changes. Pruning less than before does nothing.
   *
   * @param seq in [0, {@link #lastChange()}]
   * @throws IllegalArgumentException when {@code seq} is out of that range
   * @throws IllegalStateException when the store is open read-only
   */
  public void pruneChangesThrough(long seq) {
    table.changes().pruneThrough(seq);
  }

  // ---------------------------------------------------------------------------------------------
  // Backup

  /**
   * Writes a consistent copy of the database as of now into the new folder {@code target}, while
   * reads and writes go on: a RocksDB checkpoint (hard links to the immutable table files, where
   * the file system allows, plus copies of the live log), openable as a data folder of its own.
   *
   * @param target a folder that does not exist yet; its parent must
   * @throws IllegalArgumentException when {@code target} exists or its parent does not
   * @throws IllegalStateException when the store is open read-only
   */
  public void checkpoint(Path target) {
    Path folder = target.toAbsolutePath().normalize();
    if (Files.exists(folder)) {
      throw new IllegalArgumentException("backup folder " + folder + " exists already: name a new one");
    }
    if (folder.getParent() == null || !Files.isDirectory(folder.getParent())) {
      throw new IllegalArgumentException("backup folder " + folder + ": its parent folder does not exist");
    }
    database.guardedWrite("write a checkpoint to " + folder, () -> {
      try (org.rocksdb.Checkpoint checkpoint = org.rocksdb.Checkpoint.create(database.db)) {
        checkpoint.createCheckpoint(folder.toString());
      }
      return null;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Harvest state

  /** Prefix of the meta keys that hold harvest states: {@code harvest/arxiv:cs}. */
  static final String META_HARVEST_PREFIX = "harvest/";

  /**
   * The state a harvester stored for {@code source} (its watermark, resume cursor and last run),
   * opaque to the store; empty before the first run.
   *
   * @param source a source name such as {@code arxiv:cs} or {@code hf}
   */
  public Optional<String> harvestState(String source) {
    byte[] value = database.guarded("read the harvest state of " + source,
        () -> database.db.get(database.meta, StoreDatabase.utf8(META_HARVEST_PREFIX + source)));
    return Optional.ofNullable(value).map(v -> new String(v, StandardCharsets.UTF_8));
  }

  /**
   * Stores the harvest state of {@code source}, synced to disk before it returns: a harvester
   * saves its cursor after each page it applied, and the state must survive a crash right after.
   *
   * @throws IllegalStateException when the store is open read-only
   */
  public void putHarvestState(String source, String state) {
    database.guardedWrite("save the harvest state of " + source, () -> {
      database.db.put(database.meta, database.syncedWrites,
          StoreDatabase.utf8(META_HARVEST_PREFIX + source), StoreDatabase.utf8(state));
      return null;
    });
  }

  /** Every stored harvest state, by source name, in name order. */
  public SortedMap<String, String> harvestStates() {
    return database.guarded("read the harvest states", () -> {
      SortedMap<String, String> states = new TreeMap<>();
      byte[] prefix = StoreDatabase.utf8(META_HARVEST_PREFIX);
      try (ReadOptions options = new ReadOptions();
          RocksIterator it = database.db.newIterator(database.meta, options)) {
        for (it.seek(prefix); it.isValid(); it.next()) {
          String key = new String(it.key(), StandardCharsets.UTF_8);
          if (!key.startsWith(META_HARVEST_PREFIX)) {
            break;
          }
          states.put(key.substring(META_HARVEST_PREFIX.length()), new String(it.value(), StandardCharsets.UTF_8));
        }
        it.status();
      }
      return states;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Users, folder, model

  /**
   * The stored users of this store: profiles, tokens and feedback in the {@code users} column
   * family. The same object on every call; usable until this store is closed.
   */
  public UserStore users() {
    database.ensureOpen();
    return userStore;
  }

  /** The data folder, absolute. */
  public Path dir() {
    return database.dir();
  }

  /** The embedding model fingerprint this store's vectors were made with. */
  public String model() {
    return model;
  }

  /** Number of components of every stored vector. */
  public int dimension() {
    return dimension;
  }

  /** Whether this store was opened with {@link #openReadOnly}. */
  public boolean isReadOnly() {
    return database.readOnly();
  }

  // ---------------------------------------------------------------------------------------------
  // Re-embedding

  /**
   * Re-embeds every paper of the store in {@code dir} with another model, without ever losing data:
   * builds a new store in the sibling folder {@code <dir>.reembed-tmp} (with every paper, its new
   * vector, and the {@code users} column family copied byte for byte; its change log as described
   * in the class javadoc), then swaps the folders: the old one is moved to {@code <dir>.bak-<UTC
   * timestamp>}, the new one to {@code dir}, and the backup is deleted. The store must not be open
   * (this method opens it, so a running server makes it fail with {@link StoreLockedException}).
   *
   * <p>After a crash: before the swap, {@code dir} is untouched (except that a version 1 folder has
   * been migrated) and the next re-embed deletes the stale {@code .reembed-tmp}; between the two
   * moves ({@code dir} missing, backup and complete {@code .reembed-tmp} present), the next {@link
   * #open}, {@link #storedModel} or re-embed finishes the swap and keeps the backup; after the swap,
   * only a backup may be left, which {@link #open} reports. If {@code embed} or a write fails, the
   * new store is deleted and {@code dir} is as it was.
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
    Objects.requireNonNull(embed, "embed");
    return reembedInBatches(dir, newModelFingerprint, newDimension, papers -> papers.stream().map(embed).toList(), progress);
  }

  /**
   * {@link #reembed} with the papers handed to {@code embedBatch} a batch of some hundred at a time,
   * so that the caller can embed a batch on several threads (the store starts none itself).
   *
   * @param embedBatch the new model: papers to their vectors, in the same order
   */
  public static long reembedInBatches(
      Path dir, String newModelFingerprint, int newDimension, Function<List<Paper>, List<float[]>> embedBatch,
      LongConsumer progress) {
    Path data = DataFolder.dataDir(dir);
    checkModel(newModelFingerprint, newDimension);
    Objects.requireNonNull(embedBatch, "embedBatch");
    Objects.requireNonNull(progress, "progress");
    return DataFolder.reembed(data, newModelFingerprint, newDimension, embedBatch, progress);
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
    database.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** For {@link DataFolder#reembed}, which copies between two stores. */
  StoreDatabase database() {
    return database;
  }

  /** For {@link DataFolder#reembed}, which numbers the new store's changes. */
  PaperTable table() {
    return table;
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
}
