package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;
import static org.paperrec.server.http.ApiFixture.json;
import static org.paperrec.server.http.ApiFixture.postJson;
import static org.paperrec.server.http.ApiFixture.put;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.Recommender;
import org.paperrec.server.metrics.ServerMetrics;

/**
 * Rate limits per address and per token: a burst beyond the limit gets 429 problem+json with
 * {@code Retry-After}, another address or token keeps its own allowance, and a bucket refills as the
 * (injected) clock moves, never by sleeping. Two clients on one machine are two loopback source
 * addresses ({@link LoopbackClient}).
 */
class RateLimitsTest {

  private static final String AUTHORIZATION = "Authorization";
  private static final String SIMILAR = "/v1/papers/" + TestCorpus.SPARSE_ATTENTION + "/similar?limit=3";

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

  /** An app whose buckets refill by {@code clock}. */
  private static Javalin app(RateLimitSettings limits, MutableClock clock) {
    return HttpApi.create(fixture.library, new Recommender(fixture.library, clock), fixture.profiles,
        new ApiSettings(ApiFixture.ADMIN_TOKEN, List.of(), limits, true), () -> true);
  }

  private static MutableClock clock() {
    return new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
  }

  private static String newUserToken(HttpClient client) {
    Response created = postJson(client, "/v1/users", "{}");
    assertEquals(201, created.code(), created.body().string());
    return json(created).path("token").asText();
  }

  @Test
  void queriesBeyondTheLimitGet429ProblemWithRetryAfterAndTheSettingToChange() {
    JavalinTest.test(app(new RateLimitSettings(0, 0, 3, 0), clock()), (server, client) -> {
      for (int i = 0; i < 3; i++) {
        assertEquals(200, get(client, SIMILAR).code());
      }
      Response refused = get(client, SIMILAR);
      String detail = assertProblem(refused, 429, "rate-limited").path("detail").asText();
      assertEquals("1", header(refused, "Retry-After"));
      assertTrue(detail.contains("at most 3 a second") && detail.contains("--rate-queries")
          && detail.contains("PAPERREC_RATE_QUERIES"), detail);
      // Every expensive query shares the one allowance: search and POST /v1/similar are refused too.
      assertProblem(get(client, "/v1/search?q=attention"), 429, "rate-limited");
      assertProblem(postJson(client, "/v1/similar", "{\"title\":\"t\",\"abstract\":\"a\"}"), 429, "rate-limited");
      // Reading one paper is not limited.
      assertEquals(200, get(client, "/v1/papers/" + TestCorpus.SPARSE_ATTENTION).code());
    });
  }

  @Test
  void anEmptyBucketRefillsAsTheClockMoves() {
    MutableClock clock = clock();
    JavalinTest.test(app(new RateLimitSettings(0, 0, 4, 0), clock), (server, client) -> {
      for (int i = 0; i < 4; i++) {
        assertEquals(200, get(client, SIMILAR).code());
      }
      assertProblem(get(client, SIMILAR), 429, "rate-limited");
      clock.advance(Duration.ofMillis(250)); // a quarter of a second: one request's worth
      assertEquals(200, get(client, SIMILAR).code());
      assertProblem(get(client, SIMILAR), 429, "rate-limited");
      clock.advance(Duration.ofSeconds(1));
      for (int i = 0; i < 4; i++) {
        assertEquals(200, get(client, SIMILAR).code(), "request " + i + " after a full second");
      }
      assertProblem(get(client, SIMILAR), 429, "rate-limited");
    });
  }

  @Test
  void anotherAddressKeepsItsOwnAllowance() throws Exception {
    JavalinTest.test(app(new RateLimitSettings(0, 0, 2, 0), clock()), (server, client) -> {
      int port = server.port();
      for (int i = 0; i < 2; i++) {
        assertEquals(200, LoopbackClient.send("127.0.0.1", port, "GET", SIMILAR).status());
      }
      LoopbackClient.Answer refused = LoopbackClient.send("127.0.0.1", port, "GET", SIMILAR);
      assertEquals(429, refused.status(), refused.head());
      assertEquals("1", refused.header("Retry-After"));
      assertEquals(200, LoopbackClient.send("127.0.0.2", port, "GET", SIMILAR).status());
      assertEquals(200, LoopbackClient.send("127.0.0.2", port, "GET", SIMILAR).status());
      assertEquals(429, LoopbackClient.send("127.0.0.2", port, "GET", SIMILAR).status());
    });
  }

  @Test
  void aTokenIsLimitedFromEveryAddressWhileAnotherTokenIsNot() throws Exception {
    JavalinTest.test(app(new RateLimitSettings(0, 2, 0, 0), clock()), (server, client) -> {
      int port = server.port();
      String first = newUserToken(client);
      String second = newUserToken(client);
      String like = "/v1/users/me/likes/" + TestCorpus.HALLUCINATION;
      assertEquals(200, LoopbackClient.send("127.0.0.3", port, "PUT", like, AUTHORIZATION, bearer(first)).status());
      assertEquals(200, LoopbackClient.send("127.0.0.4", port, "PUT", like, AUTHORIZATION, bearer(first)).status());
      // Two addresses, each with one write of its two left, but the token has used both of its own.
      LoopbackClient.Answer refused = LoopbackClient.send("127.0.0.5", port, "PUT", like, AUTHORIZATION, bearer(first));
      assertEquals(429, refused.status(), refused.head());
      assertTrue(refused.body().contains("with this token"), refused.body());
      assertEquals(200, LoopbackClient.send("127.0.0.5", port, "PUT", like, AUTHORIZATION, bearer(second)).status());
    });
  }

