package org.paperrec.server.corpus;

import java.util.Objects;
import java.util.function.Consumer;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the problems of one stream: every one to the caller's consumer, the first
 * {@value #MAX_LOGGED} also to the log at WARN, so that a file broken on every line cannot flood
 * the log (the consumer, usually a {@link CorpusSummary}, still counts them all). Not thread-safe.
 */
final class ProblemReporter {

  static final int MAX_LOGGED = 100;

  private static final Logger LOG = LoggerFactory.getLogger(CorpusReader.class);

  private final String source;
  private final Consumer<RecordProblem> consumer;
  private final boolean logged;
  private long reported;

  ProblemReporter(String source, Consumer<RecordProblem> consumer) {
    this(source, consumer, true);
  }

  private ProblemReporter(String source, Consumer<RecordProblem> consumer, boolean logged) {
    this.source = Objects.requireNonNull(source, "source");
    this.consumer = Objects.requireNonNull(consumer, "problems");
    this.logged = logged;
  }

  /**
   * A reporter that only delivers to {@code consumer}: for strict reading, where the first problem
   * ends the read and the caller reports it (a WARN line saying "record skipped" would be wrong).
   */
  static ProblemReporter unlogged(String source, Consumer<RecordProblem> consumer) {
    return new ProblemReporter(source, consumer, false);
  }

  String source() {
    return source;
  }

  void report(long line, Reason reason, String detail) {
    report(source, line, reason, detail);
  }

  /** For problems in a companion file of the source (the seed page's ID table). */
  void report(String otherSource, long line, Reason reason, String detail) {
    RecordProblem problem = new RecordProblem(otherSource, line, reason, detail);
    if (logged && reported < MAX_LOGGED) {
      LOG.warn("{}", problem.message());
    } else if (logged && reported == MAX_LOGGED) {
      LOG.warn("{}: more than {} problems; the rest are counted but not logged", source, MAX_LOGGED);
    }
    reported++;
    consumer.accept(problem);
  }

  void report(long line, RejectedRecord rejected) {
    report(line, rejected.reason(), rejected.getMessage());
  }
}
