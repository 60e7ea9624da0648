package org.paperrec.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.recommend.Strategy;
import org.paperrec.store.Paper;
import org.paperrec.store.PaperIds;

/**
 * JSON request bodies as sent (every field optional to Jackson, so that a missing field is reported
 * by name here rather than as a type error) and their conversion to domain values, which validates
 * them. Paper IDs are accepted in every spelling {@link PaperIds} knows and normalised.
 */
final class Requests {

  private Requests() {}

  /** {@code filter} of a query body. */
  record FilterBody(String since, String until, List<String> categories, List<String> exclude) {}

  /** {@code POST /v1/similar}. */
  record SimilarTextBody(
      String title, @JsonProperty("abstract") String abstractText, Integer limit, Integer offset, FilterBody filter) {}

  /** {@code POST /v1/recommendations}. */
  record RecommendationsBody(
      List<String> positive,
      List<String> negative,
      String strategy,
      Integer limit,
      Integer offset,
      FilterBody filter,
      List<String> candidates) {}

  /** One paper of {@code POST /v1/papers}. */
  record PaperBody(
      String id,
      String title,
      @JsonProperty("abstract") String abstractText,
      List<String> authors,
      Integer authorCount,
      String date,
      List<String> categories,
      Integer upvotes) {}

  static Filter filter(FilterBody body) {
    if (body == null) {
      return Filter.NONE;
    }
    Validation.maxSize(body.exclude(), Limits.EXCLUDED_IDS, "filter.exclude");
    return new Filter(
        Validation.date(body.since(), "filter.since"),
        Validation.date(body.until(), "filter.until"),
        Validation.categories(body.categories(), "filter.categories"),
        new LinkedHashSet<>(Validation.paperIds(body.exclude(), "filter.exclude")));
  }

  static RecommendRequest recommendRequest(RecommendationsBody body) {
    if (body.positive() == null || body.positive().isEmpty()) {
      throw new IllegalArgumentException("positive is required: list at least one paper ID the reader liked");
    }
    // Sizes first, so that a huge list is refused before each ID is parsed.
    Validation.maxSize(body.positive(), RecommendRequest.MAX_PAPERS, "positive");
    Validation.maxSize(body.negative(), RecommendRequest.MAX_PAPERS, "negative");
    Validation.maxSize(body.candidates(), RecommendRequest.MAX_CANDIDATES, "candidates");
    return new RecommendRequest(
        Validation.paperIds(body.positive(), "positive"),
        Validation.paperIds(body.negative(), "negative"),
        body.strategy() == null ? Strategy.DEFAULT : Strategy.parse(body.strategy()),
        Validation.page(body.limit(), body.offset()),
        filter(body.filter()),
        body.candidates() == null ? null : Validation.paperIds(body.candidates(), "candidates"));
  }

  /**
   * The paper {@code body} describes. Without an {@code id}, the paper gets the title-slug ID
   * ({@code title:...}) that {@link PaperIds#fromTitle} derives.
   *
   * @param where prefix of field names in messages: {@code ""} for a single paper, {@code "[3]."}
   *     for the fourth of an array
   */
  static Paper paper(PaperBody body, String where) {
    String title = Validation.text(body.title(), where + "title", Limits.TITLE_CHARS);
    String abstractText = Validation.text(body.abstractText(), where + "abstract", Limits.ABSTRACT_CHARS);
    String id = body.id() == null ? PaperIds.fromTitle(title) : Validation.paperId(body.id(), where + "id");
    List<String> authors = authors(body.authors(), where + "authors");
    int authorCount = body.authorCount() == null ? authors.size() : body.authorCount();
    if (authorCount < authors.size()) {
      throw new IllegalArgumentException(
          where + "authorCount must be at least the number of authors listed (" + authors.size() + "); "
              + where + "authorCount=" + authorCount);
    }
    if (body.upvotes() != null && body.upvotes() < 0) {
      throw new IllegalArgumentException(where + "upvotes must not be negative; " + where + "upvotes=" + body.upvotes());
    }
    return new Paper(
        id,
        title,
        abstractText,
        authors,
        authorCount,
        Validation.date(body.date(), where + "date"),
        new ArrayList<>(Validation.categories(body.categories(), where + "categories")),
        body.upvotes());
  }

  private static List<String> authors(List<String> raw, String name) {
    if (raw == null) {
      return List.of();
    }
    Validation.maxSize(raw, Limits.AUTHORS, name);
    List<String> authors = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      authors.add(Validation.text(raw.get(i), name + "[" + i + "]", Limits.AUTHOR_CHARS));
    }
    return authors;
  }
}
