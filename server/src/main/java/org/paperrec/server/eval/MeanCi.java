package org.paperrec.server.eval;

/**
 * A mean over users or query papers with the half-width of its normal-approximation 95% confidence
 * interval ({@code 1.96 * sample standard deviation / sqrt(n)}): two systems whose intervals overlap
 * widely are not told apart by this sample.
 *
 * @param mean the mean
 * @param halfWidth95 half-width of the 95% interval; 0 when {@code n < 2}
 * @param n number of values
 */
public record MeanCi(double mean, double halfWidth95, int n) {

  /** Summarises {@code values}; NaN values are not allowed. */
  public static MeanCi of(double[] values) {
    int n = values.length;
    if (n == 0) {
      return new MeanCi(Double.NaN, Double.NaN, 0);
    }
    double sum = 0;
    for (double v : values) {
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException("values must not contain NaN");
      }
      sum += v;
    }
    double mean = sum / n;
    if (n < 2) {
      return new MeanCi(mean, 0, n);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    return new MeanCi(mean, 1.96 * sd / Math.sqrt(n), n);
  }
}
