package org.paperrec.server.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperIds;

/**
 * Reads the arXiv metadata OAI snapshot: JSON lines with {@code id, submitter, authors, title,
 * comments, journal-ref, doi, report-no, categories, license, abstract, versions, update_date,
 * authors_parsed}.
 *
 * <ul>
 *   <li>ID: {@code id}, normalised (old-style IDs such as {@code hep-ph/0307015} included).
 *   <li>Other IDs: the DOIs in {@code doi} (one, or several separated by whitespace, commas or
 *       semicolons, as the snapshot sometimes has them), as {@code doi:...} aliases, so a copy of
 *       the paper from a journal's or preprint server's corpus becomes the same paper. A value that
 *       is not a DOI is reported as {@link Reason#UNUSABLE_DOI} and left out; the paper is kept.
 *   <li>Title and abstract: hard line wraps and leading spaces collapsed to single spaces, trimmed.
 *   <li>Authors: {@code authors_parsed} ({@code [last, first, suffix, affiliation...]}) as
 *       "first last suffix"; when it is absent or empty, {@code authors} split on commas and
 *       {@code and}, parenthesised affiliations removed.
 *   <li>Categories: {@code categories} split on whitespace, primary (first) first.
 *   <li>Date: the {@code created} date (UTC) of the latest of {@code versions} (RFC 1123 style,
 *       {@code Mon, 2 Apr 2007 19:18:42 GMT}), else {@code update_date} ({@code yyyy-MM-dd}), else
 *       none. An unreadable date is reported as {@link Reason#UNPARSEABLE_DATE}; the paper is kept.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class OaiReader implements CorpusReader {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern DOI_SEPARATOR = Pattern.compile("[\\s,;]+");
  private static final Pattern AUTHOR_SEPARATOR = Pattern.compile("\\s*,\\s*(?:and\\s+)?|\\s+and\\s+");

  private final ObjectReader json = RecordFields.newJsonLineReader();

  @Override
  public PaperStream open(Path file, Consumer<RecordProblem> problems) throws IOException {
    CorpusInput input = CorpusInput.open(file);
    return new JsonLinesStream(input, json, OaiReader::toPaper, new ProblemReporter(input.name(), problems));
  }

  private static Paper toPaper(JsonNode record, long line, ProblemReporter problems) throws RejectedRecord {
    String id = RecordFields.id(RecordFields.jsonText(record, "id"));
    String title = RecordFields.title(RecordFields.jsonText(record, "title"));
    String abstractText = RecordFields.abstractText(RecordFields.jsonText(record, "abstract"), "abstract");
    List<String> authors = RecordFields.authors(authorNames(record));
    String categoryList = RecordFields.jsonText(record, "categories");
    List<String> categories =
        RecordFields.categories(
            null, categoryList == null ? List.of() : Arrays.asList(WHITESPACE.split(categoryList.strip())));
    LocalDate date = RecordFields.dateInRange(date(record, line, problems), "versions/update_date");
    List<String> dois = dois(RecordFields.jsonText(record, "doi"), line, problems);
    return new Paper(id, title, abstractText, authors, authors.size(), date, categories, null, dois);
  }

  static List<String> dois(String field, long line, ProblemReporter problems) {
    if (field == null || field.isBlank()) {
      return List.of();
    }
    List<String> dois = new ArrayList<>();
    for (String doi : DOI_SEPARATOR.split(field.strip())) {
      try {
        String normal = PaperIds.normalize("doi:" + doi);
        if (!dois.contains(normal) && dois.size() < Paper.MAX_ALIASES) {
          dois.add(normal);
        }
      } catch (IllegalArgumentException e) {
        problems.report(line, Reason.UNUSABLE_DOI, "doi '" + RecordFields.abbreviate(doi) + "'");
      }
    }
    return dois;
  }

  private static List<String> authorNames(JsonNode record) throws RejectedRecord {
    JsonNode parsed = RecordFields.jsonArray(record, "authors_parsed");
    if (parsed.size() > CorpusLimits.MAX_AUTHORS) {
      throw new RejectedRecord(
          Reason.FIELD_TOO_LARGE, parsed.size() + " authors, more than " + CorpusLimits.MAX_AUTHORS);
    }
    if (parsed.isEmpty()) {
      String authors = RecordFields.jsonText(record, "authors");
      return authors == null ? List.of() : splitAuthors(authors);
    }
    List<String> names = new ArrayList<>(parsed.size());
    for (JsonNode author : parsed) {
      if (!author.isArray()) {
        throw new RejectedRecord(Reason.MALFORMED_RECORD, "an authors_parsed entry is not an array");
      }
      // [last, first, suffix, affiliation...]: the name reads "first last suffix".
      String last = author.path(0).asText("");
      String first = author.path(1).asText("");
      String suffix = author.path(2).asText("");
      names.add(String.join(" ", first, last, suffix));
    }
    return names;
  }

  /** Splits an author string on commas and "and", after removing parenthesised affiliations. */
  static List<String> splitAuthors(String authors) {
    StringBuilder withoutParentheses = new StringBuilder(authors.length());
    int depth = 0;
    for (int i = 0; i < authors.length(); i++) {
      char c = authors.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        withoutParentheses.append(c);
      }
    }
    String flat = RecordFields.collapseWhitespace(withoutParentheses.toString());
    return flat.isEmpty() ? List.of() : Arrays.asList(AUTHOR_SEPARATOR.split(flat));
  }

  private static LocalDate date(JsonNode record, long line, ProblemReporter problems) throws RejectedRecord {
    ZonedDateTime latest = null;
    for (JsonNode version : RecordFields.jsonArray(record, "versions")) {
      String created = version.path("created").asText("");
      try {
        ZonedDateTime time = ZonedDateTime.parse(created.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        if (latest == null || time.isAfter(latest)) {
          latest = time;
        }
      } catch (DateTimeParseException e) {
        problems.report(line, Reason.UNPARSEABLE_DATE, "version created '" + RecordFields.abbreviate(created) + "'");
      }
    }
    if (latest != null) {
      return latest.withZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    }
    String updated = RecordFields.jsonText(record, "update_date");
    if (updated == null || updated.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(updated.strip());
    } catch (DateTimeParseException e) {
      problems.report(line, Reason.UNPARSEABLE_DATE, "update_date '" + RecordFields.abbreviate(updated) + "'");
      return null;
    }
  }
}
