package org.paperrec.recommend.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Exact nearest-neighbour search: every query scores every stored vector.
 *
 * <p>Vectors are unit length (the caller's contract; checked for dimension and finiteness), so the
 * default score, the dot product, is the cosine similarity in [-1, 1], higher is closer. They are
 * kept in contiguous {@code float[]} chunks of {@value #CHUNK_SIZE} vectors, so a scan streams
 * memory sequentially and the index can exceed the 2^31 element limit of one Java array. A scan
 * allocates O(k) (a bounded heap), never O(corpus). Deleted slots are reused by later inserts.
 *
 * <p>Each vector may carry one {@code int} attribute of the caller's choosing, kept in a primitive
 * array beside the vectors so that a {@link Rescorer} can use it in the scan loop without a map
 * lookup (the library stores the paper's date as an epoch day, for recency).
 *
 * <p>Thread-safe: searches run concurrently under a read lock; {@link #put} and {@link #remove}
 * take the write lock, so a writer waits for the scans in progress (a scan over 100k vectors takes
 * about 10 ms on this project's reference machine).
 */
public final class ExactVectorIndex implements VectorIndex {

  static final int CHUNK_BITS = 14;
  /** Vectors per storage chunk: 16,384, i.e. 24 MiB per chunk at dimension 384. */
  static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  private static final int CHUNK_MASK = CHUNK_SIZE - 1;
  private static final int INITIAL_CHUNK_VECTORS = 256;

  private final int dimension;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, Integer> ordinalById = new HashMap<>();
  private final List<float[]> chunks = new ArrayList<>();
  private String[] idByOrdinal = new String[1024];
  private int[] attributeByOrdinal = new int[1024];
  private int[] freeOrdinals = new int[16];
  private int freeCount;
  /** One past the highest ordinal ever used; slots below it are live or free. */
  private int ordinalLimit;

  /** An empty index for vectors of {@code dimension} components. */
  public ExactVectorIndex(int dimension) {
    if (dimension <= 0) {
      throw new IllegalArgumentException("dimension must be positive; dimension=" + dimension);
    }
    this.dimension = dimension;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public int size() {
    lock.readLock().lock();
    try {
      return ordinalById.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public boolean contains(String id) {
    lock.readLock().lock();
    try {
      return ordinalById.containsKey(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Optional<float[]> vector(String id) {
    lock.readLock().lock();
    try {
      Integer ordinal = ordinalById.get(id);
      if (ordinal == null) {
        return Optional.empty();
      }
      int offset = offset(ordinal);
      return Optional.of(Arrays.copyOfRange(chunk(ordinal), offset, offset + dimension));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Inserts {@code id}, or replaces its vector when it is already present, with attribute 0. The
   * vector is copied.
   */
  @Override
  public void put(String id, float[] unitVector) {
    put(id, unitVector, 0);
  }

  /**
   * Inserts {@code id}, or replaces its vector and attribute when it is already present. The vector
   * is copied.
   *
   * @param attribute any int the caller wants a {@link Rescorer} to see for this vector
   */
  public void put(String id, float[] unitVector, int attribute) {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    VectorMath.checkVector(unitVector, dimension);
    lock.writeLock().lock();
    try {
      Integer existing = ordinalById.get(id);
      int ordinal = existing != null ? existing : allocateOrdinal();
      System.arraycopy(unitVector, 0, chunk(ordinal), offset(ordinal), dimension);
      idByOrdinal[ordinal] = id;
      attributeByOrdinal[ordinal] = attribute;
      ordinalById.put(id, ordinal);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Sets the attribute of {@code id}, keeping its vector; false when {@code id} is not present. */
  public boolean setAttribute(String id, int attribute) {
    lock.writeLock().lock();
    try {
      Integer ordinal = ordinalById.get(id);
      if (ordinal == null) {
        return false;
      }
      attributeByOrdinal[ordinal] = attribute;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public boolean remove(String id) {
    lock.writeLock().lock();
    try {
      Integer ordinal = ordinalById.remove(id);
      if (ordinal == null) {
        return false;
      }
      idByOrdinal[ordinal] = null;
      if (freeCount == freeOrdinals.length) {
        freeOrdinals = Arrays.copyOf(freeOrdinals, freeCount * 2);
      }
      freeOrdinals[freeCount++] = ordinal;
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Exact: every vector is scored; ties go to the earlier inserted. */
  @Override
  public List<Hit> nearest(float[] unitQuery, int k, Set<String> excludeIds) {
    VectorMath.checkVector(unitQuery, dimension);
    return search(VectorScorer.cosine(unitQuery), k, id -> !excludeIds.contains(id));
  }

  /**
   * The {@code k} best-scoring stored vectors, best first (ties: earlier inserted first).
   *
   * @param scorer scores a stored vector, higher is closer
   * @param k maximum number of hits, positive
   * @param accept which IDs may be returned; asked only for vectors whose score would enter the top
   *     {@code k}, so it may be moderately expensive (a map lookup)
   */
  public List<Hit> search(VectorScorer scorer, int k, Predicate<String> accept) {
    return search(scorer, k, Rescorer.filtering(accept));
  }

  /**
   * The {@code k} stored vectors with the best final scores, best first (ties: earlier inserted
   * first), where {@code rescorer} turns each raw {@code scorer} score into the final one. The
   * returned hits carry final scores.
   *
   * @param rescorer asked for a final score only when its {@link Rescorer#upperBound} of the raw
   *     score would enter the top {@code k}, and for the ID only when that final score would
   */
  public List<Hit> search(VectorScorer scorer, int k, Rescorer rescorer) {
    TopK top = new TopK(k);
    lock.readLock().lock();
    try {
      for (int c = 0; c < chunks.size(); c++) {
        float[] data = chunks.get(c);
        int base = c << CHUNK_BITS;
        int end = Math.min(CHUNK_SIZE, ordinalLimit - base);
        for (int slot = 0; slot < end; slot++) {
          float raw = scorer.score(data, slot * dimension, dimension);
          if (top.accepts(rescorer.upperBound(raw))) {
            int ordinal = base + slot;
            float score = rescorer.rescore(raw, attributeByOrdinal[ordinal]);
            if (top.accepts(score)) {
              String id = idByOrdinal[ordinal];
              if (id != null && rescorer.accepts(id)) {
                top.offer(ordinal, score);
              }
            }
          }
        }
      }
      return hits(top);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Scores just the given IDs (for ranking a known candidate list), best first. IDs that are not
   * stored are left out; each stored ID appears once.
   */
  public List<Hit> score(Collection<String> ids, VectorScorer scorer) {
    List<Hit> hits = new ArrayList<>(ids.size());
    lock.readLock().lock();
    try {
      for (String id : new LinkedHashSet<>(ids)) {
        Integer ordinal = ordinalById.get(id);
        if (ordinal != null) {
          hits.add(new Hit(id, scorer.score(chunk(ordinal), offset(ordinal), dimension)));
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return hits;
  }

  private List<Hit> hits(TopK top) {
    float[] scores = new float[top.size()];
    int[] ordinals = top.drainBestFirst(scores);
    List<Hit> hits = new ArrayList<>(ordinals.length);
    for (int i = 0; i < ordinals.length; i++) {
      hits.add(new Hit(idByOrdinal[ordinals[i]], scores[i]));
    }
    return hits;
  }

  private int allocateOrdinal() {
    if (freeCount > 0) {
      return freeOrdinals[--freeCount];
    }
    int ordinal = ordinalLimit++;
    int c = ordinal >>> CHUNK_BITS;
    int slot = ordinal & CHUNK_MASK;
    if (c == chunks.size()) {
      chunks.add(new float[INITIAL_CHUNK_VECTORS * dimension]);
    } else if (chunks.get(c).length == slot * dimension) {
      // The last chunk grows by doubling up to CHUNK_SIZE, so a small corpus stays small.
      chunks.set(c, Arrays.copyOf(chunks.get(c), Math.min(CHUNK_SIZE, 2 * slot) * dimension));
    }
    if (ordinal == idByOrdinal.length) {
      idByOrdinal = Arrays.copyOf(idByOrdinal, idByOrdinal.length * 2);
      attributeByOrdinal = Arrays.copyOf(attributeByOrdinal, attributeByOrdinal.length * 2);
    }
    return ordinal;
  }

  private float[] chunk(int ordinal) {
    return chunks.get(ordinal >>> CHUNK_BITS);
  }

  private int offset(int ordinal) {
    return (ordinal & CHUNK_MASK) * dimension;
  }
}
