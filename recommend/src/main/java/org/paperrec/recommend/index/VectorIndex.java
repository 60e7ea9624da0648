package org.paperrec.recommend.index;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Nearest-neighbour search over unit vectors by cosine similarity (the dot product of unit
 * vectors), in [-1, 1], higher is closer. Two implementations pass one contract test: {@link
 * ExactVectorIndex} (every query scores every vector: the reference answer) and the persisted graph
 * index of {@code org.paperrec.recommend.lucene.CorpusIndex} (HNSW, approximate above a documented
 * size, exact below it).
 *
 * <p>Vectors are unit length: the caller's contract, checked for dimension and finiteness. A {@link
 * #put} or {@link #remove} is visible to every call that starts after it returned.
 */
public interface VectorIndex {

  /** One search hit: a stored ID and its score (higher is closer). */
  record Hit(String id, float score) {}

  /** Number of components of every vector. */
  int dimension();

  /** Number of stored vectors. */
  int size();

  boolean contains(String id);

  /** A copy of the stored vector of {@code id}, if present. */
  Optional<float[]> vector(String id);

  /** Inserts {@code id}, or replaces its vector when it is already present. The vector is copied. */
  void put(String id, float[] unitVector);

  /** Removes {@code id}; returns false when it was not present. */
  boolean remove(String id);

  /**
   * The {@code k} stored vectors closest to {@code unitQuery}, best first, never one of {@code
   * excludeIds}. Scores are exact cosines; which vectors are found may be approximate (see the
   * implementation).
   *
   * @param k maximum number of hits, positive
   */
  List<Hit> nearest(float[] unitQuery, int k, Set<String> excludeIds);
}
