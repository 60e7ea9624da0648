package org.paperrec.recommend;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.paperrec.embed.Embedder;
import org.paperrec.embed.ModelFingerprint;
import org.paperrec.recommend.index.VectorMath;

/**
 * Test double for unit tests of ranking logic: each lower-case word adds 1 to one of 64 hashed
 * dimensions, so texts sharing words are close. Deterministic and instant; counts its calls.
 */
final class BagOfWordsEmbedder implements Embedder {

  static final int DIMENSION = 64;
  final AtomicInteger calls = new AtomicInteger();

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public ModelFingerprint fingerprint() {
    return new ModelFingerprint("test/bag-of-words", "test", "0".repeat(64), DIMENSION);
  }

  @Override
  public float[] embed(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("text is blank");
    }
    calls.incrementAndGet();
    float[] v = new float[DIMENSION];
    for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
      if (!word.isEmpty() && !word.equals("sep")) {
        v[Math.floorMod(word.hashCode(), DIMENSION)] += 1;
      }
    }
    v[DIMENSION - 1] += 0.01f; // never the zero vector
    return VectorMath.normalizeInPlace(v);
  }

  @Override
  public void close() {}
}
