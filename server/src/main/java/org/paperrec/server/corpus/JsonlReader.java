package org.paperrec.server.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Consumer;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.Paper;

/**
 * Reads the arxiv-cs JSON-lines layout: one object per line with {@code id, title, abstract,
 * authors: [names], categories: [..], primary_category, announced: "yyyy-MM-dd", comment}.
 * Categories are listed with {@code primary_category} first; the date is {@code announced} (an
 * unreadable one is reported as {@link Reason#UNPARSEABLE_DATE} and the paper kept without a date);
 * {@code comment} and unknown fields are ignored. Title and abstract have their whitespace
 * collapsed. Blank lines are ignored.
 *
 * <p>Two optional integer fields carry what the layout otherwise loses, so that a paper written by
 * {@link JsonlWriter} reads back equal: {@code author_count} (at least the number of {@code
 * authors}; absent or {@code null}: that number) and {@code upvotes} (not negative; absent or
 * {@code null}: none). A record that breaks either is skipped as malformed.
 *
 * <p>A paper's other IDs, for corpora beyond arXiv (bioRxiv, ACL Anthology, PubMed): {@code ids}
 * (an array of IDs in any spelling paperrec accepts) and {@code externalIds} (Semantic Scholar's
 * object), both optional, are read as {@link RecordFields#otherIds} describes; a record may then
 * leave out {@code id}, and is keyed by the preferred of its other IDs (an arXiv ID, else its DOI,
 * ...). An ID that is not one skips the record as {@link Reason#INVALID_ID}.
 *
 * <p>Thread-safe.
 */
public final class JsonlReader implements CorpusReader {

  private final ObjectReader json = RecordFields.newJsonLineReader();

  @Override
  public PaperStream open(Path file, Consumer<RecordProblem> problems) throws IOException {
    CorpusInput input = CorpusInput.open(file);
    return new JsonLinesStream(input, json, JsonlReader::toPaper, new ProblemReporter(input.name(), problems));
  }

  /**
   * Opens {@code file} for machine-written input, such as the shards of {@code paperrec import}:
   * the same layout, limits and clean-up as {@link #open}, but the first problem of any kind, even
   * one that would keep its record (an unreadable date), ends the read: {@link PaperStream#next()}
   * throws an {@link InvalidRecordException} naming file and line. Nothing is logged.
   *
   * @throws IOException when the file cannot be opened
   */
  public PaperStream openStrict(Path file) throws IOException {
    CorpusInput input = CorpusInput.open(file);
    return new StrictStream(
        new JsonLinesStream(input, json, JsonlReader::toPaper, ProblemReporter.unlogged(input.name(), problem -> {
          throw new FirstProblem(problem);
        })));
  }

  private static Paper toPaper(JsonNode record, long line, ProblemReporter problems) throws RejectedRecord {
    List<String> otherIds = RecordFields.otherIds(record);
    String id = RecordFields.key(RecordFields.jsonText(record, "id"), otherIds);
    String title = RecordFields.title(RecordFields.jsonText(record, "title"));
    String abstractText = RecordFields.abstractText(RecordFields.jsonText(record, "abstract"), "abstract");
    List<String> authors = RecordFields.authors(RecordFields.jsonStrings(record, "authors"));
    List<String> categories =
        RecordFields.categories(
            RecordFields.jsonText(record, "primary_category"), RecordFields.jsonStrings(record, "categories"));
    Integer authorCount = RecordFields.jsonInt(record, "author_count");
    if (authorCount != null && authorCount < authors.size()) {
      throw new RejectedRecord(
          Reason.MALFORMED_RECORD,
          "author_count must be at least the number of authors listed (" + authors.size() + "); author_count="
              + authorCount);
    }
    Integer upvotes = RecordFields.jsonInt(record, "upvotes");
    if (upvotes != null && upvotes < 0) {
      throw new RejectedRecord(Reason.MALFORMED_RECORD, "upvotes must not be negative; upvotes=" + upvotes);
    }
    String announced = RecordFields.jsonText(record, "announced");
    LocalDate date = null;
    if (announced != null && !announced.isBlank()) {
      try {
        date = LocalDate.parse(announced.strip());
      } catch (DateTimeParseException e) {
        problems.report(line, Reason.UNPARSEABLE_DATE, "announced '" + RecordFields.abbreviate(announced) + "'");
      }
    }
    RecordFields.dateInRange(date, "announced");
    return new Paper(
        id, title, abstractText, authors, authorCount == null ? authors.size() : authorCount, date, categories,
        upvotes, otherIds);
  }

  /** Carries the first problem of a strict read out of the problem consumer, which cannot throw checked. */
  private static final class FirstProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient RecordProblem problem;

    FirstProblem(RecordProblem problem) {
      super(null, null, false, false);
      this.problem = problem;
    }
  }

  private static final class StrictStream implements PaperStream {
    private final PaperStream lenient;

    StrictStream(PaperStream lenient) {
      this.lenient = lenient;
    }

    @Override
    public Paper next() throws IOException {
      try {
        return lenient.next();
      } catch (FirstProblem first) {
        throw new InvalidRecordException(first.problem);
      }
    }

    @Override
    public long bytesRead() {
      return lenient.bytesRead();
    }

    @Override
    public long totalBytes() {
      return lenient.totalBytes();
    }

    @Override
    public void close() throws IOException {
      lenient.close();
    }
  }
}
