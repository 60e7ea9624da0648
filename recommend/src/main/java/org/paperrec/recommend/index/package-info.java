/**
 * Vector indexes: nearest-neighbour search over unit vectors held in memory, by dot product
 * (cosine similarity, higher is closer).
 *
 * <p>Only algorithms and in-memory layout live here; the index is filled from the store by the
 * {@code Library} and knows nothing of papers, persistence or HTTP. A future graph index belongs
 * beside {@link org.paperrec.recommend.index.ExactVectorIndex} and must pass the same contract test.
 */
package org.paperrec.recommend.index;
