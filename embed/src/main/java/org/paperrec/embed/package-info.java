/**
 * Text to unit vectors: the {@link org.paperrec.embed.Embedder} contract, its ONNX Runtime
 * implementation of {@code all-MiniLM-L6-v2} ({@link org.paperrec.embed.OnnxEmbedder}) with the
 * bundled model builds, tokenisation, pooling, and the {@link org.paperrec.embed.ModelFingerprint}
 * that says which model made a vector.
 *
 * <p>Nothing here knows about papers, storage or HTTP: callers pass plain strings and get plain
 * {@code float[]} vectors and records back, never DJL or ONNX Runtime types.
 */
package org.paperrec.embed;
