package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.json;
import static org.paperrec.server.http.ApiFixture.postJson;
import static org.paperrec.server.http.ApiFixture.toJson;
import static org.paperrec.server.http.PaperRoutesTest.ids;
import static org.paperrec.server.http.PaperRoutesTest.strings;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.Page;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.recommend.Strategy;

/** {@code POST /v1/similar}, {@code GET /v1/search} and {@code POST /v1/recommendations}. */
class QueryRoutesTest {

  @TempDir static Path data;
  static ApiFixture fixture;

  @BeforeAll
  static void openCorpus() {
    fixture = ApiFixture.open(data);
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  @Test
  void similarToTextFindsNeighboursOfAPaperNotInTheCorpus() {
    String body = toJson(Map.of(
        "title", "Lattice Surgery Scheduling for Surface Code Quantum Computers",
        "abstract", "Lattice surgery merges and splits surface code patches to perform logical operations between"
            + " encoded qubits. We schedule these operations to minimise the time a fault-tolerant quantum"
            + " computer spends on error correction rounds.",
        "limit", 3));
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = postJson(client, "/v1/similar", body);
      assertEquals(200, response.code(), response.body().string());
      List<String> ids = ids(json(response));
      assertEquals(3, ids.size());
      assertTrue(TestCorpus.QUANTUM.containsAll(ids), "expected quantum papers, got " + ids);
    });
  }

  @Test
  void similarToTextAppliesTheFilter() {
    String body = toJson(Map.of(
        "title", "Quenching of Star Formation in Group Galaxies",
        "abstract", "We study why galaxies in groups stop forming stars.",
        "limit", 100,
        "filter", Map.of("since", "2024-01-01", "categories", List.of("astro-ph.GA"))));
    JavalinTest.test(fixture.app(), (server, client) -> {
      List<String> ids = ids(json(postJson(client, "/v1/similar", body)));
      assertEquals(Set.of(TestCorpus.HALO_SHAPES, TestCorpus.DUSTY_GALAXIES), Set.copyOf(ids));
    });
  }

  @Test
  void searchRanksPapersOfTheQueriedTopicFirst() {
    String q = URLEncoder.encode("why do satellite galaxies in clusters stop forming stars", StandardCharsets.UTF_8);
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/v1/search?limit=3&q=" + q);
      assertEquals(200, response.code(), response.body().string());
      JsonNode body = json(response);
      assertEquals("why do satellite galaxies in clusters stop forming stars", body.path("query").asText());
      assertTrue(TestCorpus.GALAXIES.containsAll(ids(body)), body.toString());
    });
  }

  @Test
  void searchAppliesTheCategoryFilter() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      List<String> ids = ids(json(get(client, "/v1/search?q=neural+networks&limit=100&category=quant-ph")));
      assertEquals(TestCorpus.QUANTUM, Set.copyOf(ids));
    });
  }

  @Test
  void recommendationsNeverReturnTheInputPapers() {
    String body = toJson(Map.of(
        "positive", List.of(TestCorpus.CAT_CODES, TestCorpus.HALO_SHAPES),
        "negative", List.of(TestCorpus.SPARSE_ATTENTION),
        "limit", 100));
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = postJson(client, "/v1/recommendations", body);
      assertEquals(200, response.code(), response.body().string());
      List<String> ids = ids(json(response));
      assertEquals(TestCorpus.PAPERS.size() - 3, ids.size());
      assertFalse(ids.contains(TestCorpus.CAT_CODES));
      assertFalse(ids.contains(TestCorpus.HALO_SHAPES));
      assertFalse(ids.contains(TestCorpus.SPARSE_ATTENTION));
    });
  }

  @Test
  void recommendationsFromLikedIdsAloneUseTheRecommendModulesDefaults() {
    List<String> liked = List.of(TestCorpus.CAT_CODES, TestCorpus.QUENCHING, TestCorpus.SPARSE_ATTENTION);
    RankingOptions ranking = RankingOptions.RECOMMENDATION_DEFAULT;
    RecommendRequest defaults = RecommendRequest.builder(liked).build();
    Map<String, Object> spelledOut = new HashMap<>(Map.of(
        "positive", liked,
        "strategy", Strategy.DEFAULT.apiName(),
        "lexicalWeight", ranking.lexicalWeight(),
        "diversity", ranking.diversity(),
        "recencyWeight", ranking.recencyWeight(),
        "recencyHalfLifeDays", ranking.recencyHalfLifeDays(),
        "likeHalfLifeDays", defaults.likeHalfLifeDays(),
        "maxInterests", defaults.maxInterests(),
        "seed", defaults.seed()));
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode plain = json(postJson(client, "/v1/recommendations", toJson(Map.of("positive", liked))));
      JsonNode explicit = json(postJson(client, "/v1/recommendations", toJson(spelledOut)));

      assertEquals(Strategy.DEFAULT.apiName(), plain.path("strategy").asText());
      assertEquals(Page.DEFAULT_LIMIT, plain.path("results").size());
      assertEquals(0, plain.path("unknownIds").size());
      assertEquals(explicit, plain);
    });
  }

  @Test
  void multiInterestRecommendationsDrawFromBothTopicsOfTheLikes() {
    // Three language-model papers and two galaxy papers: two interests, the language one first.
    String body = toJson(Map.of(
        "positive", List.of(TestCorpus.SPARSE_ATTENTION, TestCorpus.INSTRUCTION_TUNING, TestCorpus.HALLUCINATION,
            TestCorpus.QUENCHING, TestCorpus.HALO_SHAPES),
        "strategy", "multi_interest",
        "limit", 2));
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = postJson(client, "/v1/recommendations", body);
      assertEquals(200, response.code(), response.body().string());
      JsonNode json = json(response);
      assertEquals("multi_interest", json.path("strategy").asText());
      JsonNode results = json.path("results");
      assertEquals(2, results.size(), results.toString());

      assertTrue(TestCorpus.LANGUAGE.contains(results.get(0).path("id").asText()), results.toString());
      assertTrue(TestCorpus.GALAXIES.contains(results.get(1).path("id").asText()), results.toString());
      assertEquals(Map.of("index", 0, "likes", 3, "of", 2), interest(results.get(0)));
      assertEquals(Map.of("index", 1, "likes", 2, "of", 2), interest(results.get(1)));
    });
  }

  private static Map<String, Integer> interest(JsonNode result) {
    JsonNode interest = result.path("reason").path("interest");
    return Map.of("index", interest.path("index").asInt(-1), "likes", interest.path("likes").asInt(-1), "of",
        interest.path("of").asInt(-1));
  }

  @Test
  void likedWithTimesLetsTheNewerLikeDominateWithALikeHalfLife() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      List<String> galaxyNewer = ids(json(postJson(client, "/v1/recommendations", likedTwoTopics(
          "2020-01-01T00:00:00Z", "2021-01-01T00:00:00+01:00"))));
      List<String> quantumNewer = ids(json(postJson(client, "/v1/recommendations", likedTwoTopics(
          "2021-01-01T00:00:00Z", "2020-01-01T00:00:00Z"))));

      assertTrue(TestCorpus.GALAXIES.containsAll(galaxyNewer), "galaxy paper liked a year later: " + galaxyNewer);
      assertTrue(TestCorpus.QUANTUM.containsAll(quantumNewer), "quantum paper liked a year later: " + quantumNewer);
    });
  }

  /** A quantum and a galaxy paper liked at the given times, decaying with a 30-day half-life; the top 3. */
  private static String likedTwoTopics(String quantumAt, String galaxyAt) {
    return toJson(Map.of(
        "liked", List.of(Map.of("id", TestCorpus.CAT_CODES, "at", quantumAt), Map.of("id", TestCorpus.QUENCHING, "at", galaxyAt)),
        "likeHalfLifeDays", 30,
        "limit", 3));
  }

  @Test
  void likedWithoutTimesRanksLikePositive() {
    List<String> liked = List.of(TestCorpus.CAT_CODES, "arXiv:2305.01111v2");
    String positive = toJson(Map.of("positive", liked, "likeHalfLifeDays", 30));
    String timeless = toJson(Map.of(
        "liked", List.of(Map.of("id", liked.get(0)), Map.of("id", liked.get(1))), "likeHalfLifeDays", 30));
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = postJson(client, "/v1/recommendations", timeless);
      assertEquals(200, response.code(), response.body().string());
      assertEquals(json(postJson(client, "/v1/recommendations", positive)), json(response));
    });
  }

  @Test
  void recommendationsReportTheBestScoreStrategy() {
    String body = toJson(Map.of("positive", List.of(TestCorpus.CAT_CODES, TestCorpus.QUENCHING), "strategy", "best_score"));
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertEquals("best_score", json(postJson(client, "/v1/recommendations", body)).path("strategy").asText());
    });
  }

  @Test
  void recommendationsExplainEachResultByItsClosestLikedPaper() {
    String body = toJson(Map.of("positive", List.of(TestCorpus.CAT_CODES, TestCorpus.QUENCHING), "limit", 100));
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (JsonNode result : json(postJson(client, "/v1/recommendations", body)).path("results")) {
        JsonNode closest = result.path("closestLiked");
        String expected = TestCorpus.GALAXIES.contains(result.path("id").asText()) ? TestCorpus.QUENCHING
            : TestCorpus.QUANTUM.contains(result.path("id").asText()) ? TestCorpus.CAT_CODES
            : closest.path("id").asText();
        assertEquals(expected, closest.path("id").asText(), result.toString());
        double score = closest.path("score").asDouble();
        assertTrue(score >= -1 && score <= 1, result.toString());
      }
    });
  }

  @Test
  void recommendationsReportUnknownIdsAndStillSucceed() {
    String body = toJson(Map.of(
        "positive", List.of(TestCorpus.CAT_CODES, "2599.99999", "arXiv:2598.00001v2"),
        "negative", List.of("https://arxiv.org/abs/2597.00002")));
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = postJson(client, "/v1/recommendations", body);
      assertEquals(200, response.code(), response.body().string());
      JsonNode json = json(response);
      assertEquals(List.of("2599.99999", "2598.00001", "2597.00002"), strings(json.path("unknownIds")));
      assertFalse(json.path("results").isEmpty());
    });
  }

  @Test
  void recommendationsWithOnlyUnknownPositivesGive400NoKnownLikes() {
    String body = toJson(Map.of("positive", List.of("2599.99999", "2598.00001")));
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode problem = assertProblem(postJson(client, "/v1/recommendations", body), 400, "no-known-likes");
      assertTrue(problem.path("detail").asText().contains("2599.99999"), problem.toString());
    });
  }

  @Test
  void dislikedPapersPushTheirTopicDown() {
    List<String> liked = List.of(TestCorpus.DISTILLING_COT, TestCorpus.NEURAL_DECODERS);
    // The dense centroid alone, where the push of the dislikes is the only thing that changes.
    String likesOnly = toJson(Map.of("positive", liked, "limit", 3, "strategy", "centroid", "lexicalWeight", 0));
    String withDislikes = toJson(Map.of(
        "positive", liked, "negative", List.of(TestCorpus.HALLUCINATION, TestCorpus.INSTRUCTION_TUNING), "limit", 3,
        "strategy", "centroid", "lexicalWeight", 0));
    JavalinTest.test(fixture.app(), (server, client) -> {
      List<String> before = ids(json(postJson(client, "/v1/recommendations", likesOnly)));
      List<String> after = ids(json(postJson(client, "/v1/recommendations", withDislikes)));
      assertNotEquals(before, after);
      assertTrue(before.stream().anyMatch(TestCorpus.LANGUAGE::contains), "before: " + before);
      assertTrue(TestCorpus.QUANTUM.containsAll(after), "after disliking language papers: " + after);
    });
  }

  @Test
  void candidatesRestrictTheRankingAndUnknownCandidatesAreReported() {
    List<String> candidates = List.of(
        TestCorpus.HALO_SHAPES, TestCorpus.MAGIC_STATES, TestCorpus.BYTE_LEVEL, TestCorpus.CAT_CODES, "2599.99999");
    String body = toJson(Map.of("positive", List.of(TestCorpus.CAT_CODES), "candidates", candidates));
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode json = json(postJson(client, "/v1/recommendations", body));
      List<String> ids = ids(json);
      assertEquals(Set.of(TestCorpus.HALO_SHAPES, TestCorpus.MAGIC_STATES, TestCorpus.BYTE_LEVEL), new HashSet<>(ids));
      assertEquals(TestCorpus.MAGIC_STATES, ids.get(0));
      assertEquals(List.of("2599.99999"), strings(json.path("unknownIds")));
    });
  }

  @Test
  void anEmptyCandidateListGivesNoResults() {
    String body = toJson(Map.of("positive", List.of(TestCorpus.CAT_CODES), "candidates", List.of()));
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = postJson(client, "/v1/recommendations", body);
      assertEquals(200, response.code(), response.body().string());
      assertEquals(List.of(), ids(json(response)));
    });
  }

  @Test
  void recommendationsApplyTheFilter() {
    String body = toJson(Map.of(
        "positive", List.of(TestCorpus.CAT_CODES),
        "limit", 100,
        "filter", Map.of("since", "2024-01-01", "categories", List.of("quant-ph"), "exclude", List.of("arXiv:2404.05555"))));
    JavalinTest.test(fixture.app(), (server, client) -> {
      // quant-ph since 2024, CAT_CODES (the input) and MAGIC_STATES (excluded) left out: one paper remains.
      JsonNode results = json(postJson(client, "/v1/recommendations", body)).path("results");
      assertEquals(1, results.size(), results.toString());
      assertEquals(TestCorpus.NEURAL_DECODERS, results.get(0).path("id").asText());
    });
  }
}
