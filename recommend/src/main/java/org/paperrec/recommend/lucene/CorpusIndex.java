package org.paperrec.recommend.lucene;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexNotFoundException;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;
import org.paperrec.recommend.index.VectorIndex;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.store.Paper;

/**
 * The persisted search index of a corpus: one Lucene index that holds, per paper, what the
 * queries need — the BM25 text, the vector in an HNSW graph, the date and the categories for
 * filters — so that a server opens it (memory-mapped) instead of rebuilding anything in the heap.
 * The store stays the source of truth; this index is derived from it and can always be rebuilt.
 *
 * <h2>Index layout, version {@value #LAYOUT_VERSION}</h2>
 *
 * One document per paper, with these fields:
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>field</th><th>Lucene type</th><th>what</th></tr>
 *   <tr><td>{@code id}</td><td>{@link StringField}, stored</td><td>the normalised paper ID; updates
 *       replace the document with this term</td></tr>
 *   <tr><td>{@code text}</td><td>{@link TextField} with term vectors (freqs), not stored</td>
 *       <td>title, a newline, abstract, as {@link PaperAnalyzer} makes terms; BM25 with {@code k1 =
 *       1.2, b = 0.75}</td></tr>
 *   <tr><td>{@code vector}</td><td>{@link KnnFloatVectorField}, dot product</td><td>the unit vector
 *       in {@link Lucene99HnswScalarQuantizedVectorsFormat}: raw float32 beside int8 (7-bit)
 *       quantized copies and the HNSW graph over those</td></tr>
 *   <tr><td>{@code day}</td><td>{@link IntPoint} and {@link NumericDocValuesField}</td><td>the
 *       paper's date as days since 1970-01-01; absent without a date</td></tr>
 *   <tr><td>{@code category}</td><td>{@link StringField}, one per value</td><td>each category and
 *       each archive (the part before the dot: {@code cs} of {@code cs.LG})</td></tr>
 * </table>
 *
 * <p>Every commit carries user data: {@value #COMMIT_LAYOUT} (this layout's version), {@value
 * #COMMIT_MODEL} (the store's model fingerprint), {@value #COMMIT_DIMENSION} and {@value
 * #COMMIT_STORE_SEQ}, the store's change sequence that the committed documents reflect (see {@link
 * IndexSync}). A commit with another layout, model or dimension is not opened but rebuilt.
 *
 * <h2>Search</h2>
 *
 * {@link View#nearest} is exact below {@link Settings#exactBelow} documents (a scan of the raw
 * vectors, memory-mapped: no heap per paper), and above it an HNSW search over the quantized
 * vectors for {@code max(k * oversample, minCandidates)} candidates, rescored with the raw vectors,
 * so returned scores are always exact cosines. A filter goes into the graph search (Lucene's
 * filtered kNN, which falls back to an exact scan of the filtered documents when the filter is
 * selective), so a filter that keeps 1% of the corpus still yields {@code k} results when they
 * exist.
 *
 * <p>Thread-safe: writes go through one {@link IndexWriter}; a {@link View} is one point-in-time
 * searcher, to be closed after use. Writes become visible to views acquired after {@link #refresh}
 * (the {@link VectorIndex} methods refresh by themselves).
 */
public final class CorpusIndex implements VectorIndex, Closeable {

  /** The version of the layout above; a commit of another version is rebuilt. */
  public static final int LAYOUT_VERSION = 1;

  static final String F_ID = "id";
  static final String F_TEXT = "text";
  static final String F_VECTOR = "vector";
  static final String F_DAY = "day";
  static final String F_CATEGORY = "category";

  static final String COMMIT_LAYOUT = "paperrec.layout";
  static final String COMMIT_MODEL = "paperrec.model";
  static final String COMMIT_DIMENSION = "paperrec.dimension";
  static final String COMMIT_STORE_SEQ = "paperrec.store_seq";

  /** {@link View#day} of a paper without a date. */
  public static final int NO_DAY = Integer.MIN_VALUE;

  private static final FieldType TEXT_TYPE = textType();

