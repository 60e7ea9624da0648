package org.paperrec.server.corpus;

import java.io.IOException;
import java.util.Objects;

/**
 * The first problem of a file read strictly ({@link JsonlReader#openStrict}): machine-written input
 * in which any bad record means the writer is broken, so reading stops instead of skipping.
 */
public final class InvalidRecordException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient RecordProblem problem;

  InvalidRecordException(RecordProblem problem) {
    // "file:line: reason: detail", the form compilers use, so that editors can jump to the line.
    super(problem.source() + ":" + problem.line() + ": " + problem.reason().label() + ": " + problem.detail());
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The problem: file, line, reason and detail. */
  public RecordProblem problem() {
    return problem;
  }
}
