package org.paperrec.server.corpus;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipException;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.Paper;

/**
 * Reads the Hugging Face daily-papers API response: a JSON array of entries whose {@code paper}
 * object has {@code id} (arXiv ID), {@code title}, {@code summary} (the abstract), {@code authors}
 * ({@code [{"name": ...}, ...]}), {@code publishedAt} (ISO-8601 instant, taken as a UTC date) and
 * {@code upvotes} (left out when it is not a non-negative integer); other fields are ignored.
 *
 * <p>The array is streamed element by element with Jackson's streaming parser, never loaded whole.
 * A problem's line is the line where its array element starts. An element with bad fields is
 * skipped; but JSON that is not well-formed (including invalid UTF-8 and a string over
 * {@link CorpusLimits#MAX_LINE_BYTES} characters) ends the stream, reported as
 * {@link Reason#MALFORMED_RECORD}, because a JSON array cannot be resynchronised after a syntax
 * error: papers read before stay.
 *
 * <p>Thread-safe.
 */
public final class HfReader implements CorpusReader {

  private final ObjectMapper json = RecordFields.newJsonMapper();

  @Override
  public PaperStream open(Path file, Consumer<RecordProblem> problems) throws IOException {
    return stream(CorpusInput.open(file), problems);
  }

  /**
   * Reads a response of the daily-papers API that is already in memory (a harvester's fetch),
   * reported as {@code name} (the URL it came from).
   */
  public PaperStream open(byte[] body, String name, Consumer<RecordProblem> problems) throws IOException {
    return stream(CorpusInput.wrap(new ByteArrayInputStream(body), name, body.length), problems);
  }

  private PaperStream stream(CorpusInput input, Consumer<RecordProblem> problems) {
    return new HfStream(input, json, new ProblemReporter(input.name(), problems));
  }

  private static final class HfStream extends InputPaperStream {
    private final ObjectMapper json;
    private final ProblemReporter problems;
    /** Made by the first {@link #next()}: making it reads ahead, which meets a corrupt gzip stream's damage. */
    private JsonParser parser;
    private boolean started;
    private boolean ended;

    HfStream(CorpusInput input, ObjectMapper json, ProblemReporter problems) {
      super(input);
      this.json = json;
      this.problems = problems;
    }

    @Override
    public Paper next() throws IOException {
      try {
        if (!started) {
          started = true;
          parser = json.createParser(input.data());
          JsonToken first = parser.nextToken();
          if (first == null) {
            ended = true; // an empty file holds no papers
          } else if (first != JsonToken.START_ARRAY) {
            end(Reason.MALFORMED_RECORD, "expected a JSON array of daily-papers entries, found " + first);
          }
        }
        while (!ended) {
          JsonToken token = parser.nextToken();
          if (token == null || token == JsonToken.END_ARRAY) {
            ended = true;
            break;
          }
          long line = Math.max(1, parser.currentTokenLocation().getLineNr());
          if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            problems.report(line, Reason.MALFORMED_RECORD, "array element is a " + token + ", not an object");
            continue;
          }
          JsonNode entry = parser.readValueAsTree();
          try {
            return toPaper(entry, line, problems);
          } catch (RejectedRecord rejected) {
            problems.report(line, rejected);
          }
        }
      } catch (EOFException | ZipException e) { // truncated or corrupt gzip: nothing after it can be read
        end(Reason.TRUNCATED_INPUT, "input ends abruptly (" + e.getMessage() + "); papers read before it are kept");
      } catch (JsonProcessingException e) {
        end(Reason.MALFORMED_RECORD, "not well-formed JSON, reading stops here: " + e.getOriginalMessage());
      } catch (CharConversionException e) {
        // Jackson guesses UTF-16 or UTF-32 from NUL bytes at the start, then meets impossible characters.
        end(Reason.MALFORMED_RECORD, "not well-formed JSON, reading stops here: " + e.getMessage());
      }
      return null;
    }

    private void end(Reason reason, String detail) {
      ended = true;
      long line = parser == null ? 1 : Math.max(1, parser.currentLocation().getLineNr());
      problems.report(line, reason, detail);
    }

    @Override
    public void close() throws IOException {
      try (input) {
        if (parser != null) {
          parser.close();
        }
      }
    }
  }

  private static Paper toPaper(JsonNode entry, long line, ProblemReporter problems) throws RejectedRecord {
    JsonNode paper = entry.get("paper");
    if (paper == null || !paper.isObject()) {
      throw new RejectedRecord(Reason.MALFORMED_RECORD, "entry has no 'paper' object");
    }
    String id = RecordFields.id(RecordFields.jsonText(paper, "id"));
    String title = RecordFields.title(RecordFields.jsonText(paper, "title"));
    String abstractText = RecordFields.abstractText(RecordFields.jsonText(paper, "summary"), "summary");
    JsonNode authorArray = RecordFields.jsonArray(paper, "authors");
    List<String> names = new ArrayList<>(Math.min(authorArray.size(), CorpusLimits.MAX_AUTHORS + 1));
    for (JsonNode author : authorArray) {
      String name = author.isObject() ? RecordFields.jsonText(author, "name") : null;
      if (name != null) {
        names.add(name);
      }
    }
    List<String> authors = RecordFields.authors(names);
    LocalDate date = RecordFields.dateInRange(
        publishedDate(RecordFields.jsonText(paper, "publishedAt"), line, problems), "publishedAt");
    JsonNode upvotes = paper.get("upvotes");
    // Like a fraction or a string, a negative count is not one: the paper is kept without it.
    Integer upvoteCount = upvotes != null && upvotes.canConvertToInt() && upvotes.isIntegralNumber() && upvotes.intValue() >= 0
        ? upvotes.intValue() : null;
    return Paper.of(id, title, abstractText, authors, date, List.of(), upvoteCount);
  }

  private static LocalDate publishedDate(String publishedAt, long line, ProblemReporter problems) {
    if (publishedAt == null || publishedAt.isBlank()) {
      return null;
    }
    String text = publishedAt.strip();
    try {
      return Instant.parse(text).atOffset(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeException notAnInstantOfADate) { // not an instant, or one beyond LocalDate's years
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException notADate) {
        problems.report(line, Reason.UNPARSEABLE_DATE, "publishedAt '" + RecordFields.abbreviate(text) + "'");
        return null;
      }
    }
  }
}
