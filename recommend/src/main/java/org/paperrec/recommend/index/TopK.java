package org.paperrec.recommend.index;

import java.util.Arrays;

/**
 * Keeps the {@code k} highest-scoring ordinals seen so far in a bounded min-heap of primitive
 * arrays, so a search allocates O(k), never O(corpus). Ties are broken by the lower ordinal, which
 * makes results deterministic. Not thread-safe: one per search.
 */
final class TopK {

  private final int k;
  private final float[] scores;
  private final int[] ordinals;
  private int size;

  TopK(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive; k=" + k);
    }
    this.k = k;
    this.scores = new float[k];
    this.ordinals = new int[k];
  }

  /** True when a candidate with this score could enter the heap (cheap pre-check before filtering). */
  boolean accepts(float score) {
    return size < k || score > scores[0];
  }

  void offer(int ordinal, float score) {
    if (size < k) {
      scores[size] = score;
      ordinals[size] = ordinal;
      siftUp(size++);
    } else if (lessThan(scores[0], ordinals[0], score, ordinal)) {
      scores[0] = score;
      ordinals[0] = ordinal;
      siftDown(0);
    }
  }

  int size() {
    return size;
  }

  /** Ordinals best first; the heap is consumed. Scores are written to {@code scoresOut}. */
  int[] drainBestFirst(float[] scoresOut) {
    int n = size;
    int[] best = new int[n];
    for (int i = n - 1; i >= 0; i--) {
      best[i] = ordinals[0];
      scoresOut[i] = scores[0];
      size--;
      scores[0] = scores[size];
      ordinals[0] = ordinals[size];
      siftDown(0);
    }
    return best;
  }

  /** Heap order: a is "smaller" (worse) when its score is lower, or equal with a higher ordinal. */
  private static boolean lessThan(float sa, int oa, float sb, int ob) {
    return sa < sb || (sa == sb && oa > ob);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!lessThan(scores[i], ordinals[i], scores[parent], ordinals[parent])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int smallest = left;
      int right = left + 1;
      if (right < size && lessThan(scores[right], ordinals[right], scores[left], ordinals[left])) {
        smallest = right;
      }
      if (!lessThan(scores[smallest], ordinals[smallest], scores[i], ordinals[i])) {
        return;
      }
      swap(i, smallest);
      i = smallest;
    }
  }

  private void swap(int i, int j) {
    float s = scores[i];
    scores[i] = scores[j];
    scores[j] = s;
    int o = ordinals[i];
    ordinals[i] = ordinals[j];
    ordinals[j] = o;
  }

  @Override
  public String toString() {
    return "TopK[k=" + k + ", size=" + size + ", scores=" + Arrays.toString(Arrays.copyOf(scores, size)) + "]";
  }
}
