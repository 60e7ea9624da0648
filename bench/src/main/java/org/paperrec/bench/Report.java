package org.paperrec.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers of a benchmark run, one row per metric and one column per round, with the median
 * over rounds; printed as a Markdown table. Not thread-safe.
 */
final class Report {

  private record Metric(String unit, String format, List<Double> values) {}

  private final Map<String, Metric> metrics = new LinkedHashMap<>();
  private final Map<String, String> notes = new LinkedHashMap<>();

  /** Adds this round's value of {@code name}; {@code format} is a {@link String#format} pattern for one double. */
  void add(String name, String unit, String format, double value) {
    metrics.computeIfAbsent(name, n -> new Metric(unit, format, new ArrayList<>())).values().add(value);
  }

  /** A text value (same in every round, or the last one wins). */
  void note(String name, String value) {
    notes.put(name, value);
  }

  /** Median over rounds; NaN when the metric was never measured. */
  double median(String name) {
    Metric m = metrics.get(name);
    if (m == null || m.values().isEmpty()) {
      return Double.NaN;
    }
    double[] v = m.values().stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  String markdown() {
    int rounds = metrics.values().stream().mapToInt(m -> m.values().size()).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    if (!notes.isEmpty()) {
      sb.append("| | |\n|---|---|\n");
      notes.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
      sb.append('\n');
    }
    sb.append("| metric | unit | median |");
    for (int r = 1; r <= rounds && rounds > 1; r++) {
      sb.append(" round ").append(r).append(" |");
    }
    sb.append("\n|---|---|---:|");
    for (int r = 1; r <= rounds && rounds > 1; r++) {
      sb.append("---:|");
    }
    sb.append('\n');
    metrics.forEach((name, m) -> {
      sb.append("| ").append(name).append(" | ").append(m.unit()).append(" | **")
          .append(format(m.format(), median(name))).append("** |");
      if (rounds > 1) {
        for (int r = 0; r < rounds; r++) {
          sb.append(' ').append(r < m.values().size() ? format(m.format(), m.values().get(r)) : "").append(" |");
        }
      }
      sb.append('\n');
    });
    return sb.toString();
  }

  static String format(String format, double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }
}