  /**
   * How the index is built and searched.
   *
   * @param maxConn HNSW neighbours per node (Lucene's {@code M})
   * @param beamWidth HNSW candidates kept while inserting ({@code efConstruction})
   * @param exactBelow below this many documents {@link View#nearest} scans every vector
   * @param oversample graph candidates per requested hit, rescored exactly; at least 1
   * @param minCandidates the fewest graph candidates a search asks for
   * @param ramBufferMb the writer's buffer before it flushes a segment, in MiB
   */
  public record Settings(int maxConn, int beamWidth, int exactBelow, float oversample, int minCandidates, int ramBufferMb) {

    /** Lucene's HNSW defaults, exact search below 20k papers, at least 100 graph candidates (recall@10 0.93 with 50 on the 100k synthetic corpus; BENCHMARKS.md). */
    public static final Settings DEFAULTS = new Settings(16, 100, 20_000, 2f, 100, 128);

    public Settings {
      if (maxConn < 2 || maxConn > 512) {
        throw new IllegalArgumentException("maxConn must be in [2, 512]; maxConn=" + maxConn);
      }
      if (beamWidth < 1 || beamWidth > 3200) {
        throw new IllegalArgumentException("beamWidth must be in [1, 3200]; beamWidth=" + beamWidth);
      }
      if (exactBelow < 0) {
        throw new IllegalArgumentException("exactBelow must not be negative; exactBelow=" + exactBelow);
      }
      if (!(oversample >= 1f)) {
        throw new IllegalArgumentException("oversample must be at least 1; oversample=" + oversample);
      }
      if (minCandidates < 1) {
        throw new IllegalArgumentException("minCandidates must be positive; minCandidates=" + minCandidates);
      }
      if (ramBufferMb < 1) {
        throw new IllegalArgumentException("ramBufferMb must be positive; ramBufferMb=" + ramBufferMb);
      }
    }

    public Settings withExactBelow(int n) {
      return new Settings(maxConn, beamWidth, n, oversample, minCandidates, ramBufferMb);
    }
  }

  /** What the last commit of an index folder says. */
  public record Commit(int layout, String model, int dimension, long storeSeq) {}

  private final Path dir;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final int dimension;
  private final Settings settings;
  private final PaperAnalyzer analyzer = new PaperAnalyzer();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Set by the {@link VectorIndex} writes, which must be visible to the next read without a refresh each. */
  private final AtomicBoolean unrefreshed = new AtomicBoolean();

  private CorpusIndex(Path dir, Directory directory, IndexWriter writer, int dimension, Settings settings)
      throws IOException {
    this.dir = dir;
    this.directory = directory;
    this.writer = writer;
    this.dimension = dimension;
    this.settings = settings;
    this.searchers = writer != null
        ? new SearcherManager(writer, SEARCHERS)
        : new SearcherManager(DirectoryReader.open(directory), SEARCHERS);
  }

