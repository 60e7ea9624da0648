package org.paperrec.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.paperrec.recommend.index.ExactVectorIndex;
import org.paperrec.recommend.index.VectorMath;
import org.paperrec.recommend.index.VectorScorer;

/**
 * JMH: exact top-10 query time of {@link ExactVectorIndex} over N unit vectors of dimension 384,
 * and how close it gets to memory bandwidth. Three benchmarks in one run so that they compare as
 * ratios on a noisy machine: the index's search, a plain one-accumulator dot product over the same
 * vectors (the naive baseline for the index's 8-accumulator dot product), and a streaming read of as
 * many bytes (an integer sum, which C2 vectorises: the memory-bound floor of one scan).
 *
 * <pre>
 * mvn -q -Pbench -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar ExactIndex [-p n=1000000] [-f 1 -wi 3 -i 5]
 * </pre>
 *
 * <p>Scores are milliseconds per query (one full scan). Effective bandwidth is the scanned size
 * {@code n * 384 * 4} bytes (153.6 MB at the default n = 100,000) divided by the score: 153.6 MB
 * / 13.9 ms = 11.1 GB/s. Vectors and queries are Gaussian, normalised, seed 42; each invocation
 * takes the next of 200 queries, so no query's answer is cached.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExactIndexBenchmark {

  private static final int DIM = 384;
  private static final int QUERIES = 200;

  /** Number of stored vectors. */
  @Param("100000")
  public int n;

  private ExactVectorIndex index;
  private float[] flat;
  private int[] bits;
  private float[][] queries;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    index = new ExactVectorIndex(DIM);
    flat = new float[n * DIM];
    for (int i = 0; i < n; i++) {
      float[] v = unit(random);
      index.put(Integer.toString(i), v);
      System.arraycopy(v, 0, flat, i * DIM, DIM);
    }
    bits = new int[flat.length];
    for (int i = 0; i < flat.length; i++) {
      bits[i] = Float.floatToRawIntBits(flat[i]);
    }
    queries = new float[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      queries[q] = unit(random);
    }
  }

  private float[] nextQuery() {
    next = (next + 1) % QUERIES;
    return queries[next];
  }

  /** {@link ExactVectorIndex#search}, top-10, no filter: the production kernel. */
  @Benchmark
  public float indexTop10() {
    return index.search(VectorScorer.cosine(nextQuery()), 10, id -> true).get(0).score();
  }

  /** The naive scan: one accumulator, no top-k, the baseline the index's dot product is measured against. */
  @Benchmark
  public float plainOneAccumulatorScan() {
    float[] q = nextQuery();
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
  @Benchmark
  public int streamingReadOfSameBytes() {
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
}
