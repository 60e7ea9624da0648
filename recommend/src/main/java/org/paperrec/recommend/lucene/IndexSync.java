package org.paperrec.recommend.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import org.paperrec.store.PaperStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a {@link CorpusIndex} in step with its store when it is opened. The index's last commit
 * says which store change it reflects ({@link CorpusIndex.Commit#storeSeq()}); the store's change
 * log ({@link PaperStore#forEachChangeSince}) lists the papers written or deleted since, and each
 * is re-read from the store and re-indexed (or removed). When there is no index, it cannot be read,
 * it has another layout, model or dimension, or the store no longer has the changes it is behind
 * by, the index is rebuilt from one snapshot scan of the store ({@link PaperStore#forEachAt}), then
 * caught up from that snapshot's change on. Either way it ends with a commit, after which the store
 * may forget the changes it has applied.
 */
public final class IndexSync {

  /** The index folder inside a data folder. */
  public static final String INDEX_FOLDER = "search-index";

  /** Documents between two progress reports during a rebuild. */
  private static final int PROGRESS_EVERY = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(IndexSync.class);

  /** What {@link #open} had to do. */
  public enum Outcome {
    /** The committed index reflected the store. */
    CURRENT,
    /** The committed index was behind and applied the store's changes since. */
    CAUGHT_UP,
    /** There was no usable index: it was built from the store. */
    REBUILT
  }

  /** Told about a rebuild: the papers to index, how many are done so far, the end. Called on one thread. */
  public interface Progress {
    Progress NONE = new Progress() {
      @Override
      public void start(long total) {}

      @Override
      public void indexed(long done) {}

      @Override
      public void finish() {}
    };

    void start(long total);

    void indexed(long done);

    void finish();
  }

  private IndexSync() {}

  /** An index and how it came to reflect the store. */
  public record Opened(CorpusIndex index, Outcome outcome) {}

  /**
   * Opens the index of {@code store} (in {@link #INDEX_FOLDER} of its folder), rebuilding or
   * catching it up as needed, and commits it.
   *
   * @param indexPool indexes documents in parallel during a rebuild or catch-up (Lucene builds one
   *     segment, with its own HNSW graph, per indexing thread); null to index on this thread
   */
  public static Opened open(PaperStore store, CorpusIndex.Settings settings, ExecutorService indexPool, Progress progress) {
    // Merges stay on Lucene's merge thread: indexing tasks on the pool can stall waiting for merges,
    // so merges must not need the pool's threads.
    ExecutorService mergeExecutor = null;
    Path dir = store.dir().resolve(INDEX_FOLDER);
    Optional<String> why = reasonToRebuild(dir, store);
    if (why.isEmpty()) {
      long from = CorpusIndex.lastCommit(dir).orElseThrow().storeSeq();
      CorpusIndex index = CorpusIndex.open(dir, store.dimension(), settings, false, mergeExecutor);
      try {
        long applied = catchUp(index, store, from, indexPool);
        if (applied == 0) {
          return new Opened(index, Outcome.CURRENT);
        }
        index.commit(store.lastChange(), store.model());
        LOG.info("search index caught up with {} store changes", applied);
        return new Opened(index, Outcome.CAUGHT_UP);
      } catch (IllegalStateException e) {
        // The store forgot changes this index never saw (an older copy of the index folder).
        index.close();
        why = Optional.of(e.getMessage());
      } catch (RuntimeException e) {
        index.close();
        throw e;
      }
    }
    LOG.info("building the search index in {}: {}", dir, why.get());
    deleteFolder(dir);
    CorpusIndex index = CorpusIndex.open(dir, store.dimension(), settings, true, mergeExecutor);
    try {
      rebuild(index, store, progress, indexPool);
      return new Opened(index, Outcome.REBUILT);
    } catch (RuntimeException e) {
      index.close();
      throw e;
    }
  }

  /** Why the index in {@code dir} cannot be used as it is, or empty when it can. */
  static Optional<String> reasonToRebuild(Path dir, PaperStore store) {
    Optional<CorpusIndex.Commit> commit;
    try {
      commit = CorpusIndex.lastCommit(dir);
    } catch (UncheckedIOException e) {
      return Optional.of(e.getMessage());
    }
    if (commit.isEmpty()) {
      return Optional.of("there is none yet");
    }
    CorpusIndex.Commit c = commit.get();
    if (c.layout() != CorpusIndex.LAYOUT_VERSION) {
      return Optional.of("it has layout version " + c.layout() + ", this build writes " + CorpusIndex.LAYOUT_VERSION);
    }
    if (!c.model().equals(store.model()) || c.dimension() != store.dimension()) {
      return Optional.of("it was built for model '" + c.model() + "', the store has '" + store.model() + "'");
    }
    if (c.storeSeq() > store.lastChange()) {
      return Optional.of("it is ahead of the store (change " + c.storeSeq() + " > " + store.lastChange() + ")");
    }
    return Optional.empty();
  }

  private static void rebuild(CorpusIndex index, PaperStore store, Progress progress, ExecutorService indexPool) {
    progress.start(store.count());
    long[] done = {0};
    long snapshotSeq;
    try (Parallel parallel = new Parallel(indexPool)) {
      snapshotSeq = store.forEachAt((paper, vector) -> {
        parallel.run(() -> index.put(paper, vector));
        if (++done[0] % PROGRESS_EVERY == 0) {
          progress.indexed(done[0]);
        }
      });
    }
    progress.indexed(done[0]);
    progress.finish();
    catchUp(index, store, snapshotSeq, indexPool);
    // Every segment is one more HNSW search per query: one segment served similar papers at
    // 1.4-1.9x the QPS of the four a 100k build leaves (BENCHMARKS.md). The merge re-inserts the
    // smaller segments' vectors into the largest one's graph.
    LOG.info("merging the search index into one segment");
    index.forceMerge(1);
    index.commit(store.lastChange(), store.model());
    index.refresh();
    LOG.info("search index built: {} papers", done[0]);
  }

  /**
   * Re-indexes every paper changed after {@code fromSeq} as the store has it now (so the order in
   * which the pool applies them does not matter); returns how many changes it applied.
   */
  static long catchUp(CorpusIndex index, PaperStore store, long fromSeq, ExecutorService indexPool) {
    long[] applied = {0};
    try (Parallel parallel = new Parallel(indexPool)) {
      store.forEachChangeSince(fromSeq, (id, seq) -> {
        parallel.run(() -> {
          Optional<float[]> vector = store.vector(id);
          Optional<org.paperrec.store.Paper> paper = store.paper(id);
          if (paper.isPresent() && vector.isPresent()) {
            index.put(paper.get(), vector.get());
          } else {
            index.delete(id);
          }
        });
        applied[0]++;
      });
    }
    index.refresh();
    return applied[0];
  }

  /**
   * Runs tasks on a pool with a bounded number in flight (so a scan cannot queue the whole corpus),
   * or on the calling thread without a pool; {@link #close} waits for them all and rethrows the
   * first failure.
   */
  private static final class Parallel implements AutoCloseable {
    private static final int IN_FLIGHT_PER_THREAD = 64;

    private final ExecutorService pool;
    private final java.util.concurrent.Semaphore slots;
    private final int permits;
    private final java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
        new java.util.concurrent.atomic.AtomicReference<>();

    Parallel(ExecutorService pool) {
      this.pool = pool;
      this.permits = IN_FLIGHT_PER_THREAD * Runtime.getRuntime().availableProcessors();
      this.slots = new java.util.concurrent.Semaphore(permits);
    }

    void run(Runnable task) {
      rethrow();
      if (pool == null) {
        task.run();
        return;
      }
      slots.acquireUninterruptibly();
      try {
        pool.execute(() -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
          } finally {
            slots.release();
          }
        });
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
    }

    private void rethrow() {
      RuntimeException e = failure.get();
      if (e != null) {
        throw e;
      }
    }

    @Override
    public void close() {
      slots.acquireUninterruptibly(permits);
      slots.release(permits);
      rethrow();
    }
  }

  private static void deleteFolder(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the old search index in " + dir + ": " + e.getMessage(), e);
    }
  }

}
