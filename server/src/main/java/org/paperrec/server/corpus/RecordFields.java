package org.paperrec.server.corpus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.paperrec.server.corpus.RecordProblem.Reason;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperIds;

/** Field checks and clean-up shared by the readers. Stateless. */
final class RecordFields {

  private RecordFields() {}

  /** A JSON mapper for corpus records, with string values bounded by {@link CorpusLimits#MAX_LINE_BYTES}. */
  static ObjectMapper newJsonMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(CorpusLimits.MAX_LINE_BYTES).build())
            .build();
    return new ObjectMapper(factory);
  }

  /** A reader of one JSON value per line that refuses anything after the value. */
  static ObjectReader newJsonLineReader() {
    return newJsonMapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /**
   * {@code s} with every run of whitespace (line breaks, tabs, no-break spaces included) replaced by
   * one space, and stripped; {@code null} stays {@code null}.
   */
  static String collapseWhitespace(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        pendingSpace = out.length() > 0;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code date} itself when it is null or within {@link Paper#isDateInRange the range of dates}.
   *
   * @param field the field it was read from, for the message
   * @throws RejectedRecord {@link Reason#DATE_OUT_OF_RANGE} naming the field and the date
   */
  static LocalDate dateInRange(LocalDate date, String field) throws RejectedRecord {
    if (date != null && !Paper.isDateInRange(date)) {
      throw new RejectedRecord(Reason.DATE_OUT_OF_RANGE,
          field + " " + date + " is outside " + Paper.EARLIEST_DATE + " to " + Paper.LATEST_DATE);
    }
    return date;
  }

  static String title(String raw) throws RejectedRecord {
    return requireText("title", raw, CorpusLimits.MAX_TITLE_CHARS);
  }

  static String abstractText(String raw, String fieldName) throws RejectedRecord {
    return requireText(fieldName, raw, CorpusLimits.MAX_ABSTRACT_CHARS);
  }

  /** The normalised form of an ID from a corpus record. */
  static String id(String raw) throws RejectedRecord {
    if (raw == null || raw.isBlank()) {
      throw new RejectedRecord(Reason.MISSING_FIELD, "no id");
    }
    try {
      return PaperIds.normalize(raw);
    } catch (IllegalArgumentException e) {
      throw new RejectedRecord(Reason.INVALID_ID, e.getMessage());
    }
  }

  /**
   * The IDs a JSON-lines record gives besides {@code id}, normalised, in order, each once: {@code
   * ids}, an array of IDs in any spelling {@link PaperIds#normalize} accepts ({@code
   * ["doi:10.1101/2024.01.02.573001", "PMID:19872477"]}), and {@code externalIds}, an object in the
   * shape of Semantic Scholar's ({@code {"DOI": "10.18653/v1/P19-1001", "ArXiv": "1906.01234",
   * "CorpusId": 215416146, "PubMed": "19872477", "PubMedCentral": "2323569", "ACL": "P19-1001"}};
   * names in any case, string or integer values, {@code null} values and other names such as
   * {@code DBLP} or {@code MAG} ignored). Both are optional.
   *
   * @throws RejectedRecord when either has the wrong JSON type, too many entries, or an ID that is
   *     not one
   */
  static List<String> otherIds(JsonNode record) throws RejectedRecord {
    Set<String> ids = new LinkedHashSet<>();
    List<String> listed = jsonStrings(record, "ids");
    for (int i = 0; i < listed.size(); i++) {
      try {
        ids.add(PaperIds.normalize(listed.get(i)));
      } catch (IllegalArgumentException e) {
        throw new RejectedRecord(Reason.INVALID_ID, "ids[" + i + "]: " + e.getMessage());
      }
    }
    JsonNode external = record.get("externalIds");
    if (external != null && !external.isNull()) {
      if (!external.isObject()) {
        throw new RejectedRecord(
            Reason.MALFORMED_RECORD, "field 'externalIds' is a " + external.getNodeType() + ", not an object");
      }
      for (var entry : external.properties()) {
        JsonNode value = entry.getValue();
        if (value.isNull()) {
          continue;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
          throw new RejectedRecord(Reason.MALFORMED_RECORD,
              "externalIds." + entry.getKey() + " is a " + value.getNodeType() + ", not a string or an integer");
        }
        try {
          PaperIds.fromExternalId(entry.getKey(), value.asText()).ifPresent(ids::add);
        } catch (IllegalArgumentException e) {
          throw new RejectedRecord(Reason.INVALID_ID, e.getMessage());
        }
      }
    }
    if (ids.size() > Paper.MAX_ALIASES + 1) {
      throw new RejectedRecord(Reason.FIELD_TOO_LARGE,
          ids.size() + " IDs in ids and externalIds, more than the " + (Paper.MAX_ALIASES + 1) + " a paper may have");
    }
    return List.copyOf(ids);
  }

  /**
   * The key of a record: its {@code id} normalised, or, without one, the preferred of its other
   * IDs ({@link PaperIds#preferredKey}: arXiv, then DOI, ...).
   *
   * @param rawId the record's {@code id}, or null
   * @param otherIds from {@link #otherIds}
   * @throws RejectedRecord when the record has no ID at all, or {@code id} is not one
   */
  static String key(String rawId, List<String> otherIds) throws RejectedRecord {
    if ((rawId == null || rawId.isBlank()) && !otherIds.isEmpty()) {
      return PaperIds.preferredKey(otherIds);
    }
    if (rawId == null || rawId.isBlank()) {
      throw new RejectedRecord(Reason.MISSING_FIELD, "no id (and no ids or externalIds)");
    }
    return id(rawId);
  }

  /** Author names cleaned, blanks dropped, checked against the limits. */
  static List<String> authors(Collection<String> raw) throws RejectedRecord {
    if (raw.size() > CorpusLimits.MAX_AUTHORS) {
      throw new RejectedRecord(
          Reason.FIELD_TOO_LARGE, raw.size() + " authors, more than " + CorpusLimits.MAX_AUTHORS);
    }
    List<String> names = new ArrayList<>(raw.size());
    for (String name : raw) {
      String clean = collapseWhitespace(name);
      if (clean == null || clean.isEmpty()) {
        continue;
      }
      if (clean.length() > CorpusLimits.MAX_AUTHOR_CHARS) {
        throw new RejectedRecord(
            Reason.FIELD_TOO_LARGE,
            "an author name of " + clean.length() + " characters, more than " + CorpusLimits.MAX_AUTHOR_CHARS);
      }
      names.add(clean);
    }
    return names;
  }

  /** Categories with {@code primary} (may be null) first, blanks and repeats dropped. */
  static List<String> categories(String primary, Collection<String> all) throws RejectedRecord {
    Set<String> ordered = new LinkedHashSet<>();
    if (primary != null && !primary.isBlank()) {
      ordered.add(primary.strip());
    }
    for (String category : all) {
      if (category != null && !category.isBlank()) {
        ordered.add(category.strip());
      }
    }
    if (ordered.size() > CorpusLimits.MAX_CATEGORIES) {
      throw new RejectedRecord(
          Reason.FIELD_TOO_LARGE, ordered.size() + " categories, more than " + CorpusLimits.MAX_CATEGORIES);
    }
    return List.copyOf(ordered);
  }

  /**
   * The string value of {@code field}, or {@code null} when it is absent or JSON {@code null}.
   *
   * @throws RejectedRecord when the field holds another JSON type
   */
  static String jsonText(JsonNode object, String field) throws RejectedRecord {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new RejectedRecord(Reason.MALFORMED_RECORD, "field '" + field + "' is a " + value.getNodeType() + ", not a string");
    }
    return value.textValue();
  }

  /**
   * The integer value of {@code field}, or {@code null} when it is absent or JSON {@code null}.
   *
   * @throws RejectedRecord when the field holds another JSON type, a fraction, or a number beyond
   *     the range of {@code int}
   */
  static Integer jsonInt(JsonNode object, String field) throws RejectedRecord {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber()) {
      throw new RejectedRecord(
          Reason.MALFORMED_RECORD, "field '" + field + "' is a " + value.getNodeType() + " " + abbreviate(value.toString())
              + ", not an integer");
    }
    if (!value.canConvertToInt()) {
      throw new RejectedRecord(Reason.FIELD_TOO_LARGE, "field '" + field + "' is " + abbreviate(value.toString())
          + ", beyond " + Integer.MAX_VALUE);
    }
    return value.intValue();
  }

  /**
   * The array value of {@code field}, or an empty array node when it is absent or JSON {@code null}.
   *
   * @throws RejectedRecord when the field holds another JSON type
   */
  static JsonNode jsonArray(JsonNode object, String field) throws RejectedRecord {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return JsonNodeFactory.instance.arrayNode();
    }
    if (!value.isArray()) {
      throw new RejectedRecord(Reason.MALFORMED_RECORD, "field '" + field + "' is a " + value.getNodeType() + ", not an array");
    }
    return value;
  }

  /** The strings of a JSON array field. */
  static List<String> jsonStrings(JsonNode object, String field) throws RejectedRecord {
    JsonNode array = jsonArray(object, field);
    if (array.size() > CorpusLimits.MAX_AUTHORS) {
      throw new RejectedRecord(Reason.FIELD_TOO_LARGE, "field '" + field + "' has " + array.size() + " elements");
    }
    List<String> values = new ArrayList<>(array.size());
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        throw new RejectedRecord(
            Reason.MALFORMED_RECORD, "field '" + field + "' holds a " + element.getNodeType() + ", not a string");
      }
      values.add(element.textValue());
    }
    return values;
  }

  /** {@code s} cut to 60 characters for a problem message. */
  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private static String requireText(String field, String raw, int maxChars) throws RejectedRecord {
    String clean = collapseWhitespace(raw);
    if (clean == null || clean.isEmpty()) {
      throw new RejectedRecord(Reason.MISSING_FIELD, "no " + field);
    }
    if (clean.length() > maxChars) {
      throw new RejectedRecord(
          Reason.FIELD_TOO_LARGE, field + " of " + clean.length() + " characters, more than " + maxChars);
    }
    return clean;
  }
}
