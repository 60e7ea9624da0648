package org.paperrec.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a check of a data folder found ({@link StoreCheck}, and the search index's check in the
 * recommend module): violations, which are broken invariants that nothing repairs by itself, and
 * warnings, which are states the folder may legitimately be in (a like of a paper that was
 * deleted, a search index that the next server start rebuilds). Each finding has a kind, a short
 * fixed name such as {@code paper-without-vector}; at most {@value #LISTED_PER_KIND} findings of
 * a kind are kept with their text, the rest only counted, so a badly broken folder gives a short
 * report. Also holds the figures a summary line shows ({@link #figure}).
 *
 * <p>Not thread-safe: one check fills one report.
 */
public final class CheckReport {

  /** Findings of one kind kept with their text; more are only counted. */
  public static final int LISTED_PER_KIND = 20;

  /** How bad a finding is. */
  public enum Severity {
    /** A broken invariant: {@code paperrec check} exits non-zero. */
    VIOLATION,
    /** A state the folder may be in legitimately, reported for information. */
    WARNING
  }

  /** One finding: its kind, and a line naming what is wrong and where. */
  public record Finding(Severity severity, String kind, String detail) {

    public Finding {
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return (severity == Severity.VIOLATION ? "violation " : "warning ") + kind + ": " + detail;
    }
  }

  private final List<Finding> listed = new ArrayList<>();
  private final Map<String, Long> violations = new LinkedHashMap<>();
  private final Map<String, Long> warnings = new LinkedHashMap<>();
  private final Map<String, Long> figures = new LinkedHashMap<>();

  /** Records a broken invariant. */
  public void violation(String kind, String detail) {
    add(Severity.VIOLATION, kind, detail, violations);
  }

  /** Records a state that is allowed but worth knowing. */
  public void warning(String kind, String detail) {
    add(Severity.WARNING, kind, detail, warnings);
  }

  /** Sets a figure of the summary: {@code papers}, {@code users}, {@code index documents}, ... */
  public void figure(String name, long value) {
    figures.put(name, value);
  }

  private void add(Severity severity, String kind, String detail, Map<String, Long> counts) {
    long n = counts.merge(kind, 1L, Long::sum);
    if (n <= LISTED_PER_KIND) {
      listed.add(new Finding(severity, kind, detail));
    }
  }

  /** The findings kept with their text, in the order they were found. */
  public List<Finding> findings() {
    return List.copyOf(listed);
  }

  /** Number of violations per kind, in the order kinds were first found. */
  public Map<String, Long> violations() {
    return Map.copyOf(violations);
  }

  /** Number of warnings per kind. */
  public Map<String, Long> warnings() {
    return Map.copyOf(warnings);
  }

  /** Number of violations of {@code kind}, 0 when there was none. */
  public long violations(String kind) {
    return violations.getOrDefault(kind, 0L);
  }

  /** Number of warnings of {@code kind}, 0 when there was none. */
  public long warnings(String kind) {
    return warnings.getOrDefault(kind, 0L);
  }

  public long violationCount() {
    return violations.values().stream().mapToLong(Long::longValue).sum();
  }

  public long warningCount() {
    return warnings.values().stream().mapToLong(Long::longValue).sum();
  }

  /** True when no invariant is broken (warnings allowed). */
  public boolean isClean() {
    return violations.isEmpty();
  }

  /** The figures set by {@link #figure}, in the order they were first set. */
  public Map<String, Long> figures() {
    return java.util.Collections.unmodifiableMap(figures);
  }

  /**
   * One line: {@code 3 violations (2 paper-without-vector, 1 count-mismatch), 1 warning
   * (feedback-unknown-paper); papers 120, users 4, ...}, or {@code clean: ...}.
   */
  public String summary() {
    StringBuilder s = new StringBuilder();
    long v = violationCount();
    long w = warningCount();
    s.append(v == 0 ? "clean" : v + (v == 1 ? " violation" : " violations") + kinds(violations));
    if (w > 0) {
      s.append(", ").append(w).append(w == 1 ? " warning" : " warnings").append(kinds(warnings));
    }
    StringBuilder f = new StringBuilder();
    figures.forEach((name, value) -> f.append(f.length() == 0 ? "" : ", ").append(name).append(' ').append(value));
    if (f.length() > 0) {
      s.append("; ").append(f);
    }
    return s.toString();
  }

  private static String kinds(Map<String, Long> counts) {
    StringBuilder s = new StringBuilder(" (");
    counts.forEach((kind, n) -> s.append(s.length() == 2 ? "" : ", ").append(n).append(' ').append(kind));
    return s.append(')').toString();
  }
}
