package org.paperrec.bench;

import java.util.Arrays;

/**
 * Latencies of a batch of requests and their throughput.
 *
 * @param count requests that completed
 * @param errors requests that failed or answered other than expected
 * @param p50Ms median latency, milliseconds
 * @param p99Ms 99th percentile latency, milliseconds
 * @param qps completed requests per second of wall time
 */
record Latencies(long count, long errors, double p50Ms, double p99Ms, double qps) {

  /** From individual latencies in nanoseconds, measured over {@code wallSeconds}. */
  static Latencies of(long[] nanos, int n, long errors, double wallSeconds) {
    long[] sorted = Arrays.copyOf(nanos, n);
    Arrays.sort(sorted);
    return new Latencies(n, errors, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, n / wallSeconds);
  }

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
