package org.paperrec.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;

/**
 * The paper JSON of the {@code papers} column family (see {@link PaperStore}): the fields of schema
 * version 1, and {@code aliases} since version 3.
 *
 * <p>The JSON field names are spelled out here rather than derived from {@link Paper}'s components,
 * so that renaming a Java component never changes the stored format. Unknown fields are ignored on
 * read, so a later version may add fields; missing fields read as {@code null} (lists as empty,
 * {@code authorCount} as the number of authors), so a paper written before {@code aliases} existed
 * reads as one without other IDs.
 *
 * <p>Thread-safe: the mapper is configured once and then only used.
 */
final class PaperJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private PaperJson() {}

  /** UTF-8 JSON of the paper, fields in the documented order, nulls written as {@code null}. */
  static byte[] encode(Paper paper) {
    var json =
        new V1(paper.id(), paper.title(), paper.abstractText(), paper.authors(), paper.authorCount(),
            paper.date(), paper.categories(), paper.upvotes(), paper.aliases());
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the JSON of paper " + paper.id(), e);
    }
  }

  /**
   * The paper in UTF-8 JSON.
   *
   * @throws IOException when the bytes are not paper JSON
   * @throws IllegalArgumentException when they are, but describe an invalid paper
   */
  static Paper decode(byte[] bytes) throws IOException {
    V1 json = MAPPER.readValue(bytes, V1.class);
    List<String> authors = json.authors() == null ? List.of() : json.authors();
    int authorCount = json.authorCount() == null ? authors.size() : json.authorCount();
    return new Paper(json.id(), json.title(), json.abstractText(), authors, authorCount, json.date(),
        json.categories(), json.upvotes(), json.aliases());
  }

  @JsonPropertyOrder({"id", "title", "abstract", "authors", "authorCount", "date", "categories", "upvotes", "aliases"})
  record V1(
      @JsonProperty("id") String id,
      @JsonProperty("title") String title,
      @JsonProperty("abstract") String abstractText,
      @JsonProperty("authors") List<String> authors,
      @JsonProperty("authorCount") Integer authorCount,
      @JsonProperty("date") LocalDate date,
      @JsonProperty("categories") List<String> categories,
      @JsonProperty("upvotes") Integer upvotes,
      @JsonProperty("aliases") List<String> aliases) {}
}
