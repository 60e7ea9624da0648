package org.paperrec.server.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import org.paperrec.server.corpus.LineReader.Line;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.Paper;

/**
 * A stream over a JSON-lines file: one JSON object per line, blank lines ignored. Each bad line is
 * reported and skipped; reading goes on at the next line.
 */
final class JsonLinesStream extends InputPaperStream {

  /** Turns one JSON object into a paper. */
  @FunctionalInterface
  interface RecordMapper {
    /**
     * @param line where the record is, for problems that keep the record (a bad date)
     * @throws RejectedRecord when the record must be skipped
     */
    Paper toPaper(JsonNode record, long line, ProblemReporter problems) throws RejectedRecord;
  }

  private final LineReader lines;
  private final ObjectReader json;
  private final RecordMapper mapper;
  private final ProblemReporter problems;

  JsonLinesStream(CorpusInput input, ObjectReader json, RecordMapper mapper, ProblemReporter problems) {
    super(input);
    this.lines = new LineReader(input.data());
    this.json = json;
    this.mapper = mapper;
    this.problems = problems;
  }

  @Override
  public Paper next() throws IOException {
    for (Line line = lines.next(); line != null; line = lines.next()) {
      if (line.flaw() != null) {
        problems.report(line.number(), line.flaw(), describeFlaw(line));
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode record = parse(line.text());
        return mapper.toPaper(record, line.number(), problems);
      } catch (RejectedRecord rejected) {
        problems.report(line.number(), rejected);
      }
    }
    return null;
  }

  private JsonNode parse(String text) throws RejectedRecord {
    JsonNode record;
    try {
      record = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new RejectedRecord(Reason.MALFORMED_RECORD, "not JSON: " + e.getOriginalMessage());
    }
    if (record == null || !record.isObject()) {
      throw new RejectedRecord(Reason.MALFORMED_RECORD, "not a JSON object");
    }
    return record;
  }

  private String describeFlaw(Line line) {
    return switch (line.flaw()) {
      case LINE_TOO_LONG -> "line of " + line.bytes() + " bytes, more than " + CorpusLimits.MAX_LINE_BYTES;
      case INVALID_UTF8 -> "line is not valid UTF-8";
      case TRUNCATED_INPUT -> "input ends abruptly (" + lines.truncation() + "); a partial last line is dropped";
      default -> line.flaw().label();
    };
  }

}
