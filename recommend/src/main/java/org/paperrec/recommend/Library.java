package org.paperrec.recommend;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.paperrec.embed.Embedder;
import org.paperrec.recommend.lucene.CorpusIndex;
import org.paperrec.recommend.lucene.IndexSync;
import org.paperrec.recommend.lucene.View;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperIds;
import org.paperrec.store.PaperStore;
import org.paperrec.store.StorageFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The corpus: papers and vectors in the store (the source of truth), their search documents in the
 * persisted {@link CorpusIndex} (BM25 text, HNSW vectors, date and category filters), and the way
 * in (ingest, upsert, delete) that keeps the two in step. Nothing per paper lives in the heap.
 *
 * <p>Ingest of one paper: the store is asked which stored papers it is (by any of its IDs: the
 * same arXiv ID, DOI, ... ; see {@link PaperStore}'s merge rule). If one of them has the same title
 * and abstract, its vector is kept (only changed metadata and IDs are written); otherwise its text
 * is embedded and the paper and vector are written in one batch, merged with the papers it is,
 * then the index is updated from what the store wrote (a paper merged into another loses its
 * document). Re-ingesting a file is therefore an idempotent upsert that embeds only new or changed
 * papers, and two sources of one paper give one paper.
 *
 * <p>IDs: every method that takes a paper ID takes any ID of the paper, its key or an alias, and
 * resolves it to the key with the store's alias table ({@link #resolve}); results, the index and
 * the store's change log hold keys only.
 *
 * <p>Thread-safe. Embedding runs outside any lock, on the caller's executor; writes to store and
 * index are serialised so that the index applies the store's changes in the store's order, and
 * {@link #commit} can record exactly how far the index reflects the store. Readers never wait for
 * writers: they search a point-in-time {@link View}. The library owns its index ({@link #close}
 * commits and closes it), not the store or the embedder: whoever opened them closes them, after the
 * library.
 *
 * <p>{@link #changeCount} counts the writes that changed the corpus, so that a reader can tell
 * cheaply whether anything changed since it last looked (the HTTP API's ETags use it).
 */
public final class Library implements PaperKeys, AutoCloseable {

  /** What an upsert did to one paper. */
  public enum Change {
    /** New paper (none of its IDs was known): embedded and written. */
    ADDED,
    /** Title or abstract changed: re-embedded and rewritten. */
    REEMBEDDED,
    /** Only metadata (authors, date, categories, ...) changed: rewritten, vector kept. */
    METADATA_UPDATED,
    /** Identical to the stored paper: nothing written. */
    UNCHANGED,
    /**
     * Embedding failed, or (in an ingest batch) the store refused the paper because merging it
     * would give a paper too many IDs: nothing written; the reason is logged.
     */
    FAILED
  }

  /** Counts of what an ingest did so far; {@code total()} is the number of papers processed. */
  public record IngestCounts(long added, long reembedded, long metadataUpdated, long unchanged, long failed) {

    public long total() {
      return added + reembedded + metadataUpdated + unchanged + failed;
    }

    IngestCounts plus(Change change) {
      return new IngestCounts(
          added + (change == Change.ADDED ? 1 : 0),
          reembedded + (change == Change.REEMBEDDED ? 1 : 0),
          metadataUpdated + (change == Change.METADATA_UPDATED ? 1 : 0),
          unchanged + (change == Change.UNCHANGED ? 1 : 0),
          failed + (change == Change.FAILED ? 1 : 0));
    }

    static final IngestCounts ZERO = new IngestCounts(0, 0, 0, 0, 0);
  }

  /** Papers per ingest batch: embedded in parallel, then written in one store batch. */
  public static final int INGEST_BATCH = 64;

  private static final Logger LOG = LoggerFactory.getLogger(Library.class);

  private final PaperStore store;
  private final Embedder embedder;
  /**
   * Replaced (under {@link #writeLock}) when its writer was closed by a failed write (Lucene closes
   * an IndexWriter on a "tragic" error such as a full disk during a flush): see {@link #reopenIndexIfBroken}.
   */
  private volatile CorpusIndex index;
  private final CorpusIndex.Settings settings;
  /** Why the last write to the index failed, or null when it went through; under {@link #writeLock}. */
  private volatile String indexFailure;
  private final Object writeLock = new Object();
  /** Bumped after a write is applied to store and index, or failed partway, under {@link #writeLock}. */
  private final AtomicLong changeCount = new AtomicLong();

  private final AtomicBoolean closed = new AtomicBoolean();
  /** The store change the index's last commit reflects (-1: not known, commit the first time); under {@link #writeLock}. */
  private long committedSeq = -1;

  private Library(PaperStore store, Embedder embedder, CorpusIndex index) {
    this.store = store;
    this.embedder = embedder;
    this.index = index;
    this.settings = index.settings();
  }

  /** {@link #open(PaperStore, Embedder, CorpusIndex.Settings, ExecutorService, IndexSync.Progress)} with defaults. */
  public static Library open(PaperStore store, Embedder embedder) {
    return open(store, embedder, CorpusIndex.Settings.DEFAULTS, null, IndexSync.Progress.NONE);
  }

  /**
   * A library over {@code store}, its search index opened from the data folder and brought in step
   * with the store (built there when missing; see {@link IndexSync}).
   *
   * @param indexPool indexes in parallel when the index is rebuilt or caught up; null for this thread
   * @param progress told how a rebuild of the index goes
   */
  public static Library open(
      PaperStore store, Embedder embedder, CorpusIndex.Settings settings, ExecutorService indexPool,
      IndexSync.Progress progress) {
    if (store.dimension() != embedder.dimension()) {
      throw new IllegalArgumentException(
          "store dimension " + store.dimension() + " does not match the model's " + embedder.dimension());
    }
    return new Library(store, embedder, IndexSync.open(store, settings, indexPool, progress).index());
  }

  /**
   * A library that only reads: over a store opened with {@link PaperStore#openReadOnly}, with the
   * search index opened read-only as of its last commit (a running server commits after every
   * ingest and when it stops). Nothing is caught up or rebuilt and no file is written, so this
   * works beside a server that holds the folder and on a folder that is not writable; papers
   * written since the index's last commit are not found until the writer commits. Writes throw
   * {@link IllegalStateException}, as the index and store refuse them.
   *
   * @param embedder the model, for text queries; null when no caller embeds: {@link #embedder()}
   *     then throws
   * @throws IllegalStateException when the data folder has no usable search index (none yet, or
   *     one of another layout, model or dimension); the message says what to run
   */
  public static Library openReadOnly(PaperStore store, Embedder embedder, CorpusIndex.Settings settings) {
    if (embedder != null && store.dimension() != embedder.dimension()) {
      throw new IllegalArgumentException(
          "store dimension " + store.dimension() + " does not match the model's " + embedder.dimension());
    }
    Path dir = store.dir().resolve(IndexSync.INDEX_FOLDER);
    String rebuild = "start `paperrec serve --data " + store.dir() + "` once, or run a writing command such as"
        + " `paperrec ingest`, to build it";
    Optional<CorpusIndex.Commit> commit;
    try {
      // Checked before opening: Lucene's directory would create a missing folder.
      commit = CorpusIndex.lastCommit(dir);
    } catch (UncheckedIOException e) {
      throw new IllegalStateException(e.getMessage() + "; " + rebuild, e);
    }
    if (commit.isEmpty()) {
      throw new IllegalStateException("the data folder " + store.dir() + " has no search index yet: " + rebuild);
    }
    CorpusIndex.Commit c = commit.get();
    if (c.layout() != CorpusIndex.LAYOUT_VERSION || !c.model().equals(store.model())
        || c.dimension() != store.dimension()) {
      throw new IllegalStateException("the search index in " + dir + " was built by another paperrec version or for"
          + " another model than the store's; " + rebuild.replace("to build it", "to rebuild it"));
    }
    return new Library(store, embedder, CorpusIndex.openReadOnly(dir, store.dimension(), settings));
  }

  /**
   * The model that embeds text queries.
   *
   * @throws IllegalStateException when this library was opened read-only without the model
   */
  public Embedder embedder() {
    if (embedder == null) {
      throw new IllegalStateException("the library of " + store.dir() + " was opened without the model, for"
          + " queries by paper ID only; text queries need it");
    }
    return embedder;
  }

  /** A point-in-time view of the search index; close it after use. */
  public View view() {
    return index.acquire();
  }

  /** Number of papers the index holds. */
  public int size() {
    try (View view = index.acquire()) {
      return view.size();
    }
  }

  /** True when a paper keyed {@code key} (normalised; not an alias: {@link #resolve} first) is in the index. */
  public boolean contains(String key) {
    try (View view = index.acquire()) {
      return view.doc(key) >= 0;
    }
  }

  /**
   * The key of the corpus paper that has this ID (a key resolves to itself, an alias to its paper's
   * key), read from the store's alias table.
   *
   * @param id paper ID in any spelling {@link PaperIds#normalize} accepts
   * @return empty when no paper has this ID
   * @throws IllegalArgumentException when {@code id} is not a paper ID
   */
  public Optional<String> resolve(String id) {
    return store.resolve(id);
  }

  /** {@inheritDoc} One batched read of the store's alias table. */
  @Override
  public Map<String, String> keys(Collection<String> ids) {
    return store.resolveAll(ids);
  }

  /** {@inheritDoc} */
  @Override
  public List<String> ids(String key) {
    return store.paper(key).map(Paper::ids).orElse(List.of());
  }

  /**
   * A counter of the writes that changed the corpus since this library was loaded: 0 after {@link
   * #load}, then it grows after every upsert or ingest batch that added, re-embedded or updated a
   * paper and every delete that removed one; unchanged papers and failed embeddings leave it as it
   * is. A write that throws partway (part of it may be visible) bumps it too. It is bumped only once
   * the change is visible, so a reader that reads it <em>before</em> a query knows that the query's
   * answer reflects at least that state. Not persisted: the CLI can change the store between two
   * loads, which then both start at 0.
   */
  public long changeCount() {
    return changeCount.get();
  }

  /** The paper that has this ID (its key or an alias, in any spelling), read from the store. */
  public Optional<Paper> paper(String id) {
    return store.resolve(id).flatMap(store::paper);
  }

  /** Adds or updates one paper, embedding it on the calling thread if its text is new. */
  public Change upsert(Paper paper) {
    return applyBatch(List.of(paper), null, true).get(0);
  }

  /**
   * Upserts every paper {@code papers} yields, in batches of {@value #INGEST_BATCH}, embedding each
   * batch's new texts in parallel on {@code embedPool}. A paper whose embedding fails is counted
   * and logged, and the ingest goes on. Within a batch, a later paper with the same key wins, and
   * papers that share another ID are merged as the store merges them.
   *
   * @param listener told the running counts after each batch (on the calling thread)
   */
  public IngestCounts ingest(
      Iterator<Paper> papers, ExecutorService embedPool, java.util.function.Consumer<IngestCounts> listener) {
    IngestCounts counts = IngestCounts.ZERO;
    // Two batches in flight: the next one embeds on the pool while this thread writes the last one,
    // so the embedding threads never wait for a write (and no more than two batches are queued).
    Prepared inFlight = null;
    List<Paper> batch = new ArrayList<>(INGEST_BATCH);
    while (papers.hasNext()) {
      batch.add(papers.next());
      if (batch.size() == INGEST_BATCH || !papers.hasNext()) {
        Prepared next = prepare(batch, embedPool, false);
        batch = new ArrayList<>(INGEST_BATCH);
        if (inFlight != null) {
          counts = write(inFlight, counts, embedPool);
          listener.accept(counts);
        }
        inFlight = next;
      }
    }
    if (inFlight != null) {
      counts = write(inFlight, counts, embedPool);
      listener.accept(counts);
    }
    return counts;
  }

  /** Removes a paper (any of its IDs, in any spelling) from store and index; false when it was not there. */
  public boolean delete(String rawId) {
    String id = PaperIds.normalize(rawId);
    synchronized (writeLock) {
      reopenIndexIfBroken();
      String key = store.resolve(id).orElse(id);
      boolean removed = store.delete(key);
      onIndex(() -> {
        index.delete(key);
        index.refresh();
      });
      if (removed) {
        changeCount.incrementAndGet();
      }
      return removed;
    }
  }

  /**
   * Durably commits the index, recording the store change it reflects, and lets the store forget
   * the changes up to there. Cheap when nothing changed; run after an ingest, periodically and at
   * close. Writes wait meanwhile; readers do not.
   */
  public void commit() {
    synchronized (writeLock) {
      reopenIndexIfBroken();
      long seq = store.lastChange();
      if (seq == committedSeq) {
        return;
      }
      onIndex(() -> index.commit(seq, store.model()));
      store.pruneChangesThrough(seq);
      committedSeq = seq;
    }
  }

  /**
   * What {@link #backup} wrote.
   *
   * @param papers papers in the backup
   * @param storeSeq the store change the backup reflects
   * @param indexBytes bytes of the search index's files in it
   */
  public record Backup(Path folder, long papers, long storeSeq, long indexBytes) {}

  /**
   * Writes an online backup into the new folder {@code target}, a data folder of its own: the
   * index is committed, then the store checkpointed and the index's commit linked beside it, while
   * writes wait (milliseconds: both are hard links where the file system allows) and readers go
   * on. Index and store in the backup reflect the same change, so it opens without catching up.
   *
   * @throws IllegalArgumentException when {@code target} exists or its parent does not
   */
  public Backup backup(Path target) {
    Path folder = target.toAbsolutePath().normalize();
    synchronized (writeLock) {
      commit();
      long seq = committedSeq;
      long papers = store.count();
      store.checkpoint(folder);
      long indexBytes = index.copyLastCommitTo(folder.resolve(index.dir().getFileName()));
      return new Backup(folder, papers, seq, indexBytes);
    }
  }

  /** Commits (unless it is read-only) and closes the search index; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (!index.readOnly()) {
        commit();
      }
    } finally {
      index.close();
    }
  }

  /**
   * A batch decided and submitted for embedding, not yet written. {@code upsert}: one paper of
   * {@link #upsert}, whose refusal by the store (an {@link IllegalArgumentException}) the caller
   * hears; in an ingest a refused paper is {@link Change#FAILED} and the ingest goes on.
   */
  private record Prepared(List<Paper> batch, Map<String, Change> changes, List<Paper> toEmbed,
      List<Future<float[]>> vectors, List<Paper> metadataOnly, boolean upsert) {}

  private IngestCounts write(Prepared prepared, IngestCounts counts, ExecutorService embedPool) {
    for (Change change : write(prepared, embedPool)) {
      counts = counts.plus(change);
    }
    return counts;
  }

  /** Changes, one per distinct ID in {@code batch}, in order of first appearance. */
  private List<Change> applyBatch(List<Paper> batch, ExecutorService embedPool, boolean upsert) {
    return write(prepare(batch, embedPool, upsert), embedPool);
  }

  /**
   * Decides what each paper of {@code batch} needs (from the stored versions) and submits the
   * embeddings; with no pool they are computed here. A later paper with the same ID wins.
   */
  private Prepared prepare(List<Paper> batch, ExecutorService embedPool, boolean upsert) {
    if (index.readOnly()) {
      // Refused here, before anything is embedded: a missing model would otherwise count as a failed embedding.
      throw new IllegalStateException("the library of " + store.dir() + " is open read-only; papers cannot be added");
    }
    Map<String, Paper> byId = new LinkedHashMap<>();
    for (Paper paper : batch) {
      byId.put(paper.id(), paper);
    }
    Map<String, Change> changes = new LinkedHashMap<>();
    List<Paper> toEmbed = new ArrayList<>();
    List<Paper> metadataOnly = new ArrayList<>();
    for (Paper paper : byId.values()) {
      PaperStore.Merge merge;
      try {
        merge = store.merge(paper);
      } catch (IllegalArgumentException e) {
        if (upsert) {
          throw e;
        }
        LOG.warn("paper {}: not written: {}", paper.id(), e.getMessage());
        changes.put(paper.id(), Change.FAILED);
        continue;
      }
      List<Paper> stored = merge.stored();
      if (stored.size() == 1 && stored.get(0).equals(merge.paper()) && hasVector(stored.get(0))) {
        changes.put(paper.id(), Change.UNCHANGED);
      } else if (sameTextWithVector(stored, paper).isPresent()) {
        changes.put(paper.id(), Change.METADATA_UPDATED);
        metadataOnly.add(paper);
      } else {
        changes.put(paper.id(), stored.isEmpty() ? Change.ADDED : Change.REEMBEDDED);
        toEmbed.add(paper);
      }
    }
    return new Prepared(batch, changes, toEmbed, submit(toEmbed, embedPool), metadataOnly, upsert);
  }

  /** Waits for {@code prepared}'s embeddings, then writes it to store and index under the write lock. */
  private List<Change> write(Prepared prepared, ExecutorService embedPool) {
    Map<String, Change> changes = prepared.changes();
    List<Paper> toEmbed = prepared.toEmbed();
    List<Paper> metadataOnly = prepared.metadataOnly();
    List<PaperStore.Entry> entries = new ArrayList<>(toEmbed.size());
    List<float[]> vectors = await(prepared.vectors());
    for (int i = 0; i < toEmbed.size(); i++) {
      if (vectors.get(i) == null) {
        changes.put(toEmbed.get(i).id(), Change.FAILED);
      } else {
        entries.add(new PaperStore.Entry(toEmbed.get(i), vectors.get(i)));
      }
    }

    List<Paper> retry = new ArrayList<>();
    synchronized (writeLock) {
      // Set before each write: one that throws may have landed in the store or an index all the
      // same, and an extra bump costs a reader one cache miss while a missing one serves it a stale
      // answer as current.
      boolean mayHaveWritten = false;
      try {
        reopenIndexIfBroken();
        for (Paper paper : metadataOnly) {
          // Decided outside the lock: a concurrent upsert may have changed the text, or a delete
          // removed the paper, since. Keeping the old vector then would pair it with the wrong text.
          Optional<float[]> vector;
          try {
            vector = sameTextWithVector(store.merge(paper).stored(), paper).flatMap(store::vector);
          } catch (IllegalArgumentException refused) {
            vector = Optional.empty(); // the retry decides again, and reports the refusal
          }
          if (vector.isEmpty()) {
            retry.add(paper);
          } else {
            entries.add(new PaperStore.Entry(paper, vector.get()));
          }
        }
        mayHaveWritten = !entries.isEmpty();
        try {
          apply(store.putAll(entries));
        } catch (IllegalArgumentException e) {
          if (prepared.upsert()) {
            throw e;
          }
          // One paper of an ingest batch that cannot be merged (too many IDs) must not stop the ingest.
          for (PaperStore.Entry entry : entries) {
            try {
              apply(store.putAll(List.of(entry)));
            } catch (IllegalArgumentException refused) {
              LOG.warn("paper {}: not written: {}", entry.paper().id(), refused.getMessage());
              changes.put(entry.paper().id(), Change.FAILED);
            }
          }
        }
        if (mayHaveWritten) {
          onIndex(index::refresh);
        }
      } finally {
        if (mayHaveWritten) {
          changeCount.incrementAndGet();
        }
      }
    }
    if (!retry.isEmpty()) {
      List<Change> retried = applyBatch(retry, embedPool, prepared.upsert());
      for (int i = 0; i < retry.size(); i++) {
        changes.put(retry.get(i).id(), retried.get(i));
      }
    }
    return new ArrayList<>(changes.values());
  }

  /** Applies a store write to the index: documents of keys merged away go, written papers are put. */
  private void apply(PaperStore.Written written) {
    onIndex(() -> {
      for (String key : written.removedKeys()) {
        index.delete(key);
      }
      for (PaperStore.Entry entry : written.papers()) {
        index.put(entry.paper(), entry.vector());
      }
    });
  }

  /**
   * Why writes fail, when the last write to the store or the index failed (a full disk, say) and
   * none has gone through since; empty when writes work.
   */
  public Optional<String> writeFailure() {
    Optional<String> stored = store.writeFailure();
    return stored.isPresent() ? stored : Optional.ofNullable(indexFailure);
  }

  /**
   * Runs a write to the index. A failure is remembered for {@link #writeFailure} and {@link
   * #reopenIndexIfBroken}; a full disk becomes a {@link StorageFullException} whose message says
   * that the store has the write and the index gets it once space is freed.
   */
  private void onIndex(Runnable write) {
    try {
      write.run();
      indexFailure = null;
    } catch (RuntimeException e) {
      indexFailure = rootMessage(e);
      if (isNoSpace(e)) {
        throw new StorageFullException("the search index in " + index.dir() + " could not be written: the disk is full ("
            + e.getMessage() + "). Free space there; what the store holds reaches the index by itself once there is"
            + " room", e);
      }
      throw e;
    }
  }

  /**
   * Before a write, under {@link #writeLock}: when a failed write closed the index's writer, opens
   * the index again from its last commit and catches it up from the store's change log ({@link
   * IndexSync}), as a restart would; readers keep the old index until the new one is open. Throws
   * (the write then fails) while that is not possible yet.
   */
  private void reopenIndexIfBroken() {
    if (indexFailure == null || index.readOnly() || index.writable()) {
      return;
    }
    CorpusIndex broken = index;
    try {
      index = IndexSync.open(store, settings, null, IndexSync.Progress.NONE).index();
    } catch (RuntimeException e) {
      indexFailure = rootMessage(e);
      if (isNoSpace(e)) {
        throw new StorageFullException("the search index in " + broken.dir() + " cannot be opened again yet: the disk"
            + " is full (" + e.getMessage() + "). Free space there; writes work again by themselves once there is room", e);
      }
      throw e;
    }
    broken.close();
    committedSeq = -1;
    indexFailure = null;
    LOG.info("search index in {} opened again after a failed write, and caught up with the store", index.dir());
  }

  /**
   * What {@link #writeFailure} says of {@code e}: the full disk among its causes, if one is, else
   * its own message; the operator needs the cause, not "this IndexWriter is closed".
   */
  private static String rootMessage(Throwable e) {
    return StorageFullException.fullDiskCause(e).map(Throwable::getMessage).orElse(String.valueOf(e.getMessage()));
  }

  private static boolean isNoSpace(Throwable e) {
    return StorageFullException.fullDiskCause(e).isPresent();
  }

  /** The key of the first of {@code stored} with the same title and abstract as {@code paper} and a stored vector. */
  private Optional<String> sameTextWithVector(List<Paper> stored, Paper paper) {
    return stored.stream().filter(p -> p.sameText(paper) && hasVector(p)).map(Paper::id).findFirst();
  }

  private boolean hasVector(Paper stored) {
    return store.vector(stored.id()).isPresent();
  }

  /** The embeddings of {@code papers}, in order, running on {@code pool} (computed here without one). */
  private List<Future<float[]>> submit(List<Paper> papers, ExecutorService pool) {
    List<Future<float[]>> futures = new ArrayList<>(papers.size());
    for (Paper paper : papers) {
      futures.add(pool == null ? CompletableFuture.completedFuture(embedOrNull(paper)) : pool.submit(() -> embedOrNull(paper)));
    }
    return futures;
  }

  /** Vectors in the order of {@code futures}; null where embedding failed. */
  private static List<float[]> await(List<Future<float[]>> futures) {
    List<float[]> vectors = new ArrayList<>(futures.size());
    for (Future<float[]> future : futures) {
      try {
        vectors.add(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(f -> f.cancel(true));
        throw new IllegalStateException("ingest interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("embedding task failed", e.getCause());
      }
    }
    return vectors;
  }

  private float[] embedOrNull(Paper paper) {
    try {
      return embedder.embedDocument(paper.title(), paper.abstractText());
    } catch (RuntimeException e) {
      LOG.warn("paper {}: embedding failed, skipped: {}", paper.id(), e.toString());
      return null;
    }
  }
}
