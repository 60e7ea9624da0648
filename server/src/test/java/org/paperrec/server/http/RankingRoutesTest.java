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

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ranking options ({@code lexicalWeight}, {@code diversity}, {@code recencyWeight}, {@code
 * recencyHalfLifeDays}) and the {@code reason} of every result, on every ranked public route: {@code
 * GET /v1/papers/{id}/similar}, {@code POST /v1/similar}, {@code GET /v1/search} and {@code POST
 * /v1/recommendations}. The user route is in {@link UserRoutesTest}.
 */
class RankingRoutesTest {

  private static final String TEXT_TITLE = "Decoding Quantum Codes with Message Passing";
  private static final String TEXT_ABSTRACT =
      "We decode surface codes with belief propagation and compare with neural network decoders.";

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

  /** A ranked route called with {@code options} as query parameters or body fields. */
  private enum Route {
    SIMILAR_PAPER, SIMILAR_TEXT, SEARCH, RECOMMENDATIONS;

    Response call(HttpClient client, Map<String, Object> options) {
      Map<String, Object> body = new HashMap<>(options);
      body.put("limit", 100);
      switch (this) {
        case SIMILAR_PAPER:
          return get(client, "/v1/papers/" + TestCorpus.CAT_CODES + "/similar" + query(body));
        case SEARCH:
          return get(client, "/v1/search" + query(body) + "&q=qubits+decoders");
        case SIMILAR_TEXT:
          body.put("title", TEXT_TITLE);
          body.put("abstract", TEXT_ABSTRACT);
          return postJson(client, "/v1/similar", toJson(body));
        default:
          body.put("positive", List.of(TestCorpus.CAT_CODES, TestCorpus.QUENCHING));
          return postJson(client, "/v1/recommendations", toJson(body));
      }
    }

    JsonNode results(HttpClient client, Map<String, Object> options) {
      Response response = call(client, options);
      assertEquals(200, response.code(), this + ": " + response.body().string());
      JsonNode results = json(response).path("results");
      assertFalse(results.isEmpty(), this + " returned no results");
      return results;
    }

    private static String query(Map<String, Object> params) {
      StringBuilder query = new StringBuilder();
      params.forEach((name, value) -> query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(value));
      return query.toString();
    }
  }

