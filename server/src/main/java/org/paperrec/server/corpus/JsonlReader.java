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
 * collapsed.
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

  private static Paper toPaper(JsonNode record, long line, ProblemReporter problems) throws RejectedRecord {
    String id = RecordFields.id(RecordFields.jsonText(record, "id"));
    String title = RecordFields.title(RecordFields.jsonText(record, "title"));
    String abstractText = RecordFields.abstractText(RecordFields.jsonText(record, "abstract"), "abstract");
    List<String> authors = RecordFields.authors(RecordFields.jsonStrings(record, "authors"));
    List<String> categories =
        RecordFields.categories(
            RecordFields.jsonText(record, "primary_category"), RecordFields.jsonStrings(record, "categories"));
    String announced = RecordFields.jsonText(record, "announced");
    LocalDate date = null;
    if (announced != null && !announced.isBlank()) {
      try {
        date = LocalDate.parse(announced.strip());
      } catch (DateTimeParseException e) {
        problems.report(line, Reason.UNPARSEABLE_DATE, "announced '" + RecordFields.abbreviate(announced) + "'");
      }
    }
    return Paper.of(id, title, abstractText, authors, date, categories, null);
  }
}
