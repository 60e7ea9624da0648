package org.paperrec.server.corpus;

import org.paperrec.server.corpus.RecordProblem.Reason;

/** Thrown inside a reader when a record must be skipped; never leaves the package. */
final class RejectedRecord extends Exception {

  private static final long serialVersionUID = 1L;

  private final Reason reason;

  RejectedRecord(Reason reason, String detail) {
    // No stack trace: rejections are expected data problems, possibly millions of them.
    super(detail, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