  @Test
  void everyResultOfEveryRouteHasAReasonWhoseDenseScoreIsTheCosine() {
    Map<String, Object> cosineOnly = Map.of("lexicalWeight", 0, "recencyWeight", 0);
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (Route route : Route.values()) {
        for (JsonNode result : route.results(client, cosineOnly)) {
          JsonNode reason = result.path("reason");
          assertTrue(reason.isObject(), route + ": " + result);
          assertEquals(result.path("score").asDouble(), reason.path("dense").asDouble(), 1e-6, route + ": " + result);
          assertFalse(reason.has("lexical") || reason.has("recency") || reason.has("interest"), route + ": " + result);
          boolean recommendation = route == Route.RECOMMENDATIONS;
          assertEquals(recommendation, reason.has("closestLiked"), route + ": " + result);
          assertEquals(recommendation, result.has("closestLiked"), route + ": " + result);
          if (recommendation) {
            assertEquals(result.path("closestLiked"), reason.path("closestLiked"), "the top-level copy is the same");
          }
        }
      }
    });
  }

  @Test
  void withLexicalAndRecencyWeightsEveryScoreIsTheDocumentedBlendOfItsReason() {
    double w = 0.4;
    double r = 0.3;
    Map<String, Object> options = Map.of("lexicalWeight", w, "recencyWeight", r, "recencyHalfLifeDays", 365);
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (Route route : Route.values()) {
        for (JsonNode result : route.results(client, options)) {
          JsonNode reason = result.path("reason");
          double dense = reason.path("dense").asDouble(Double.NaN);
          double lexical = reason.path("lexical").asDouble(Double.NaN);
          double recency = reason.path("recency").asDouble(Double.NaN);
          assertTrue(dense >= -1 && dense <= 1 && lexical >= 0 && lexical <= 1 && recency >= 0 && recency <= 1,
              route + ": " + result);
          double expected = (1 - r) * ((1 - w) * dense + w * lexical) + r * recency;
          assertEquals(expected, result.path("score").asDouble(), 1e-5, route + ": " + result);
        }
      }
    });
  }

  @Test
  void searchWithLexicalWeightOneRanksTheExactTermMatchFirst() {
    // Only the dusty-galaxies abstract says "submillimetre"; the model alone ranks another paper first.
    JavalinTest.test(fixture.app(), (server, client) -> {
      List<String> dense = ids(json(get(client, "/v1/search?q=submillimetre&limit=3&lexicalWeight=0")));
      JsonNode lexical = json(get(client, "/v1/search?q=submillimetre&limit=3&lexicalWeight=1"));

      assertNotEquals(TestCorpus.DUSTY_GALAXIES, dense.get(0), "the dense ranking alone: " + dense);
      JsonNode first = lexical.path("results").get(0);
      assertEquals(TestCorpus.DUSTY_GALAXIES, first.path("id").asText(), lexical.toString());
      assertEquals(1.0, first.path("reason").path("lexical").asDouble(), 1e-6, first.toString());
      assertEquals(1.0, first.path("score").asDouble(), 1e-6, first.toString());
    });
  }

  @Test
  void diversityOutOfRangeGives400ProblemNamingItOnEveryRoute() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (Route route : Route.values()) {
        String detail = assertProblem(route.call(client, Map.of("diversity", 1.5)), 400, "invalid-request")
            .path("detail").asText();
        assertTrue(detail.contains("diversity=1.5") && detail.contains("between 0 and 1"), route + ": " + detail);
      }
    });
  }

  @Test
  void everyRankingOptionOutOfRangeGives400ProblemNamingItAndItsValue() {
    Map<String, Object> outOfRange = Map.of(
        "lexicalWeight", -0.1, "recencyWeight", 2, "recencyHalfLifeDays", 0, "diversity", -1);
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (Route route : Route.values()) {
        for (Map.Entry<String, Object> option : outOfRange.entrySet()) {
          String detail = assertProblem(route.call(client, Map.of(option.getKey(), option.getValue())), 400, "invalid-request")
              .path("detail").asText();
          assertTrue(detail.contains(option.getKey() + "="), route + " " + option + ": " + detail);
        }
      }
    });
  }

  @Test
  void aRankingParameterThatIsNotADecimalNumberGives400ProblemNamingIt() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String value : List.of("abc", "NaN", "Infinity", "0x1p-1", "0.5d")) {
        String detail = assertProblem(get(client, "/v1/search?q=qubits&lexicalWeight=" + value), 400, "invalid-request")
            .path("detail").asText();
        assertTrue(detail.startsWith("lexicalWeight must be a decimal number") && detail.contains("lexicalWeight=" + value), detail);
      }
      assertEquals(200, get(client, "/v1/search?q=qubits&lexicalWeight=5e-1").code(), "an exponent is a decimal number");
    });
  }

  @Test
  void aRankingFieldThatIsNotANumberGives400ProblemNamingIt() {
    String body = toJson(Map.of("title", TEXT_TITLE, "abstract", TEXT_ABSTRACT, "recencyWeight", "0.5"));
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/similar", body), 400, "malformed-json").path("detail").asText();
      assertTrue(detail.startsWith("field 'recencyWeight' must be a number"), detail);
    });
  }

  @Test
  void similarAndSearchRefuseTheRecommendationOnlyOptions() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String param : List.of("strategy=multi_interest", "likeHalfLifeDays=30", "maxInterests=2", "seed=7")) {
        String detail = assertProblem(get(client, "/v1/search?q=qubits&" + param), 400, "invalid-request").path("detail").asText();
        assertTrue(detail.contains("unknown query parameter") && detail.contains("lexicalWeight"), detail);
        assertProblem(get(client, "/v1/papers/" + TestCorpus.CAT_CODES + "/similar?" + param), 400, "invalid-request");
      }
    });
  }
}
