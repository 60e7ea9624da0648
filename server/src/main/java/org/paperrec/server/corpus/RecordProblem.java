package org.paperrec.server.corpus;

import java.util.Objects;

/**
 * A problem met while reading a corpus: usually a record that was skipped, sometimes a record kept
 * with a field left empty, or a stream that ended early ({@link Reason#recordSkipped()} tells which).
 *
 * @param source the file (its path as given) or resource the problem is in
 * @param line 1-based line number where the record starts (for Hugging Face JSON: where the array
 *     element starts)
 * @param reason what kind of problem; {@link CorpusSummary} counts by it
 * @param detail what exactly, for a person: field names, sizes, the offending value (abbreviated)
 */
public record RecordProblem(String source, long line, Reason reason, String detail) {

  /** Kinds of problems, each either dropping its record or not. */
  public enum Reason {
    /** Not valid JSON, not a JSON object, or a field of the wrong JSON type. */
    MALFORMED_RECORD("malformed record", true),
    /** Title, abstract or ID missing or blank. */
    MISSING_FIELD("missing field", true),
    /** A field over its limit in {@link CorpusLimits}. */
    FIELD_TOO_LARGE("field too large", true),
    /** A line over {@link CorpusLimits#MAX_LINE_BYTES}; reading resumes at the next line. */
    LINE_TOO_LONG("line too long", true),
    /** Bytes that are not UTF-8. */
    INVALID_UTF8("invalid UTF-8", true),
    /** An ID that {@link org.paperrec.store.PaperIds#normalize} rejects. */
    INVALID_ID("invalid ID", true),
    /** An arXiv snapshot {@code doi} value that is not a DOI; the paper is kept without it. */
    UNUSABLE_DOI("unusable DOI", false),
    /**
     * A date before {@link org.paperrec.store.Paper#EARLIEST_DATE} or after {@link
     * org.paperrec.store.Paper#LATEST_DATE}: no source writes one by mistake of format, so the record is
     * not trusted.
     */
    DATE_OUT_OF_RANGE("date out of range", true),
    /** A date that cannot be read; the paper is kept with no date. */
    UNPARSEABLE_DATE("unparseable date", false),
    /** A seed ID table row that cannot be used; the paper is kept with an ID from its title. */
    ID_TABLE_ENTRY("unusable ID table entry", false),
    /** A seed page line that belongs to no paper (a stray author or date line); ignored. */
    UNEXPECTED_LINE("unexpected line", false),
    /** The source ends in the middle (a truncated or corrupt gzip file); the stream ends, earlier papers stay. */
    TRUNCATED_INPUT("truncated input", false);

    private final String label;
    private final boolean recordSkipped;

    Reason(String label, boolean recordSkipped) {
      this.label = label;
      this.recordSkipped = recordSkipped;
    }

    /** Short lower-case name for summaries, e.g. {@code "missing field"}. */
    public String label() {
      return label;
    }

    /** True when the record this problem is about was left out of the stream. */
    public boolean recordSkipped() {
      return recordSkipped;
    }
  }

  public RecordProblem {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    if (line < 1) {
      throw new IllegalArgumentException("line must be 1-based; line=" + line);
    }
  }

  /** One line for a log or a console: {@code source:line: reason (skipped): detail}. */
  public String message() {
    return source + ":" + line + ": " + reason.label() + (reason.recordSkipped() ? " (record skipped)" : "")
        + ": " + detail;
  }
}
