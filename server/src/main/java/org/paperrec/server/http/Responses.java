package org.paperrec.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.paperrec.recommend.Recommendations;
import org.paperrec.recommend.ScoredPaper;
import org.paperrec.recommend.profile.Profile;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.store.Paper;

/**
 * JSON response bodies and their mapping from domain values. Absent values (a paper without a date,
 * a result without {@code closestLiked}, the parts of a {@code reason} a request did not use) are
 * left out of the JSON. Every {@code score} is higher-is-better in [-1, 1]: a cosine similarity with
 * the default ranking options, the blend {@link org.paperrec.recommend.RankingOptions} defines
 * otherwise ({@code reason} holds its parts).
 */
final class Responses {

  private Responses() {}

  /** A paper with every field: {@code GET /v1/papers/{id}}. {@code ids}: every ID, the key {@code id} first. */
  record PaperJson(
      String id,
      List<String> ids,
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
      List<String> ids,
      String title,
      List<String> authors,
      int authorCount,
      String date,
      List<String> categories,
      String url,
      float score,
      ReasonJson reason,
      ClosestJson closestLiked) {}

  /**
   * Why a paper was ranked: the parts of its score ({@code lexical} and {@code recency} only when
   * their weight was above 0) and, for recommendations, the closest liked paper and (multi-interest)
   * the interest. See {@link ScoredPaper.Reason}.
   */
  record ReasonJson(float dense, Float lexical, Float recency, ClosestJson closestLiked, InterestJson interest) {}

  /** The liked paper a recommendation is closest to, and the cosine between them. */
  record ClosestJson(String id, float score) {}

  /** The interest (cluster of liked papers) a multi-interest recommendation was drawn from. */
  record InterestJson(int index, int likes, int of) {}

  record SimilarJson(String paper, List<ResultJson> results) {}

  record ResultsJson(List<ResultJson> results) {}

  record SearchJson(String query, List<ResultJson> results) {}

  record RecommendationsJson(String strategy, List<ResultJson> results, List<String> unknownIds) {}

  /** What {@code POST /v1/papers} did, per paper in request order, and in total. */
  record UpsertJson(List<UpsertedJson> results, CountsJson counts) {}

  /** {@code change}: added, reembedded, metadata_updated, unchanged or failed. */
  record UpsertedJson(String id, String change) {}

  record CountsJson(int added, int reembedded, int metadataUpdated, int unchanged, int failed) {}

  /**
   * {@code status}: ready, starting, or degraded (reads work, writes fail: {@code reason} says
   * why; absent otherwise).
   */
  record HealthJson(String status, int papers,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      String reason) {

    HealthJson(String status, int papers) {
      this(status, papers, null);
    }
  }

  /** {@code POST /v1/users}: the only response that ever holds the token. */
  record UserCreatedJson(String id, String token, String created) {}

  /** {@code GET /v1/users/me}: lists newest first; {@code seen} only the unexpired entries. */
  record ProfileJson(String id, String created, List<FeedbackEntryJson> likes, List<FeedbackEntryJson> dislikes,
      List<SeenEntryJson> seen) {}

  /** A liked or disliked paper: its normalised ID, when, and whether it is in the corpus now. */
  record FeedbackEntryJson(String id, String time, boolean inCorpus) {}

  /** A seen paper and when it was last reported seen. */
  record SeenEntryJson(String id, String time) {}

  /** {@code PUT /v1/users/me/likes/{id}} and {@code .../dislikes/{id}}: the stored feedback. */
  record FeedbackJson(String id, String kind, String time, boolean inCorpus, String change) {}

  /** {@code POST /v1/users/me/seen}. */
  record SeenJson(int recorded, String time, String expires) {}

  /** {@code GET /v1/users/me/export}: everything stored for the user, expired seen entries included. */
  record ExportJson(String format, String exported, String id, String created, List<FeedbackEntryJson> likes,
      List<FeedbackEntryJson> dislikes, List<SeenEntryJson> seen) {}

  /** Names the format of {@link ExportJson}, so that a later import can recognise it. */
  static final String EXPORT_FORMAT = "paperrec-user-export/1";

  static PaperJson paper(Paper p) {
    return new PaperJson(
        p.id(), p.ids(), p.title(), p.abstractText(), p.authors(), p.authorCount(), date(p.date()), p.categories(),
        p.primaryCategory(), p.url(), p.upvotes());
  }

  static List<ResultJson> results(List<ScoredPaper> results) {
    return results.stream().map(Responses::result).collect(Collectors.toList());
  }

  static RecommendationsJson recommendations(Recommendations r) {
    return new RecommendationsJson(r.strategy().apiName(), results(r.results()), r.unknownIds());
  }

  static UserCreatedJson userCreated(Profiles.NewUser user) {
    return new UserCreatedJson(user.userId(), user.token(), user.created().toString());
  }

  static ProfileJson profile(Profile p) {
    return new ProfileJson(p.userId(), p.created().toString(), feedback(p.likes()), feedback(p.dislikes()), seen(p.seen()));
  }

  static FeedbackJson feedback(Profiles.FeedbackResult r) {
    return new FeedbackJson(r.paperId(), change(r.kind()), r.time().toString(), r.inCorpus(), change(r.change()));
  }

  static SeenJson seen(Profiles.SeenResult r) {
    return new SeenJson(r.recorded(), r.time().toString(), r.expires().toString());
  }

  static ExportJson export(Profiles.Export export) {
    Profile p = export.profile();
    return new ExportJson(EXPORT_FORMAT, export.exported().toString(), p.userId(), p.created().toString(),
        feedback(p.likes()), feedback(p.dislikes()), seen(p.seen()));
  }

  private static List<FeedbackEntryJson> feedback(List<Profile.Entry> entries) {
    return entries.stream().map(e -> new FeedbackEntryJson(e.paperId(), e.time().toString(), e.inCorpus())).toList();
  }

  private static List<SeenEntryJson> seen(List<Profile.Entry> entries) {
    return entries.stream().map(e -> new SeenEntryJson(e.paperId(), e.time().toString())).toList();
  }

  /** The API name of a {@code Library.Change}: {@code METADATA_UPDATED} is {@code metadata_updated}. */
  static String change(Enum<?> change) {
    return change.name().toLowerCase(Locale.ROOT);
  }

  /** A result; the top-level {@code closestLiked} repeats {@code reason.closestLiked} for older clients. */
  private static ResultJson result(ScoredPaper r) {
    Paper p = r.paper();
    ScoredPaper.Reason why = r.reason();
    ClosestJson closest = why.closestLiked() == null ? null : new ClosestJson(why.closestLiked().id(), why.closestLiked().score());
    InterestJson interest = why.interest() == null
        ? null
        : new InterestJson(why.interest().index(), why.interest().likes(), why.interest().of());
    ReasonJson reason = new ReasonJson(why.dense(), why.lexical(), why.recency(), closest, interest);
    return new ResultJson(
        p.id(), p.ids(), p.title(), p.authors(), p.authorCount(), date(p.date()), p.categories(), p.url(), r.score(), reason, closest);
  }

  private static String date(LocalDate date) {
    return date == null ? null : date.toString();
  }
}
