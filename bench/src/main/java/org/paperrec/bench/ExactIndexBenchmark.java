package org.paperrec.bench;

import java.util.Arrays;
import java.util.Random;
import org.paperrec.recommend.index.ExactVectorIndex;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.recommend.index.VectorScorer;

/**
 * Exact top-10 query time of {@link ExactVectorIndex} over N unit vectors of dimension 384, and
 * how close it gets to memory bandwidth: the same run times a plain one-accumulator dot product
 * and a pure streaming read of as many bytes, so the numbers compare as ratios on a noisy
 * machine. Medians over many queries.
 *
 * <pre>
 * mvn -q -Pbench -DskipTests install
 * mvn -q -Pbench -pl bench exec:exec@index [-Dbench.args="N QUERIES"]
 * </pre>
 *
 * Defaults: N = 100,000 vectors, 200 queries, seed 42.
 */
public final class ExactIndexBenchmark {

  private static final int DIM = 384;

  private ExactIndexBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Random random = new Random(42);
    ExactVectorIndex index = new ExactVectorIndex(DIM);
    float[] flat = new float[n * DIM];
    for (int i = 0; i < n; i++) {
      float[] v = unit(random);
      index.put(Integer.toString(i), v);
      System.arraycopy(v, 0, flat, i * DIM, DIM);
    }
    int[] bits = new int[flat.length];
    for (int i = 0; i < flat.length; i++) {
      bits[i] = Float.floatToRawIntBits(flat[i]);
    }
    float[][] qs = new float[queries][];
    for (int q = 0; q < queries; q++) {
      qs[q] = unit(random);
    }
    double mb = n * (double) DIM * 4 / 1e6;
    System.out.printf("%d vectors x %d dims (%.0f MB), %d queries, top-10, 1 thread%n", n, DIM, mb, queries);

    for (int round = 0; round < 3; round++) { // round 0 warms up the JIT
      double[] index8 = new double[queries];
      double[] plain = new double[queries];
      double[] stream = new double[queries];
      float sink = 0;
      for (int q = 0; q < queries; q++) {
        long t0 = System.nanoTime();
        sink += index.search(VectorScorer.cosine(qs[q]), 10, id -> true).get(0).score();
        long t1 = System.nanoTime();
        sink += plainScan(flat, qs[q], n);
        long t2 = System.nanoTime();
        sink += streamingSum(bits) & 1;
        long t3 = System.nanoTime();
        index8[q] = (t1 - t0) / 1e6;
        plain[q] = (t2 - t1) / 1e6;
        stream[q] = (t3 - t2) / 1e6;
      }
      if (round > 0) {
        double ms = median(index8);
        System.out.printf(
            "round %d: index top-10 %.2f ms/query (%.1f GB/s) | plain 1-accumulator dot, no heap %.2f ms | "
                + "streaming read of as many bytes %.2f ms (%.1f GB/s) | index/stream %.2f  [%s]%n",
            round, ms, mb / ms, median(plain), median(stream), mb / median(stream), ms / median(stream), sink > 0 ? "+" : "-");
      }
    }
  }

  /** The naive scan: one accumulator, no top-k, the baseline the index's dot product is measured against. */
  private static float plainScan(float[] flat, float[] q, int n) {
    float best = -2;
    for (int i = 0; i < n; i++) {
      float s = 0;
      int off = i * DIM;
      for (int j = 0; j < DIM; j++) {
        s += flat[off + j] * q[j];
      }
      best = Math.max(best, s);
    }
    return best;
  }

  /**
   * Reads the same number of bytes as a scan with an integer sum, which C2 vectorises (a float sum
   * it may not reorder): the memory-bound floor a scan of these vectors can approach.
   */
  private static int streamingSum(int[] bits) {
    int s = 0;
    for (int b : bits) {
      s += b;
    }
    return s;
  }

  private static float[] unit(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return VectorMath.normalizeInPlace(v);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