  private static final SearcherFactory SEARCHERS = new SearcherFactory() {
    @Override
    public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader, org.apache.lucene.index.IndexReader previous) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setSimilarity(new BM25Similarity());
      return searcher;
    }
  };

  /**
   * Opens the last commit of the index in {@code dir} for reading only, beside a process that may
   * be writing it (Lucene's commits are point-in-time): writes throw {@link IllegalStateException}.
   * It shows the index as of that commit; a running server commits after every ingest and at close.
   *
   * @throws UncheckedIOException when there is no readable index in {@code dir}
   */
  public static CorpusIndex openReadOnly(Path dir, int dimension, Settings settings) {
    Directory directory = null;
    try {
      directory = new MMapDirectory(dir);
      return new CorpusIndex(dir, directory, null, dimension, settings);
    } catch (IOException e) {
      closeQuietly(directory);
      throw new UncheckedIOException("cannot read the search index in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * True while writes can go through: false for a read-only index and after Lucene closed the
   * writer on a tragic error (a full disk during a flush or merge); such an index must be opened
   * again (its last commit stays on disk).
   */
  public boolean writable() {
    return writer != null && writer.isOpen() && writer.getTragicException() == null;
  }

  /** True when this index was opened by {@link #openReadOnly}. */
  public boolean readOnly() {
    return writer == null;
  }

  private IndexWriter writer() {
    if (writer == null) {
      throw new IllegalStateException("the search index in " + dir + " is open read-only");
    }
    return writer;
  }

  /**
   * Opens the index in {@code dir}, creating an empty one when there is none; {@code create} wipes
   * whatever is there first (a rebuild).
   *
   * @param mergeExecutor runs the HNSW graph merges on several threads; null for the merging thread
   * @throws UncheckedIOException when the folder cannot be read or holds a corrupt index
   */
  public static CorpusIndex open(Path dir, int dimension, Settings settings, boolean create, ExecutorService mergeExecutor) {
    if (dimension <= 0 || dimension > 4096) {
      throw new IllegalArgumentException("dimension must be in [1, 4096]; dimension=" + dimension);
    }
    Directory directory = null;
    try {
      Files.createDirectories(dir);
      directory = new MMapDirectory(dir);
      IndexWriterConfig config = new IndexWriterConfig(new PaperAnalyzer())
          .setOpenMode(create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
          .setCodec(codec(settings, mergeExecutor))
          .setSimilarity(new BM25Similarity())
          .setRAMBufferSizeMB(settings.ramBufferMb())
          .setCommitOnClose(false);
      ConcurrentMergeScheduler merges = new ConcurrentMergeScheduler() {
        @Override
        protected void handleMergeException(Throwable exc) {
          // Lucene closes the writer on a failed merge (a full disk): the next write reopens the
          // index (Library). One line here instead of an uncaught exception's stack trace.
          org.slf4j.LoggerFactory.getLogger(CorpusIndex.class).warn("search index merge in {} failed: {}", dir, exc.toString());
        }
      };
      // Two cores: one merge at a time keeps the other core for queries.
      merges.setMaxMergesAndThreads(2, 1);
      config.setMergeScheduler(merges);
      IndexWriter writer = new IndexWriter(directory, config);
      return new CorpusIndex(dir, directory, writer, dimension, settings);
    } catch (IOException e) {
      closeQuietly(directory);
      throw new UncheckedIOException("cannot open the search index in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The last commit's user data in {@code dir}, or empty when there is no index there.
   *
   * @throws UncheckedIOException when there is an index but it cannot be read (corrupt), or its
   *     commit lacks paperrec's data
   */
  public static Optional<Commit> lastCommit(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Directory directory = new MMapDirectory(dir)) {
      Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
      String layout = data.get(COMMIT_LAYOUT);
      if (layout == null) {
        throw new IOException("its last commit has no " + COMMIT_LAYOUT);
      }
      return Optional.of(new Commit(
          Integer.parseInt(layout),
          data.getOrDefault(COMMIT_MODEL, ""),
          Integer.parseInt(data.getOrDefault(COMMIT_DIMENSION, "0")),
          Long.parseLong(data.getOrDefault(COMMIT_STORE_SEQ, "0"))));
    } catch (IndexNotFoundException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(new IOException("the search index in " + dir + " cannot be read: " + e, e));
    }
  }

  public Path dir() {
    return dir;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  /** The analyzer of the text field, for queries. */
  public PaperAnalyzer analyzer() {
    return analyzer;
  }

  // ---- writes ----

  /**
   * Adds or replaces the document of {@code paper}; visible after {@link #refresh}.
   *
   * @param unitVector the paper's vector, {@link #dimension()} components
   */
  public void put(Paper paper, float[] unitVector) {
    VectorMath.checkVector(unitVector, dimension);
    Document doc = new Document();
    doc.add(new StringField(F_ID, paper.id(), Field.Store.YES));
    doc.add(new Field(F_TEXT, paper.title() + "\n" + paper.abstractText(), TEXT_TYPE));
    doc.add(new KnnFloatVectorField(F_VECTOR, unitVector, VectorSimilarityFunction.DOT_PRODUCT));
    if (paper.date() != null) {
      int day = epochDay(paper.date());
      doc.add(new IntPoint(F_DAY, day));
      doc.add(new NumericDocValuesField(F_DAY, day));
    }
    for (String value : categoryTerms(paper.categories())) {
      doc.add(new StringField(F_CATEGORY, value, Field.Store.NO));
    }
    update(paper.id(), doc);
  }

  /** Removes the document of {@code id} if there is one; visible after {@link #refresh}. */
  public void delete(String id) {
    try {
      writer().deleteDocuments(new Term(F_ID, id));
    } catch (IOException e) {
      throw new UncheckedIOException("search index write failed: " + e.getMessage(), e);
    }
  }

  /** Makes the writes so far visible to views acquired from now on. */
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("search index refresh failed: " + e.getMessage(), e);
    }
  }

  /**
   * Durably commits every write so far, recording that they reflect the store up to change {@code
   * storeSeq} of a store made with {@code model}.
   */
  public void commit(long storeSeq, String model) {
    Map<String, String> data = new HashMap<>();
    data.put(COMMIT_LAYOUT, Integer.toString(LAYOUT_VERSION));
    data.put(COMMIT_MODEL, model);
    data.put(COMMIT_DIMENSION, Integer.toString(dimension));
    data.put(COMMIT_STORE_SEQ, Long.toString(storeSeq));
    writer().setLiveCommitData(data.entrySet());
    try {
      writer().commit();
    } catch (IOException e) {
      throw new UncheckedIOException("search index commit failed: " + e.getMessage(), e);
    }
  }

  /**
   * Puts the files of the last commit into the new folder {@code target}: hard links where the
   * file system allows (Lucene never changes a file once written, so a link is a copy), copies
   * elsewhere. The caller keeps commits from happening meanwhile; the files of the last commit are
   * not deleted while it is the last, whatever merges run.
   *
   * @return the bytes the commit's files hold
   */
  public long copyLastCommitTo(Path target) {
    try {
      Files.createDirectories(target);
      long bytes = 0;
      for (String file : org.apache.lucene.index.SegmentInfos.readLatestCommit(directory).files(true)) {
        Path source = dir.resolve(file);
        try {
          Files.createLink(target.resolve(file), source);
        } catch (IOException | UnsupportedOperationException notLinkable) {
          Files.copy(source, target.resolve(file));
        }
        bytes += Files.size(source);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy the search index's last commit to " + target + ": "
          + e.getMessage(), e);
    }
  }

  /** Merges segments down to at most {@code maxSegments} (after a bulk build), waiting for it. */
  public void forceMerge(int maxSegments) {
    try {
      writer().forceMerge(maxSegments);
    } catch (IOException e) {
      throw new UncheckedIOException("search index merge failed: " + e.getMessage(), e);
    }
  }

  // ---- VectorIndex (a document that has only an ID and a vector) ----

  @Override
  public int size() {
    try (View view = acquire()) {
      return view.size();
    }
  }

  @Override
  public boolean contains(String id) {
    try (View view = acquire()) {
      return view.doc(id) >= 0;
    }
  }

  @Override
  public Optional<float[]> vector(String id) {
    try (View view = acquire()) {
      int doc = view.doc(id);
      return doc < 0 ? Optional.empty() : Optional.of(view.vector(doc));
    }
  }

  @Override
  public void put(String id, float[] unitVector) {
    VectorMath.checkVector(unitVector, dimension);
    Document doc = new Document();
    doc.add(new StringField(F_ID, id, Field.Store.YES));
    doc.add(new KnnFloatVectorField(F_VECTOR, unitVector, VectorSimilarityFunction.DOT_PRODUCT));
    update(id, doc);
    unrefreshed.set(true);
  }

  @Override
  public boolean remove(String id) {
    boolean present = contains(id);
    delete(id);
    unrefreshed.set(true);
    return present;
  }

  @Override
  public List<Hit> nearest(float[] unitQuery, int k, Set<String> excludeIds) {
    try (View view = acquire()) {
      List<Hit> hits = new ArrayList<>();
      for (View.Match match : view.nearest(unitQuery, k, excludeIds, null)) {
        hits.add(new Hit(view.id(match.doc()), match.score()));
      }
      return hits;
    }
  }

  // ---- reads ----

  /** A point-in-time view of the index as of the last {@link #refresh}; close it after use. */
  public View acquire() {
    if (unrefreshed.compareAndSet(true, false)) {
      refresh();
    }
    try {
      return new View(this, searchers);
    } catch (IOException e) {
      throw new UncheckedIOException("search index read failed: " + e.getMessage(), e);
    }
  }

  /**
   * A filter for {@link View#nearest} and {@link View#lexical}: every given condition must hold;
   * null when there is none. Dates are inclusive, a paper without a date fails any date bound; a
   * category without a dot matches its whole archive.
   */
  public static Query filter(LocalDate since, LocalDate until, Collection<String> categories, Collection<String> excludeIds) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    boolean any = false;
    if (since != null || until != null) {
      int lo = since == null ? Integer.MIN_VALUE + 1 : epochDay(since);
      int hi = until == null ? Integer.MAX_VALUE : epochDay(until);
      b.add(IntPoint.newRangeQuery(F_DAY, lo, hi), Occur.FILTER);
      any = true;
    }
    if (!categories.isEmpty()) {
      b.add(new TermInSetQuery(F_CATEGORY, bytes(categories)), Occur.FILTER);
      any = true;
    }
    if (!excludeIds.isEmpty()) {
      if (!any) {
        b.add(new MatchAllDocsQuery(), Occur.FILTER);
      }
      b.add(new TermInSetQuery(F_ID, bytes(excludeIds)), Occur.MUST_NOT);
      any = true;
    }
    return any ? b.build() : null;
  }

  static List<BytesRef> bytes(Collection<String> values) {
    List<BytesRef> terms = new ArrayList<>(values.size());
    for (String v : new LinkedHashSet<>(values)) {
      terms.add(new BytesRef(v));
    }
    return terms;
  }

  /** Days since 1970-01-01, clamped to the int range (paper dates are centuries from its ends). */
  static int epochDay(LocalDate date) {
    return (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, date.toEpochDay()));
  }

  /** The categories and their archives, each once. */
  static Set<String> categoryTerms(List<String> categories) {
    Set<String> terms = new LinkedHashSet<>();
    for (String category : categories) {
      terms.add(category);
      int dot = category.indexOf('.');
      if (dot > 0) {
        terms.add(category.substring(0, dot));
      }
    }
    return terms;
  }

  private void update(String id, Document doc) {
    try {
      writer().updateDocument(new Term(F_ID, id), doc);
    } catch (IOException e) {
      throw new UncheckedIOException("search index write failed: " + e.getMessage(), e);
    }
  }

  private static Codec codec(Settings settings, ExecutorService mergeExecutor) {
    int mergeWorkers = mergeExecutor == null ? 1 : Runtime.getRuntime().availableProcessors();
    KnnVectorsFormat vectors = new Lucene99HnswScalarQuantizedVectorsFormat(
        settings.maxConn(), settings.beamWidth(), mergeWorkers, 7, false, null, mergeExecutor);
    return new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return vectors;
      }
    };
  }

  private static FieldType textType() {
    FieldType type = new FieldType(TextField.TYPE_NOT_STORED);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    // Term vectors give the recommender a liked paper's terms without re-analysing its text.
    type.setStoreTermVectors(true);
    type.freeze();
    return type;
  }

  /** Closes searchers, writer (uncommitted writes are dropped: the store still has them) and folder. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      searchers.close();
    } catch (IOException ignored) {
      // Closing releases references only.
    }
    if (writer != null) {
      try {
        writer.rollback();
      } catch (IOException | RuntimeException ignored) {
        // Nothing left to keep: the last commit stays on disk (a writer closed by a tragic error
        // says so here too).
      }
    }
    closeQuietly(directory);
  }

  private static void closeQuietly(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // Best effort on a path that already failed or is closing.
      }
    }
  }
}
