package org.paperrec.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.paperrec.recommend.Recommendations;
import org.paperrec.recommend.ScoredPaper;
import org.paperrec.store.Paper;

/**
 * JSON response bodies and their mapping from domain values. Absent values (a paper without a date,
 * a result without {@code closestLiked}) are left out of the JSON. Every {@code score} is a cosine
 * similarity in [-1, 1], higher is closer.
 */
final class Responses {

  private Responses() {}

  /** A paper with every field: {@code GET /v1/papers/{id}}. */
  record PaperJson(
      String id,
      String title,
      @JsonProperty("abstract") String abstractText,
      List<String> authors,
      int authorCount,
      String date,
      List<String> categories,
      String primaryCategory,
      String url,
      Integer upvotes) {}

  /** A ranked paper: enough to show it in a list, without the abstract. */
  record ResultJson(
      String id,
      String title,
      List<String> authors,
      int authorCount,
      String date,
      List<String> categories,
      String url,
      float score,
      ClosestJson closestLiked) {}

  /** The liked paper a recommendation is closest to, and the cosine between them. */
  record ClosestJson(String id, float score) {}

  record SimilarJson(String paper, List<ResultJson> results) {}

  record ResultsJson(List<ResultJson> results) {}

  record SearchJson(String query, List<ResultJson> results) {}

  record RecommendationsJson(String strategy, List<ResultJson> results, List<String> unknownIds) {}

  /** What {@code POST /v1/papers} did, per paper in request order, and in total. */
  record UpsertJson(List<UpsertedJson> results, CountsJson counts) {}

  /** {@code change}: added, reembedded, metadata_updated, unchanged or failed. */
  record UpsertedJson(String id, String change) {}

  record CountsJson(int added, int reembedded, int metadataUpdated, int unchanged, int failed) {}

  /** {@code status}: ready or starting. */
  record HealthJson(String status, int papers) {}

  static PaperJson paper(Paper p) {
    return new PaperJson(
        p.id(), p.title(), p.abstractText(), p.authors(), p.authorCount(), date(p.date()), p.categories(),
        p.primaryCategory(), p.url(), p.upvotes());
  }

  static List<ResultJson> results(List<ScoredPaper> results) {
    return results.stream().map(Responses::result).collect(Collectors.toList());
  }

  static RecommendationsJson recommendations(Recommendations r) {
    return new RecommendationsJson(r.strategy().apiName(), results(r.results()), r.unknownIds());
  }

  /** The API name of a {@code Library.Change}: {@code METADATA_UPDATED} is {@code metadata_updated}. */
  static String change(Enum<?> change) {
    return change.name().toLowerCase(Locale.ROOT);
  }

  private static ResultJson result(ScoredPaper r) {
    Paper p = r.paper();
    ClosestJson closest = r.closestLiked() == null ? null : new ClosestJson(r.closestLiked().id(), r.closestLiked().score());
    return new ResultJson(p.id(), p.title(), p.authors(), p.authorCount(), date(p.date()), p.categories(), p.url(), r.score(), closest);
  }

  private static String date(LocalDate date) {
    return date == null ? null : date.toString();
  }
}
