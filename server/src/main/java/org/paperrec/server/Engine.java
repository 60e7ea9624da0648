package org.paperrec.server;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperrec.embed.ModelBuild;
import org.paperrec.embed.OnnxEmbedder;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.Recommender;
import org.paperrec.recommend.lucene.CorpusIndex;
import org.paperrec.recommend.lucene.IndexSync;
import org.paperrec.recommend.profile.ProfileLimits;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.store.PaperStore;

/**
 * The application assembly: opens the embedding model, the store and the library (with its search
 * index) in that order,
 * wires them (and the stored users' {@link Profiles}, on the system UTC clock) through
 * constructors, and closes them in reverse order. Every command and the
 * server use one Engine; nothing else creates these parts.
 *
 * <p>Thread-safe once open. {@link #close()} is idempotent.
 */
public final class Engine implements AutoCloseable {

  private final OnnxEmbedder embedder;
  private final PaperStore store;
  private final Library library;
  private final Recommender recommender;
  private final Profiles profiles;
  private final ExecutorService embedPool;
  private final Path dataDir;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Engine(OnnxEmbedder embedder, PaperStore store, Library library, ExecutorService embedPool, Path dataDir,
      ProfileLimits profileLimits) {
    this.embedder = embedder;
    this.store = store;
    this.embedPool = embedPool;
    this.dataDir = dataDir;
    this.library = library;
    // One clock for everything that asks "now": like ages, recency, seen expiry.
    Clock clock = Clock.systemUTC();
    this.recommender = new Recommender(library, clock);
    this.profiles = new Profiles(store.users(), library, clock, profileLimits);
  }

  /** {@link #open(Path, ModelBuild, int, IndexSync.Progress)} without progress reports. */
  public static Engine open(Path dataDir, ModelBuild build, int threads) {
    return open(dataDir, build, threads, IndexSync.Progress.NONE);
  }

  /**
   * Loads model {@code build} with {@code threads} predictors, opens (or creates) the store in
   * {@code dataDir} and its search index (memory-mapped; built, or caught up with the store, when
   * needed).
   *
   * @param threads embedding threads for ingest, and predictors in the model's pool, at least 1
   * @param progress told how a rebuild of the search index goes
   * @throws org.paperrec.store.StoreMismatchException when the store was made with another model
   */
  public static Engine open(Path dataDir, ModelBuild build, int threads, IndexSync.Progress progress) {
    return open(dataDir, build, threads, progress, ProfileLimits.DEFAULTS);
  }

  /**
   * {@link #open(Path, ModelBuild, int, IndexSync.Progress)} with the stored users' limits.
   *
   * @param profileLimits what one stored user may keep (likes, dislikes, seen papers)
   */
  public static Engine open(
      Path dataDir, ModelBuild build, int threads, IndexSync.Progress progress, ProfileLimits profileLimits) {
    OnnxEmbedder embedder = OnnxEmbedder.load(OnnxEmbedder.Config.of(build, threads));
    PaperStore store = null;
    Library library = null;
    ExecutorService pool = Executors.newFixedThreadPool(threads, named("paperrec-embed"));
    try {
      store = PaperStore.open(dataDir, embedder.fingerprint().toString(), embedder.dimension());
      // Idle until the first ingest: the same threads build the search index when it is missing.
      library = Library.open(store, embedder, CorpusIndex.Settings.DEFAULTS, pool, progress);
      return new Engine(embedder, store, library, pool, dataDir, profileLimits);
    } catch (RuntimeException e) {
      pool.shutdownNow();
      if (library != null) {
        library.close();
      }
      if (store != null) {
        store.close();
      }
      embedder.close();
      throw e;
    }
  }

  public Library library() {
    return library;
  }

  public Recommender recommender() {
    return recommender;
  }

  /** Stored users: tokens, likes, dislikes, seen papers. */
  public Profiles profiles() {
    return profiles;
  }

  public OnnxEmbedder embedder() {
    return embedder;
  }

  public PaperStore store() {
    return store;
  }

  /** The executor that ingest embeds on: one named thread per predictor. */
  public ExecutorService embedPool() {
    return embedPool;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    embedPool.shutdownNow();
    try {
      embedPool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      library.close();
    } finally {
      try {
        store.close();
      } finally {
        embedder.close();
      }
    }
  }

  /**
   * Opens the data folder for reading only, without the model: the store in RocksDB's read-only
   * mode and the search index as of its last commit ({@link Library#openReadOnly}), wired to a
   * recommender and the stored users on the system UTC clock. It takes no lock and writes no file,
   * so it works while a server holds the folder and on a folder that is not writable. The model
   * is not loaded (seconds and 100+ MB); nothing reachable from the result embeds text.
   *
   * @throws org.paperrec.store.StoreMismatchException when {@code dataDir} holds no paperrec store
   * @throws IllegalStateException when the folder has no usable search index yet; the message says
   *     what to run
   */
  public static ReadOnly openReadOnly(Path dataDir) {
    PaperStore store;
    try {
      store = PaperStore.openReadOnly(dataDir);
    } catch (UncheckedIOException e) {
      // A server that deletes a file (flush, compaction) while this opens fails the open; the
      // store's javadoc says opening again succeeds.
      store = PaperStore.openReadOnly(dataDir);
    }
    try {
      return new ReadOnly(store, Library.openReadOnly(store, null, CorpusIndex.Settings.DEFAULTS), dataDir);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * The parts of a data folder opened by {@link #openReadOnly}: no model and no embedding threads,
   * so commands that only read cannot reach them. Writes throw {@link IllegalStateException}.
   * Thread-safe; {@link #close()} is idempotent.
   */
  public static final class ReadOnly implements AutoCloseable {

    private final PaperStore store;
    private final Library library;
    private final Recommender recommender;
    private final Profiles profiles;
    private final Path dataDir;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReadOnly(PaperStore store, Library library, Path dataDir) {
      this.store = store;
      this.library = library;
      this.dataDir = dataDir;
      Clock clock = Clock.systemUTC();
      this.recommender = new Recommender(library, clock);
      this.profiles = new Profiles(store.users(), library, clock);
    }

    public Library library() {
      return library;
    }

    public Recommender recommender() {
      return recommender;
    }

    /** Stored users, for reading: listing, profiles, tokens. */
    public Profiles profiles() {
      return profiles;
    }

    public PaperStore store() {
      return store;
    }

    public Path dataDir() {
      return dataDir;
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        library.close();
      } finally {
        store.close();
      }
    }
  }

  /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ...: the one thread factory of the application. */
  public static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
