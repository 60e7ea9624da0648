package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;
import static org.paperrec.server.http.ApiFixture.method;
import static org.paperrec.server.http.ApiFixture.post;
import static org.paperrec.server.http.ApiFixture.postJson;
import static org.paperrec.server.http.ApiFixture.toJson;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.Recommender;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.store.PaperStore;

/** Every error is an {@code application/problem+json} problem with the right status and a useful detail. */
class ProblemResponsesTest {

  @TempDir static Path data;
  static ApiFixture fixture;

  @BeforeAll
  static void openCorpus() {
    fixture = ApiFixture.open(data.resolve("corpus"));
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  /**
   * Found by JsonBodiesFuzzTest: a 415 answered before a 21 KB body was read left the connection
   * so that the client's next request on it got no answer at all.
   */
  @Test
  void aWrongContentTypeWithALargeBodyGets415AndTheConnectionStaysUsable() throws Exception {
    Javalin app = fixture.app().start("127.0.0.1", 0);
    try {
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      String body = "{\"positive\": [\"" + TestCorpus.QUENCHING + "\"], \"x\": \"" + "ab ".repeat(7000) + "\"}";
      // The connection broke after some of these (4 of 20 in a probe), not after each: send enough.
      for (int i = 0; i < 100; i++) {
        java.net.http.HttpResponse<String> response = client.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + app.port() + "/v1/recommendations"))
                .header("Content-Type", "text/plain").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(415, response.statusCode(), response.body());
      }
    } finally {
      app.stop();
    }
  }

  /**
   * The cause of the fuzz finding "no answer at all" (JsonBodiesFuzzTest, 1 in about 10,000 tries
   * before bodies were read ahead): a route that refuses a request before reading its body, here
   * 403 for a wrong admin token, answered while the body was still arriving; Jetty then closed the
   * connection, and a client still sending its body got a broken pipe instead of the answer, or a
   * closed connection for its next request. A refusal now comes after the whole body, on a
   * connection that stays open.
   */
  @Test
  void aRefusalWaitsForTheWholeBodyAndTheConnectionStaysUsable() throws Exception {
    Javalin app = fixture.app().start("127.0.0.1", 0);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
      socket.setSoTimeout(15_000);
      byte[] body = ("{\"id\": \"" + "ab ".repeat(7000) + "\"}").getBytes(StandardCharsets.UTF_8);
      String head = "POST /v1/papers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body, 0, 1000);
      out.flush();
      // Give a server that answers early the time to do it (it used to, within milliseconds).
      for (int waited = 0; waited < 1000 && in.available() == 0; waited += 50) {
        Thread.sleep(50);
      }
      assertEquals(0, in.available(), "answered before the body was complete");
      out.write(body, 1000, body.length - 1000);
      out.flush();
      RawHttp.Reply refused = RawHttp.read(in);
      refused.assertProblem(403);
      assertFalse("close".equalsIgnoreCase(refused.header("connection")), refused.headers().toString());

      out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertEquals(200, RawHttp.read(in).status(), "the next request on the same connection");
    } finally {
      app.stop();
    }
  }

  @Test
  void unknownPaperIdGives404ProblemJson() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode problem = assertProblem(get(client, "/v1/papers/2599.99999"), 404, "paper-not-found");
      assertTrue(problem.path("detail").asText().contains("2599.99999"), problem.toString());
      assertEquals("/v1/papers/2599.99999", problem.path("instance").asText());
    });
  }

  @Test
  void similarOfAnUnknownPaperGives404Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertProblem(get(client, "/v1/papers/arXiv:2599.99999v1/similar"), 404, "paper-not-found");
    });
  }

  @Test
  void junkPaperIdGives400ProblemNamingTheValueAndTheExpectedSpellings() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(get(client, "/v1/papers/not-a-paper"), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.contains("'not-a-paper'"), detail);
      assertTrue(detail.contains("expected an arXiv ID such as 2501.06842"), detail);
    });
  }

  @Test
  void junkIdInARecommendationRequestIsNamedByItsPosition() {
    String body = toJson(Map.of("positive", List.of(TestCorpus.CAT_CODES, "no such thing")));
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", body), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.startsWith("positive[1]: 'no such thing' is not a paper ID"), detail);
    });
  }

  @Test
  void positiveAndLikedTogetherGive400Problem() {
    String body = toJson(Map.of(
        "positive", List.of(TestCorpus.CAT_CODES),
        "liked", List.of(Map.of("id", TestCorpus.MAGIC_STATES, "at", "2025-03-01T09:30:00Z"))));
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", body), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.contains("either as positive") && detail.contains("not both"), detail);
    });
  }

  @Test
  void neitherPositiveNorLikedGives400Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", "{\"liked\": []}"), 400, "invalid-request")
          .path("detail").asText();
      assertTrue(detail.startsWith("liked is required"), detail);
      detail = assertProblem(postJson(client, "/v1/recommendations", "{\"limit\": 5}"), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.startsWith("positive is required"), detail);
    });
  }

  @Test
  void aLikeTimeWithoutAZoneOffsetGives400ProblemNamingTheElement() {
    String body = toJson(Map.of("liked", List.of(
        Map.of("id", TestCorpus.CAT_CODES, "at", "2025-03-01T09:30:00Z"),
        Map.of("id", TestCorpus.MAGIC_STATES, "at", "2025-03-01T09:30:00"))));
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", body), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.startsWith("liked[1].at must be an ISO-8601 date-time with a zone offset"), detail);
      assertTrue(detail.contains("liked[1].at=2025-03-01T09:30:00"), detail);
    });
  }

  @Test
  void aPaperLikedTwiceInLikedGives400ProblemNamingBothElements() {
    String body = toJson(Map.of("liked", List.of(
        Map.of("id", TestCorpus.CAT_CODES), Map.of("id", TestCorpus.MAGIC_STATES), Map.of("id", "arXiv:2311.04444v2"))));
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", body), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.startsWith("liked[2].id: paper 2311.04444 is liked[0] already"), detail);
    });
  }

  @Test
  void aLikedEntryThatIsNullLacksAnIdOrHasAnUnknownFieldGives400ProblemNamingIt() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String missing = assertProblem(postJson(client, "/v1/recommendations", "{\"liked\": [{\"at\": \"2025-03-01T09:30:00Z\"}]}"),
          400, "invalid-request").path("detail").asText();
      assertTrue(missing.startsWith("liked[0].id: paper ID is empty"), missing);
      String unknown = assertProblem(postJson(client, "/v1/recommendations", "{\"liked\": [{\"id\": \"2311.04444\", \"when\": 1}]}"),
          400, "malformed-json").path("detail").asText();
      assertTrue(unknown.startsWith("unknown field 'liked[0].when'") && unknown.contains("at, id"), unknown);
      String nothing = assertProblem(postJson(client, "/v1/recommendations", "{\"liked\": [null]}"), 400, "invalid-request")
          .path("detail").asText();
      assertTrue(nothing.startsWith("liked[0] is null"), nothing);
    });
  }

  @Test
  void recommendationOptionsOutOfRangeGive400ProblemsNamingThemAndTheirValues() {
    Map<String, Object> outOfRange = Map.of(
        "likeHalfLifeDays", -1, "maxInterests", 11, "recencyHalfLifeDays", 36_501, "lexicalWeight", 1.01);
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (Map.Entry<String, Object> option : outOfRange.entrySet()) {
        String body = toJson(Map.of("positive", List.of(TestCorpus.CAT_CODES), option.getKey(), option.getValue()));
        String detail = assertProblem(postJson(client, "/v1/recommendations", body), 400, "invalid-request").path("detail").asText();
        assertTrue(detail.startsWith(option.getKey() + " must be") && detail.contains(option.getKey() + "="), detail);
      }
      String strategy = assertProblem(postJson(client, "/v1/recommendations",
          toJson(Map.of("positive", List.of(TestCorpus.CAT_CODES), "strategy", "clusters"))), 400, "invalid-request").path("detail").asText();
      assertTrue(strategy.contains("unknown strategy 'clusters'") && strategy.contains("multi_interest"), strategy);
      String seed = assertProblem(postJson(client, "/v1/recommendations", "{\"positive\": [\"2311.04444\"], \"seed\": 1.5}"),
          400, "malformed-json").path("detail").asText();
      assertTrue(seed.startsWith("field 'seed' must be an integer"), seed);
    });
  }

  @Test
  void malformedJsonGives400ProblemWithLineAndColumn() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", "{\"positive\": [\"2311.04444\",}"), 400, "malformed-json")
          .path("detail").asText();
      assertTrue(detail.contains("not valid JSON at line 1, column"), detail);
    });
  }

  @Test
  void wrongJsonTypeGives400ProblemNamingTheField() {
    String body = "{\"positive\": [\"2311.04444\"], \"limit\": \"five\"}";
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", body), 400, "malformed-json").path("detail").asText();
      assertTrue(detail.startsWith("field 'limit' must be an integer"), detail);
    });
  }

  @Test
  void wrongJsonTypeInsideAFilterNamesTheNestedField() {
    String body = "{\"positive\": [\"2311.04444\"], \"filter\": {\"categories\": \"quant-ph\"}}";
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", body), 400, "malformed-json").path("detail").asText();
      assertTrue(detail.startsWith("field 'filter.categories' must be an array"), detail);
    });
  }

  @Test
  void unknownJsonFieldGives400ProblemNamingItAndTheAllowedOnes() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", "{\"postive\": [\"2311.04444\"]}"), 400, "malformed-json")
          .path("detail").asText();
      assertTrue(detail.contains("unknown field 'postive'"), detail);
      assertTrue(detail.contains("positive"), detail);
    });
  }

  @Test
  void numberWhereAStringIsExpectedGives400ProblemNamingTheElement() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", "{\"positive\": [2311.04444]}"), 400, "malformed-json")
          .path("detail").asText();
      assertTrue(detail.startsWith("field 'positive[0]' must be a string"), detail);
    });
  }

  @Test
  void duplicateJsonFieldGives400Problem() {
    String body = "{\"positive\": [\"2311.04444\"], \"limit\": 1, \"limit\": 2}";
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", body), 400, "malformed-json").path("detail").asText();
      assertTrue(detail.contains("Duplicate field 'limit'"), detail);
    });
  }

  @Test
  void contentAfterTheJsonValueGives400Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", "{\"positive\": [\"2311.04444\"]} {}"), 400, "malformed-json")
          .path("detail").asText();
      assertTrue(detail.startsWith("the request body has more content after its JSON value"), detail);
    });
  }

  @Test
  void emptyBodyGives400Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertProblem(postJson(client, "/v1/recommendations", ""), 400, "malformed-json");
    });
  }

  @Test
  void jsonArrayWhereAnObjectIsExpectedGives400Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/similar", "[1, 2]"), 400, "malformed-json").path("detail").asText();
      assertEquals("the request body must be a JSON object", detail);
    });
  }

  @ParameterizedTest(name = "limit={0}")
  @ValueSource(strings = {"0", "1000", "abc", "-1", "1.5", "99999999999"})
  void limitOutOfRangeOrNotANumberGives400ProblemNamingIt(String limit) {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(get(client, "/v1/papers/" + TestCorpus.CAT_CODES + "/similar?limit=" + limit), 400, "invalid-request")
          .path("detail").asText();
      assertTrue(detail.contains("limit=" + limit), detail);
      assertTrue(detail.contains("1") && detail.contains("100"), detail);
    });
  }

  @Test
  void offsetOutOfRangeGives400Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(get(client, "/v1/search?q=qubits&offset=1001"), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.contains("offset=1001"), detail);
    });
  }

  @Test
  void limitOutOfRangeInAJsonBodyGives400Problem() {
    String body = toJson(Map.of("positive", List.of(TestCorpus.CAT_CODES), "limit", 0));
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/recommendations", body), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.contains("limit=0"), detail);
    });
  }

  @Test
  void invalidDateGives400ProblemNamingTheParameter() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(get(client, "/v1/search?q=qubits&since=2024-13-01"), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.contains("since=2024-13-01"), detail);
    });
  }

  @Test
  void sinceAfterUntilGives400Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertProblem(get(client, "/v1/search?q=qubits&since=2025-01-01&until=2024-01-01"), 400, "invalid-request");
    });
  }

  @Test
  void unknownQueryParameterGives400ProblemNamingIt() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(get(client, "/v1/search?q=qubits&lmit=5"), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.contains("'lmit'"), detail);
    });
  }

  @Test
  void searchWithoutQueryGives400Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(get(client, "/v1/search"), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.startsWith("q is required"), detail);
    });
  }

  @Test
  void titleOverTheLimitGives400Problem() {
    String body = toJson(Map.of("title", "x".repeat(Limits.TITLE_CHARS + 1), "abstract", "An abstract."));
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/similar", body), 400, "invalid-request").path("detail").asText();
      assertTrue(detail.startsWith("title may be at most 1000 characters"), detail);
    });
  }

  @Test
  void unknownRouteGives404Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(get(client, "/v2/nothing"), 404, "route-not-found").path("detail").asText();
      assertTrue(detail.contains("/openapi.json"), detail);
    });
  }

  @Test
  void wrongMethodGives405ProblemWithAllowHeader() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = method(client, "PUT", "/v1/search");
      assertProblem(response, 405, "method-not-allowed");
      assertEquals("GET, HEAD", header(response, "Allow"), "HEAD is registered with every GET route");
    });
  }

  @Test
  void getOnAPostRouteGives405Problem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/v1/recommendations");
      assertProblem(response, 405, "method-not-allowed");
      assertEquals("POST", header(response, "Allow"));
    });
  }

  @Test
  void wrongContentTypeGives415Problem() {
    String body = toJson(Map.of("positive", List.of(TestCorpus.CAT_CODES)));
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(post(client, "/v1/recommendations", "text/plain", body), 415, "unsupported-media-type")
          .path("detail").asText();
      assertTrue(detail.contains("Content-Type=text/plain"), detail);
    });
  }

  @Test
  void queryBodyOverOneMebibyteGives413Problem() {
    String body = toJson(Map.of("title", "A title", "abstract", "y".repeat((int) Limits.QUERY_BODY_BYTES)));
    JavalinTest.test(fixture.app(), (server, client) -> {
      String detail = assertProblem(postJson(client, "/v1/similar", body), 413, "body-too-large").path("detail").asText();
      assertTrue(detail.contains("1 MiB"), detail);
    });
  }

  @Test
  void encodedDotSegmentInThePathGives400ProblemNotAnHtmlPage() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/v1/papers/%2e%2e/openapi.json");
      assertEquals(400, response.code());
      assertEquals("application/problem+json", header(response, "Content-Type"));
      assertEquals(400, ApiFixture.json(response).path("status").asInt());
    });
  }

  @Test
  void unexpectedFailureGives500ProblemWithErrorIdAndNoStackTrace() {
    PaperStore closedStore = PaperStore.open(data.resolve("closed"), fixture.embedder.fingerprint().toString(), fixture.embedder.dimension());
    Library library = Library.open(closedStore, fixture.embedder);
    Profiles profiles = new Profiles(closedStore.users(), library, Clock.systemUTC());
    closedStore.close();
    Javalin app = HttpApi.create(library, new Recommender(library), profiles, ApiSettings.readOnly(), () -> true);
    JavalinTest.test(app, (server, client) -> {
      Response response = get(client, "/v1/papers/" + TestCorpus.CAT_CODES);
      String body = response.body().string();
      JsonNode problem = assertProblem(response, 500, "internal-error");
      String errorId = problem.path("errorId").asText();
      assertTrue(errorId.matches("[0-9a-f]{8}"), body);
      assertTrue(problem.path("detail").asText().contains(errorId), body);
      assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("store is closed"), body);
    });
  }
}
