package org.paperrec.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.paperrec.recommend.Filter;
import org.paperrec.recommend.Liked;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.RecommendRequest;
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
      String title,
      @JsonProperty("abstract") String abstractText,
      Integer limit,
      Integer offset,
      FilterBody filter,
      Double lexicalWeight,
      Double diversity,
      Double recencyWeight,
      Double recencyHalfLifeDays) {

    RankingOptions ranking() {
      return Validation.ranking(RankingOptions.DEFAULT, lexicalWeight, diversity, recencyWeight, recencyHalfLifeDays);
    }
  }

  /**
   * The options both recommendation bodies take besides the papers, converted in one place so that
   * the two routes cannot drift apart. A null field was not sent and keeps its default.
   */
  interface RecommendOptionFields {
    String strategy();

    Integer limit();

    Integer offset();

    Double lexicalWeight();

    Double diversity();

    Double recencyWeight();

    Double recencyHalfLifeDays();

    Double likeHalfLifeDays();

    Integer maxInterests();

    Long seed();

    /** The options, validated; range checks of the recommend module happen in its {@code build()}. */
    default RecommendOptions options() {
      return new RecommendOptions(
          RecommendOptions.strategy(strategy()),
          Validation.page(limit(), offset()),
          Validation.ranking(
              RankingOptions.RECOMMENDATION_DEFAULT, lexicalWeight(), diversity(), recencyWeight(),
              recencyHalfLifeDays()),
          likeHalfLifeDays(),
          maxInterests(),
          seed());
    }
  }

  /**
   * {@code POST /v1/recommendations}. The liked papers come as {@code positive} (IDs) or as {@code
   * liked} (IDs with the times they were liked), never both.
   */
  record RecommendationsBody(
      List<String> positive,
      List<LikedBody> liked,
      List<String> negative,
      String strategy,
      Integer limit,
      Integer offset,
      FilterBody filter,
      List<String> candidates,
      Double lexicalWeight,
      Double diversity,
      Double recencyWeight,
      Double recencyHalfLifeDays,
      Double likeHalfLifeDays,
      Integer maxInterests,
      Long seed) implements RecommendOptionFields {}

  /**
   * {@code POST /v1/users/me/recommendations}: the fields of {@link RecommendationsBody}, but the
   * papers come from the stored profile. {@link #PAPER_FIELDS} are declared only so that {@link
   * #refusePapers} can refuse them with that reason (rather than as unknown fields), and are left out
   * of the allowed fields that an unknown field's message lists.
   */
  record MyRecommendationsBody(
      List<String> positive,
      List<LikedBody> liked,
      List<String> negative,
      String strategy,
      Integer limit,
      Integer offset,
      FilterBody filter,
      List<String> candidates,
      Double lexicalWeight,
      Double diversity,
      Double recencyWeight,
      Double recencyHalfLifeDays,
      Double likeHalfLifeDays,
      Integer maxInterests,
      Long seed) implements RecommendOptionFields {

    /** The fields of {@link RecommendationsBody} that this route takes from the profile instead. */
    static final Set<String> PAPER_FIELDS = Set.of("positive", "liked", "negative");

    /** An empty body: every option at its default. */
    static final MyRecommendationsBody DEFAULTS = new MyRecommendationsBody(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * @throws IllegalArgumentException when the body sends any of {@link #PAPER_FIELDS}, saying where
     *     the papers come from
     */
    void refusePapers() {
      String sent = positive != null ? "positive" : liked != null ? "liked" : negative != null ? "negative" : null;
      if (sent != null) {
        throw new IllegalArgumentException(
            sent + " is not taken here: this route ranks for the liked and disliked papers of your stored"
                + " profile (PUT /v1/users/me/likes/{id}, PUT /v1/users/me/dislikes/{id}); send positive, liked"
                + " and negative to POST /v1/recommendations for a stateless request");
      }
    }
  }

  /** One element of {@code liked}: a paper ID and, optionally, when it was liked (ISO-8601). */
  record LikedBody(String id, String at) {}

  /**
   * One paper of {@code POST /v1/papers}. Besides {@code id}, a paper may name its other IDs as
   * {@code ids} (any spelling) and as {@code externalIds}, Semantic Scholar's object ({@code
   * {"DOI": "...", "CorpusId": 215416146, "PubMed": "..."}}; names paperrec does not keep, such as
   * {@code DBLP}, are ignored).
   */
  record PaperBody(
      String id,
      List<String> ids,
      Map<String, JsonNode> externalIds,
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
    if (body.positive() != null && body.liked() != null) {
      throw new IllegalArgumentException(
          "send the liked papers either as positive (IDs) or as liked (IDs with times), not both");
    }
    boolean timed = body.liked() != null;
    if (timed ? body.liked().isEmpty() : body.positive() == null || body.positive().isEmpty()) {
      throw new IllegalArgumentException(
          (timed ? "liked" : "positive") + " is required: list at least one paper ID the reader liked"
              + " (positive: IDs; liked: IDs with the times they were liked)");
    }
    // Sizes first, so that a huge list is refused before each ID is parsed.
    Validation.maxSize(body.positive(), RecommendRequest.MAX_PAPERS, "positive");
    Validation.maxSize(body.liked(), RecommendRequest.MAX_PAPERS, "liked");
    Validation.maxSize(body.negative(), RecommendRequest.MAX_PAPERS, "negative");
    RecommendRequest.Builder request = timed
        ? RecommendRequest.builderOfLiked(liked(body.liked()))
        : RecommendRequest.builder(Validation.paperIds(body.positive(), "positive"));
    request
        .negative(Validation.paperIds(body.negative(), "negative"))
        .filter(filter(body.filter()))
        .candidates(candidates(body.candidates()));
    body.options().applyTo(request);
    return request.build();
  }

  /**
   * {@code candidates}: null when not sent (rank the whole corpus), else at most {@link
   * RecommendRequest#MAX_CANDIDATES} normalised IDs.
   */
  static List<String> candidates(List<String> raw) {
    Validation.maxSize(raw, RecommendRequest.MAX_CANDIDATES, "candidates");
    return raw == null ? null : Validation.paperIds(raw, "candidates");
  }

  /**
   * The {@code liked} entries with normalised IDs. A paper listed twice is refused rather than
   * given one of its two times.
   */
  private static List<Liked> liked(List<LikedBody> raw) {
    List<Liked> liked = new ArrayList<>(raw.size());
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      String where = "liked[" + i + "]";
      LikedBody entry = raw.get(i);
      if (entry == null) {
        throw new IllegalArgumentException(
            where + " is null; send an object such as {\"id\": \"2501.06842\", \"at\": \"2025-03-01T09:30:00Z\"}");
      }
      String id = Validation.paperId(entry.id(), where + ".id");
      Integer first = firstIndex.putIfAbsent(id, i);
      if (first != null) {
        throw new IllegalArgumentException(
            where + ".id: paper " + id + " is liked[" + first + "] already; list each liked paper once");
      }
      liked.add(new Liked(id, Validation.instant(entry.at(), where + ".at")));
    }
    return liked;
  }

  /**
   * The paper {@code body} describes. Without an {@code id}, the paper is keyed by the preferred of
   * its {@code ids} and {@code externalIds} ({@link PaperIds#preferredKey}: an arXiv ID, else its
   * DOI, ...), and without any ID by the title-slug ID ({@code title:...}) that {@link
   * PaperIds#fromTitle} derives.
   *
   * @param where prefix of field names in messages: {@code ""} for a single paper, {@code "[3]."}
   *     for the fourth of an array
   */
  static Paper paper(PaperBody body, String where) {
    String title = Validation.text(body.title(), where + "title", Limits.TITLE_CHARS);
    String abstractText = Validation.text(body.abstractText(), where + "abstract", Limits.ABSTRACT_CHARS);
    List<String> ids = otherIds(body, where);
    String id = body.id() != null ? Validation.paperId(body.id(), where + "id")
        : !ids.isEmpty() ? PaperIds.preferredKey(ids)
        : PaperIds.fromTitle(title);
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
        body.upvotes(),
        ids);
  }

  /** The normal forms of {@code ids} and {@code externalIds}, in order, each once. */
  private static List<String> otherIds(PaperBody body, String where) {
    Set<String> ids = new LinkedHashSet<>(Validation.paperIds(body.ids(), where + "ids"));
    if (body.externalIds() != null) {
      for (Map.Entry<String, JsonNode> entry : body.externalIds().entrySet()) {
        JsonNode value = entry.getValue();
        if (value == null || value.isNull()) {
          continue;
        }
        String name = where + "externalIds." + entry.getKey();
        if (!value.isTextual() && !value.isIntegralNumber()) {
          throw new IllegalArgumentException(name + " must be a string or an integer; " + name + "=" + Validation.abbreviate(value.toString()));
        }
        try {
          PaperIds.fromExternalId(entry.getKey(), value.asText()).ifPresent(ids::add);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + e.getMessage(), e);
        }
      }
    }
    if (ids.size() > Paper.MAX_ALIASES + 1) {
      throw new IllegalArgumentException(
          where + "ids and " + where + "externalIds name " + ids.size() + " IDs, more than the " + (Paper.MAX_ALIASES + 1)
              + " a paper may have");
    }
    return List.copyOf(ids);
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