  @Test
  void signupsAreLimitedPerMinuteAndSayWhenToRetry() {
    MutableClock clock = clock();
    JavalinTest.test(app(new RateLimitSettings(2, 0, 0, 0), clock), (server, client) -> {
      newUserToken(client);
      newUserToken(client);
      int users = fixture.profiles.list().size();
      Response refused = postJson(client, "/v1/users", "{}");
      String detail = assertProblem(refused, 429, "rate-limited").path("detail").asText();
      // Two a minute refill one every 30 s.
      assertEquals("30", header(refused, "Retry-After"));
      assertTrue(detail.contains("sign-ups") && detail.contains("PAPERREC_RATE_SIGNUPS"), detail);
      assertEquals(users, fixture.profiles.list().size(), "a refused sign-up creates no user");
      clock.advance(Duration.ofSeconds(30));
      newUserToken(client);
    });
  }

  @Test
  void writesBeyondTheLimitAreRefusedBeforeTheyReachTheStore() {
    JavalinTest.test(app(new RateLimitSettings(0, 2, 0, 0), clock()), (server, client) -> {
      String token = newUserToken(client);
      assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.HALLUCINATION, AUTHORIZATION, bearer(token)).code());
      assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.QUENCHING, AUTHORIZATION, bearer(token)).code());
      assertProblem(put(client, "/v1/users/me/likes/" + TestCorpus.HALO_SHAPES, AUTHORIZATION, bearer(token)), 429,
          "rate-limited");
      // Reading the profile is not a write, and shows the refused like was not stored.
      Response me = get(client, "/v1/users/me", AUTHORIZATION, bearer(token));
      assertEquals(200, me.code());
      assertEquals(2, json(me).path("likes").size(), me.body().string());
      // Admin writes count against the same limit (per address and per token).
      assertProblem(postJson(client, "/v1/admin/backup", "{}", AUTHORIZATION, bearer(ApiFixture.ADMIN_TOKEN)), 429,
          "rate-limited");
    });
  }

  @Test
  void theDefaultsLetAPageWorthOfRequestsThroughAndRefuseABurstBeyondThem() {
    // new ApiSettings(token, origins) has RateLimitSettings.DEFAULTS: what `serve` runs with.
    Javalin app = HttpApi.create(fixture.library, new Recommender(fixture.library, clock()), fixture.profiles,
        new ApiSettings(ApiFixture.ADMIN_TOKEN, List.of()), () -> true);
    JavalinTest.test(app, (server, client) -> {
      String token = newUserToken(client);
      assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, AUTHORIZATION, bearer(token)).code());
      assertEquals(200, get(client, "/v1/users/me/recommendations?limit=3", AUTHORIZATION, bearer(token)).code());
      assertEquals(200, get(client, "/v1/search?q=attention&limit=3").code());
      int sent = 2;
      while (sent < RateLimitSettings.DEFAULT_QUERIES_PER_SECOND) {
        assertEquals(200, get(client, SIMILAR).code(), "query " + sent);
        sent++;
      }
      assertProblem(get(client, SIMILAR), 429, "rate-limited");
    });
  }

  @Test
  void zeroTurnsEveryLimitOff() {
    JavalinTest.test(app(RateLimitSettings.OFF, clock()), (server, client) -> {
      for (int i = 0; i < 3 * RateLimitSettings.DEFAULT_QUERIES_PER_SECOND; i++) {
        Response response = get(client, SIMILAR);
        assertEquals(200, response.code());
        assertNull(header(response, "Retry-After"));
      }
    });
  }

  @Test
  void openApiDocuments429OnExactlyTheRoutesThatCanAnswerIt() {
    RequestBodies bodies = new RequestBodies(Json.newMapper());
    List<Routes.Route> table = Routes.table(
        new PaperHandlers(fixture.library, fixture.recommender, bodies,
            new ETags("test", fixture.library, Clock.systemUTC(), HttpApi.compression())),
        new QueryHandlers(fixture.recommender, bodies),
        new UserHandlers(fixture.profiles, fixture.recommender, bodies),
        new InfoHandlers(fixture.library, () -> true, List::of, new ServerMetrics()),
        new AdminHandlers(fixture.library, bodies),
        new WebPage());
    // A route answers 429 when it has a rate limit, or takes the admin token (the lockout).
    Set<String> expected = new TreeSet<>();
    for (Routes.Route route : table) {
      if (route.limit() != Routes.Limit.NONE || route.access() == Routes.Access.ADMIN
          || route.access() == Routes.Access.SIGNUP) {
        expected.add(route.method().name() + " " + route.path().replace("<", "{").replace(">", "}"));
      }
    }
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode doc = json(get(client, "/openapi.json"));
      Set<String> documented = new TreeSet<>();
      doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
        if (op.getValue().path("responses").has("429")) {
          documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }));
      assertEquals(expected, documented);
      JsonNode tooMany = doc.path("components").path("responses").path("TooManyRequests");
      assertTrue(tooMany.path("headers").has("Retry-After"), tooMany.toString());
    });
  }
}
