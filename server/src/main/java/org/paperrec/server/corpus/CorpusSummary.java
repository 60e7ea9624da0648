package org.paperrec.server.corpus;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.paperrec.server.corpus.RecordProblem.Reason;

/**
 * Counts what an ingest read: papers, and problems by {@link Reason}. Pass it (or chain it with
 * {@link Consumer#andThen}) as the problem consumer of {@link CorpusReader#open} and call
 * {@link #paperRead()} for every paper; print {@link #toString()} at the end.
 *
 * <p>Not thread-safe: use it from the reading thread.
 */
public final class CorpusSummary implements Consumer<RecordProblem> {

  private final Map<Reason, Long> problems = new EnumMap<>(Reason.class);
  private long papers;

  /** Counts one paper read. */
  public void paperRead() {
    papers++;
  }

  @Override
  public void accept(RecordProblem problem) {
    problems.merge(problem.reason(), 1L, Long::sum);
  }

  public long papersRead() {
    return papers;
  }

  /** Records left out, over all reasons that skip a record. */
  public long recordsSkipped() {
    return problems.entrySet().stream().filter(e -> e.getKey().recordSkipped()).mapToLong(Map.Entry::getValue).sum();
  }

  /** Problems of one reason. */
  public long count(Reason reason) {
    return problems.getOrDefault(reason, 0L);
  }

  /** Problems by reason, in the order of {@link Reason}; reasons never met are absent. */
  public Map<Reason, Long> problemsByReason() {
    return Collections.unmodifiableMap(new EnumMap<>(problems));
  }

  /**
   * For example {@code "46 papers read, 2 records skipped (malformed record: 1, missing field: 1),
   * 1 other problem (unparseable date: 1)"}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(papers).append(papers == 1 ? " paper read" : " papers read");
    long skipped = recordsSkipped();
    s.append(", ").append(skipped).append(skipped == 1 ? " record skipped" : " records skipped");
    appendReasons(s, true);
    long others = problems.values().stream().mapToLong(Long::longValue).sum() - skipped;
    if (others > 0) {
      s.append(", ").append(others).append(others == 1 ? " other problem" : " other problems");
      appendReasons(s, false);
    }
    return s.toString();
  }

  private void appendReasons(StringBuilder s, boolean skipping) {
    String separator = " (";
    for (Map.Entry<Reason, Long> e : problems.entrySet()) {
      if (e.getKey().recordSkipped() == skipping) {
        s.append(separator).append(e.getKey().label()).append(": ").append(e.getValue());
        separator = ", ";
      }
    }
    if (!separator.equals(" (")) {
      s.append(')');
    }
  }
}
