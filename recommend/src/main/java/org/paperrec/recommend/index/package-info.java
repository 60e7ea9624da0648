/**
 * Indexes held in memory: nearest-neighbour search over unit vectors by dot product (cosine
 * similarity, higher is closer) in {@link org.paperrec.recommend.index.ExactVectorIndex}, and
 * lexical BM25 search over short texts in {@link org.paperrec.recommend.index.Bm25Index} with its
 * {@link org.paperrec.recommend.index.Tokenizer}.
 *
 * <p>Only algorithms and in-memory layout live here; the indexes are filled from the store by the
 * {@code Library} and know nothing of papers, persistence or HTTP. A future graph index belongs
 * beside {@link org.paperrec.recommend.index.ExactVectorIndex} and must pass the same contract test.
 */
package org.paperrec.recommend.index;
