package org.paperrec.server.http;

/**
 * A request this package refuses for an HTTP-level reason (authentication, media type, body size,
 * malformed JSON, a failed single upsert). {@link ProblemMapper} turns it into the problem of its
 * type; caller mistakes found by the domain stay {@link IllegalArgumentException}s.
 */
final class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final ProblemType type;

  ProblemException(ProblemType type, String detail) {
    super(detail);
    this.type = type;
  }

  ProblemType type() {
    return type;
  }
}
