package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.assertProblem;
import static org.paperrec.server.http.ApiFixture.bearer;
import static org.paperrec.server.http.ApiFixture.delete;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;
import static org.paperrec.server.http.ApiFixture.json;
import static org.paperrec.server.http.ApiFixture.post;
import static org.paperrec.server.http.ApiFixture.postJson;
import static org.paperrec.server.http.ApiFixture.put;
import static org.paperrec.server.http.ApiFixture.toJson;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.recommend.Recommender;
import org.paperrec.recommend.Strategy;
import org.paperrec.recommend.profile.ProfileLimits;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.store.PaperStore;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * {@code POST /v1/users} and the {@code /v1/users/me} routes: tokens, isolation between users,
 * feedback, seen papers, recommendations, export, deletion and durability, against the real model
 * and a real store.
 */
class UserRoutesTest {

  private static final String AUTHORIZATION = "Authorization";
  private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
  /** Well before the recommender's clock (the system's), so that like ages are never clamped at 0. */
  private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

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

  record User(String id, String token) {

    String[] auth() {
      return new String[] {AUTHORIZATION, bearer(token)};
    }
  }

  private static User createUser(HttpClient client) {
    Response response = post(client, "/v1/users", "application/json", "");
    assertEquals(201, response.code(), response.body().string());
    JsonNode body = json(response);
    return new User(body.path("id").asText(), body.path("token").asText());
  }

  private static JsonNode me(HttpClient client, User user) {
    Response response = get(client, "/v1/users/me", user.auth());
    assertEquals(200, response.code(), response.body().string());
    return json(response);
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(e -> ids.add(e.path("id").asText()));
    return ids;
  }

  private static List<String> recommended(HttpClient client, User user, String query) {
    Response response = get(client, "/v1/users/me/recommendations" + query, user.auth());
    assertEquals(200, response.code(), response.body().string());
    return ids(json(response).path("results"));
  }

  // --- creation and tokens

  @Test
  void createUserAnswers201WithAnIdAndATokenThatNoLaterResponseRepeats() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = post(client, "/v1/users", "application/json", "");
      assertEquals(201, response.code());
      assertEquals("/v1/users/me", header(response, "Location"));
      assertEquals("no-store", header(response, "Cache-Control"));
      JsonNode body = json(response);
      User user = new User(body.path("id").asText(), body.path("token").asText());
      assertTrue(user.id().matches("[0-9a-f]{32}"), user.id());
      assertTrue(user.token().matches("[A-Za-z0-9_-]{43}"), user.token());
      assertFalse(body.path("created").asText().isEmpty());

      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth());
      for (String path : List.of("/v1/users/me", "/v1/users/me/export", "/v1/users/me/recommendations")) {
        Response later = get(client, path, user.auth());
        assertEquals(200, later.code(), path + ": " + later.body().string());
        assertFalse(later.body().string().contains(user.token()), path + " repeats the token");
        assertEquals("no-store", header(later, "Cache-Control"), path);
      }
      assertNotEquals(user.token(), createUser(client).token());
    });
  }

  @Test
  void theStoreHoldsOnlyTheTokensSha256() throws Exception {
    Path dir = data.resolve("token-hash");
    User user;
    try (PaperStore store = PaperStore.open(dir, fixture.embedder.fingerprint().toString(), fixture.embedder.dimension())) {
      Library library = Library.open(store, fixture.embedder);
      Profiles profiles = new Profiles(store.users(), library, new MutableClock(START));
      Javalin app = HttpApi.create(library, new Recommender(library), profiles, ApiSettings.readOnly(), () -> true);
      User[] created = new User[1];
      JavalinTest.test(app, (server, client) -> created[0] = createUser(client));
      user = created[0];
    }

    byte[] token = user.token().getBytes(StandardCharsets.US_ASCII);
    String hashKey = "t/" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token));
    List<String> keys = new ArrayList<>();
    forEachRawEntry(dir, (key, value) -> {
      keys.add(new String(key, StandardCharsets.UTF_8));
      assertFalse(contains(key, token) || contains(value, token), "a key or value holds the token itself");
    });
    assertTrue(keys.contains(hashKey), keys.toString());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(contains(Files.readAllBytes(file), token), file + " holds the token");
      }
    }
  }

  @Test
  void meWithoutATokenGives401WithTheUsersRealm() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/v1/users/me");
      JsonNode problem = assertProblem(response, 401, "user-unauthorized");
      assertEquals("Bearer realm=\"paperrec users\"", header(response, "WWW-Authenticate"));
      assertTrue(problem.path("detail").asText().contains("POST /v1/users"), problem.toString());
      assertProblem(put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES), 401, "user-unauthorized");
      assertProblem(delete(client, "/v1/users/me"), 401, "user-unauthorized");
    });
  }

  @Test
  void headOfTheUsersRoutesWithoutATokenGives401() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String path : List.of("/v1/users/me", "/v1/users/me/recommendations", "/v1/users/me/export")) {
        HttpResponse<byte[]> response = ApiFixture.head(client, path);
        assertEquals(401, response.statusCode(), path);
        assertEquals("Bearer realm=\"paperrec users\"", response.headers().firstValue("WWW-Authenticate").orElse(null), path);
        assertEquals(0, response.body().length, path);
      }
      User user = createUser(client);
      assertEquals(200, ApiFixture.head(client, "/v1/users/me", user.auth()).statusCode());
    });
  }

  @Test
  void meWithAWrongTokenGives401() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      String wrong = (user.token().charAt(0) == 'A' ? "B" : "A") + user.token().substring(1);
      assertProblem(get(client, "/v1/users/me", AUTHORIZATION, bearer(wrong)), 401, "user-unauthorized");
      assertProblem(get(client, "/v1/users/me", AUTHORIZATION, bearer(ApiFixture.ADMIN_TOKEN)), 401, "user-unauthorized");
    });
  }

  @Test
  void meWithAMalformedAuthorizationHeaderGives401() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      for (String header : List.of(
          "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer short", "Token " + user.token(), user.token(),
          "Bearer " + user.token() + "x")) {
        assertProblem(get(client, "/v1/users/me", AUTHORIZATION, header), 401, "user-unauthorized");
      }
      assertEquals(200, get(client, "/v1/users/me", AUTHORIZATION, "bearer " + user.token()).code(),
          "the scheme name is case-insensitive");
    });
  }

  @Test
  void userBsTokenNeverReachesUserAsProfile() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User a = createUser(client);
      User b = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, a.auth());
      post(client, "/v1/users/me/seen", "application/json", toJson(List.of(TestCorpus.QUENCHING)), a.auth());
      JsonNode before = me(client, a);

      assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.HALO_SHAPES, b.auth()).code());
      assertEquals(200, put(client, "/v1/users/me/dislikes/" + TestCorpus.CAT_CODES, b.auth()).code());
      assertEquals(204, delete(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, b.auth()).code());
      post(client, "/v1/users/me/seen", "application/json", toJson(List.of(TestCorpus.MAGIC_STATES)), b.auth());
      JsonNode bMe = me(client, b);
      assertEquals(b.id(), bMe.path("id").asText());
      assertEquals(List.of(TestCorpus.HALO_SHAPES), ids(bMe.path("likes")));
      assertEquals(before, me(client, a));

      assertEquals(204, delete(client, "/v1/users/me", b.auth()).code());
      assertEquals(before, me(client, a));
      assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.MAGIC_STATES, a.auth()).code());
      assertProblem(get(client, "/v1/users/me", b.auth()), 401, "user-unauthorized");
    });
  }

  // --- feedback

  @Test
  void likeThenDislikeOfAPaperLeavesOnlyTheDislike() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      assertEquals("added", json(put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth())).path("change").asText());

      Response response = put(client, "/v1/users/me/dislikes/" + TestCorpus.CAT_CODES, user.auth());

      assertEquals(200, response.code());
      JsonNode body = json(response);
      assertEquals(TestCorpus.CAT_CODES, body.path("id").asText());
      assertEquals("dislike", body.path("kind").asText());
      assertEquals("switched", body.path("change").asText());
      JsonNode me = me(client, user);
      assertEquals(List.of(), ids(me.path("likes")));
      assertEquals(List.of(TestCorpus.CAT_CODES), ids(me.path("dislikes")));
    });
  }

  @Test
  void puttingALikeTwiceIsIdempotent() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      JsonNode first = json(put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth()));
      Response again = put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth());

      assertEquals(200, again.code());
      JsonNode second = json(again);
      assertEquals("added", first.path("change").asText());
      assertEquals("unchanged", second.path("change").asText());
      assertEquals(first.path("time"), second.path("time"), "the first time is kept");
      JsonNode likes = me(client, user).path("likes");
      assertEquals(1, likes.size());
      assertEquals(first.path("time"), likes.get(0).path("time"));
    });
  }

  @Test
  void deletingALikeThatIsNotThereGives204() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      assertEquals(204, delete(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth()).code());
      assertEquals(204, delete(client, "/v1/users/me/dislikes/2599.99999", user.auth()).code());
      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth());
      assertEquals(204, delete(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth()).code());
      assertEquals(204, delete(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth()).code());
      assertEquals(List.of(), ids(me(client, user).path("likes")));
    });
  }

  @Test
  void aLikeOfAPaperNotInTheCorpusIsKeptAndReportedAsSuch() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      JsonNode like = json(put(client, "/v1/users/me/likes/2599.99999", user.auth()));
      assertEquals("2599.99999", like.path("id").asText());
      assertFalse(like.path("inCorpus").asBoolean(true), like.toString());
      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth());

      JsonNode likes = me(client, user).path("likes");
      assertEquals(2, likes.size());
      for (JsonNode entry : likes) {
        assertEquals(!entry.path("id").asText().equals("2599.99999"), entry.path("inCorpus").asBoolean(), entry.toString());
      }
    });
  }

  @Test
  void paperIdsInThePathAcceptEverySpelling() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      for (String spelling : List.of(
          "arXiv:2401.00101v2", "https%3A%2F%2Farxiv.org%2Fabs%2F2402.00202v1", "astro-ph/0412345", "hep-ph%2F0307015")) {
        assertEquals(200, put(client, "/v1/users/me/likes/" + spelling, user.auth()).code(), spelling);
      }
      assertEquals(TestCorpus.BP_OSD_DECODING,
          json(put(client, "/v1/users/me/dislikes/DOI:10.5555%2FQEC.2021.17", user.auth())).path("id").asText());
      JsonNode me = me(client, user);
      assertEquals(Set.of("2401.00101", "2402.00202", "astro-ph/0412345", "hep-ph/0307015"), Set.copyOf(ids(me.path("likes"))));
      assertEquals(List.of(TestCorpus.BP_OSD_DECODING), ids(me.path("dislikes")));

      assertEquals(204, delete(client, "/v1/users/me/likes/astro-ph%2F0412345", user.auth()).code());
      assertEquals(204, delete(client, "/v1/users/me/likes/hep-ph/0307015v3", user.auth()).code());
      assertEquals(Set.of("2401.00101", "2402.00202"), Set.copyOf(ids(me(client, user).path("likes"))));
      assertProblem(put(client, "/v1/users/me/likes/not-an-id", user.auth()), 400, "invalid-request");
    });
  }

  @Test
  void aFullProfileRefusesAnotherLikeWith409() {
    Profiles small = new Profiles(fixture.store.users(), fixture.library, new MutableClock(START),
        new ProfileLimits(2, 1000, 10_000, Duration.ofDays(30)));
    JavalinTest.test(fixture.app(small), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth());
      put(client, "/v1/users/me/dislikes/" + TestCorpus.QUENCHING, user.auth());

      JsonNode problem = assertProblem(put(client, "/v1/users/me/likes/" + TestCorpus.MAGIC_STATES, user.auth()), 409, "profile-full");

      assertTrue(problem.path("detail").asText().contains("2 likes and dislikes"), problem.toString());
      assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.QUENCHING, user.auth()).code(), "switching is allowed");
    });
  }

  // --- seen

  @Test
  void seenRecordsPapersAndRefusesMoreThan1000IdsOrABodyThatIsNotAList() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      Response response = post(client, "/v1/users/me/seen", "application/json",
          toJson(List.of(TestCorpus.CAT_CODES, "arXiv:2311.04444v2", TestCorpus.QUENCHING)), user.auth());
      assertEquals(200, response.code(), response.body().string());
      JsonNode body = json(response);
      assertEquals(2, body.path("recorded").asInt());
      assertEquals(Instant.parse(body.path("time").asText()).plus(Duration.ofDays(30)), Instant.parse(body.path("expires").asText()));
      assertEquals(Set.of(TestCorpus.CAT_CODES, TestCorpus.QUENCHING), Set.copyOf(ids(me(client, user).path("seen"))));

      List<String> tooMany = Collections.nCopies(1001, TestCorpus.CAT_CODES);
      JsonNode problem = assertProblem(post(client, "/v1/users/me/seen", "application/json", toJson(tooMany), user.auth()), 400, "invalid-request");
      assertTrue(problem.path("detail").asText().contains("at most 1000"), problem.toString());
      assertProblem(post(client, "/v1/users/me/seen", "application/json", "[]", user.auth()), 400, "invalid-request");
      assertProblem(post(client, "/v1/users/me/seen", "application/json", "{\"ids\": []}", user.auth()), 400, "malformed-json");
      assertProblem(post(client, "/v1/users/me/seen", "application/json", "[\"2401.00101\", 5]", user.auth()), 400, "malformed-json");
      JsonNode junk = assertProblem(post(client, "/v1/users/me/seen", "application/json", "[\"2401.00101\", \"junk\"]", user.auth()), 400, "invalid-request");
      assertTrue(junk.path("detail").asText().startsWith("[1]: "), junk.toString());
      assertProblem(post(client, "/v1/users/me/seen", "text/plain", "[]", user.auth()), 415, "unsupported-media-type");
    });
  }

  /** Found by JsonBodiesFuzzTest: Jackson called a string for String[] a bad definition, answered 500. */
  @Test
  void aSeenBodyThatIsAStringOrNumberIsA400NotA500() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      for (String scalar : List.of("\"2401.00101\"", "\"id\":922", "5", "true", "null")) {
        JsonNode problem = assertProblem(post(client, "/v1/users/me/seen", "application/json", scalar, user.auth()), 400, "malformed-json");
        assertEquals("the request body must be a JSON array", problem.path("detail").asText(), scalar);
      }
    });
  }

  /** NUL bytes make Jackson read UTF-32; its CharConversionException was answered 500. */
  @Test
  void aBodyThatJacksonReadsAsBadUtf32IsA400NotA500() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      Response response = client.request("/v1/users/me/recommendations", b -> b.header(AUTHORIZATION, user.auth()[1])
          .header("Content-Type", "application/json")
          .post(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 0, 0, '{', 0, 0x11, 0, 0})));
      JsonNode problem = assertProblem(response, 400, "malformed-json");
      assertTrue(problem.path("detail").asText().startsWith("the request body is not JSON in UTF-8"), problem.toString());
    });
  }

  @Test
  void aSeenPaperIsExcludedFromMyRecommendationsFor30Days() {
    MutableClock clock = new MutableClock(START);
    Profiles profiles = new Profiles(fixture.store.users(), fixture.library, clock);
    JavalinTest.test(fixture.app(profiles), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, user.auth());
      String top = recommended(client, user, "?limit=3").get(0);
      assertTrue(TestCorpus.LANGUAGE.contains(top), top);

      post(client, "/v1/users/me/seen", "application/json", toJson(List.of(top)), user.auth());

      assertFalse(recommended(client, user, "?limit=12").contains(top));
      clock.advance(Duration.ofDays(30).minusSeconds(1));
      assertFalse(recommended(client, user, "?limit=12").contains(top));
      clock.advance(Duration.ofSeconds(2));
      assertEquals(top, recommended(client, user, "?limit=3").get(0), "after 30 days it counts again");
      assertEquals(List.of(), ids(me(client, user).path("seen")));
    });
  }

  // --- recommendations

  @Test
  void myRecommendationsRankByLikesAndDislikesAndExcludeThem() {
    // A clock that stands still gives every like the same time, so the likes' order (by ID) is known.
    Profiles profiles = new Profiles(fixture.store.users(), fixture.library, new MutableClock(START));
    JavalinTest.test(fixture.app(profiles), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth());
      put(client, "/v1/users/me/likes/" + TestCorpus.MAGIC_STATES, user.auth());
      put(client, "/v1/users/me/dislikes/" + TestCorpus.NEURAL_DECODERS, user.auth());
      put(client, "/v1/users/me/likes/2599.99999", user.auth()); // not in the corpus

      Response response = get(client, "/v1/users/me/recommendations?limit=10", user.auth());

      assertEquals(200, response.code(), response.body().string());
      JsonNode body = json(response);
      assertEquals(Strategy.DEFAULT.apiName(), body.path("strategy").asText());
      List<String> results = ids(body.path("results"));
      assertEquals(TestCorpus.PAPERS.size() - 3, results.size());
      assertFalse(results.contains(TestCorpus.CAT_CODES) || results.contains(TestCorpus.MAGIC_STATES)
          || results.contains(TestCorpus.NEURAL_DECODERS), results.toString());
      for (JsonNode result : body.path("results")) {
        assertTrue(Set.of(TestCorpus.CAT_CODES, TestCorpus.MAGIC_STATES).contains(result.path("closestLiked").path("id").asText()), result.toString());
      }

      // the same ranking as the stateless route with the profile spelled out
      Map<String, Object> stateless = Map.of(
          "positive", List.of(TestCorpus.CAT_CODES, TestCorpus.MAGIC_STATES),
          "negative", List.of(TestCorpus.NEURAL_DECODERS),
          "limit", 10);
      JsonNode expected = json(postJson(client, "/v1/recommendations", toJson(stateless))).path("results");
      assertEquals(ids(expected), results);
      for (int i = 0; i < results.size(); i++) {
        assertEquals(expected.get(i).path("score").asDouble(), body.path("results").get(i).path("score").asDouble(), 1e-6);
      }
    });
  }

  @Test
  void myRecommendationsTakeTheOptionsOfTheStatelessRouteAsQueryParameters() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, user.auth());

      JsonNode best = json(get(client, "/v1/users/me/recommendations?strategy=best_score&limit=2&offset=1", user.auth()));
      assertEquals("best_score", best.path("strategy").asText());
      assertEquals(2, best.path("results").size());
      assertEquals(recommended(client, user, "?strategy=best_score&limit=3").subList(1, 3), ids(best.path("results")));

      List<String> quantum = recommended(client, user, "?category=quant-ph&since=2023-01-01&until=2024-12-31");
      assertEquals(Set.of(TestCorpus.CAT_CODES, TestCorpus.MAGIC_STATES), Set.copyOf(quantum));

      assertProblem(get(client, "/v1/users/me/recommendations?lmit=5", user.auth()), 400, "invalid-request");
      assertProblem(get(client, "/v1/users/me/recommendations?strategy=magic", user.auth()), 400, "invalid-request");
      assertProblem(get(client, "/v1/users/me/recommendations?limit=0", user.auth()), 400, "invalid-request");
    });
  }

  @Test
  void myRecommendationsTakeEveryOptionAndMatchTheStatelessRouteWithTheStoredLikeTimes() {
    MutableClock clock = new MutableClock(LONG_AGO);
    Profiles profiles = new Profiles(fixture.store.users(), fixture.library, clock);
    JavalinTest.test(fixture.app(profiles), (server, client) -> {
      User user = createUser(client);
      for (String id : List.of(TestCorpus.SPARSE_ATTENTION, TestCorpus.INSTRUCTION_TUNING, TestCorpus.HALLUCINATION)) {
        put(client, "/v1/users/me/likes/" + id, user.auth());
        clock.advance(Duration.ofDays(20));
      }
      for (String id : List.of(TestCorpus.QUENCHING, TestCorpus.HALO_SHAPES)) {
        put(client, "/v1/users/me/likes/" + id, user.auth());
        clock.advance(Duration.ofDays(20));
      }
      put(client, "/v1/users/me/dislikes/" + TestCorpus.NEURAL_DECODERS, user.auth());
      Map<String, Object> options = Map.of(
          "strategy", "multi_interest", "lexicalWeight", 0.3, "diversity", 0.2, "recencyWeight", 0.1,
          "recencyHalfLifeDays", 90, "likeHalfLifeDays", 30, "maxInterests", 2, "seed", 7, "limit", 8);

      Response response = get(client, "/v1/users/me/recommendations" + query(options), user.auth());

      assertEquals(200, response.code(), response.body().string());
      JsonNode mine = json(response);
      assertEquals("multi_interest", mine.path("strategy").asText());
      for (JsonNode result : mine.path("results")) {
        JsonNode reason = result.path("reason");
        for (String part : List.of("dense", "lexical", "recency", "closestLiked", "interest")) {
          assertTrue(reason.has(part), "no " + part + " in " + result);
        }
        assertEquals(2, reason.path("interest").path("of").asInt(), result.toString());
      }
      // The stateless route with the profile spelled out: likes with their stored times.
      List<Map<String, String>> liked = new ArrayList<>();
      for (JsonNode like : me(client, user).path("likes")) {
        liked.add(Map.of("id", like.path("id").asText(), "at", like.path("time").asText()));
      }
      Map<String, Object> stateless = new HashMap<>(options);
      stateless.put("liked", liked);
      stateless.put("negative", List.of(TestCorpus.NEURAL_DECODERS));
      assertEquals(json(postJson(client, "/v1/recommendations", toJson(stateless))), mine);
    });
  }

  @Test
  void myRecommendationsFollowTheNewerLikeWithALikeHalfLife() {
    MutableClock clock = new MutableClock(LONG_AGO);
    Profiles profiles = new Profiles(fixture.store.users(), fixture.library, clock);
    JavalinTest.test(fixture.app(profiles), (server, client) -> {
      User galaxiesLater = createUser(client);
      User quantumLater = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, galaxiesLater.auth());
      put(client, "/v1/users/me/likes/" + TestCorpus.QUENCHING, quantumLater.auth());
      clock.advance(Duration.ofDays(365));
      put(client, "/v1/users/me/likes/" + TestCorpus.QUENCHING, galaxiesLater.auth());
      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, quantumLater.auth());

      List<String> galaxies = recommended(client, galaxiesLater, "?likeHalfLifeDays=30&limit=3");
      List<String> quantum = recommended(client, quantumLater, "?likeHalfLifeDays=30&limit=3");

      assertTrue(TestCorpus.GALAXIES.containsAll(galaxies), galaxies.toString());
      assertTrue(TestCorpus.QUANTUM.containsAll(quantum), quantum.toString());
    });
  }

  @Test
  void myRecommendationOptionsOutOfRangeOrMalformedGive400ProblemsNamingThem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, user.auth());
      for (String param : List.of(
          "diversity=1.5", "lexicalWeight=-0.5", "recencyWeight=abc", "recencyHalfLifeDays=0", "likeHalfLifeDays=-1",
          "likeHalfLifeDays=36501", "maxInterests=0", "maxInterests=11", "maxInterests=2.5", "seed=x", "strategy=clusters")) {
        String name = param.substring(0, param.indexOf('='));
        String detail = assertProblem(get(client, "/v1/users/me/recommendations?" + param, user.auth()), 400, "invalid-request")
            .path("detail").asText();
        assertTrue(detail.contains(name), param + ": " + detail);
      }
      assertEquals(200, get(client, "/v1/users/me/recommendations?likeHalfLifeDays=0&maxInterests=10&seed=-3", user.auth()).code());
    });
  }

  // --- recommendations by POST, with the options as a JSON body

  private static final String MY_RECOMMENDATIONS = "/v1/users/me/recommendations";

  @Test
  void myRecommendationsByPostTakeEveryOptionAsJsonAndMatchTheGetRoute() {
    MutableClock clock = new MutableClock(LONG_AGO);
    Profiles profiles = new Profiles(fixture.store.users(), fixture.library, clock);
    JavalinTest.test(fixture.app(profiles), (server, client) -> {
      User user = createUser(client);
      for (String id : List.of(TestCorpus.SPARSE_ATTENTION, TestCorpus.QUENCHING, TestCorpus.INSTRUCTION_TUNING)) {
        put(client, "/v1/users/me/likes/" + id, user.auth());
        clock.advance(Duration.ofDays(20));
      }
      put(client, "/v1/users/me/dislikes/" + TestCorpus.NEURAL_DECODERS, user.auth());
      Map<String, Object> options = Map.of(
          "strategy", "multi_interest", "lexicalWeight", 0.3, "diversity", 0.2, "recencyWeight", 0.1,
          "recencyHalfLifeDays", 90, "likeHalfLifeDays", 30, "maxInterests", 2, "seed", 7, "limit", 4, "offset", 1);
      JsonNode byGet = json(get(client, MY_RECOMMENDATIONS + query(options) + "&category=cs&since=2023-01-01", user.auth()));
      Map<String, Object> body = new HashMap<>(options);
      body.put("filter", Map.of("categories", List.of("cs"), "since", "2023-01-01"));

      Response byPost = postJson(client, MY_RECOMMENDATIONS, toJson(body), user.auth());

      assertEquals(200, byPost.code(), byPost.body().string());
      assertEquals("no-store", header(byPost, "Cache-Control"));
      JsonNode mine = json(byPost);
      assertEquals("multi_interest", mine.path("strategy").asText());
      assertFalse(mine.path("results").isEmpty(), mine.toString());
      assertEquals(byGet, mine);
    });
  }

  @Test
  void myRecommendationsByPostWithNoBodyOrAnEmptyObjectTakeEveryDefault() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, user.auth());
      JsonNode byGet = json(get(client, MY_RECOMMENDATIONS, user.auth()));

      Response noBody = client.request(MY_RECOMMENDATIONS, b -> b.post(HttpRequest.BodyPublishers.noBody())
          .header(AUTHORIZATION, bearer(user.token())));
      Response emptyObject = postJson(client, MY_RECOMMENDATIONS, "{}", user.auth());

      assertEquals(200, noBody.code(), noBody.body().string());
      assertEquals(byGet, json(noBody));
      assertEquals(200, emptyObject.code(), emptyObject.body().string());
      assertEquals(byGet, json(emptyObject));
    });
  }

  @Test
  void myRecommendationsByPostRankOnlyTheCandidatesThatTheProfileAndTheFilterLeave() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, user.auth());
      put(client, "/v1/users/me/dislikes/" + TestCorpus.CAT_CODES, user.auth());
      post(client, "/v1/users/me/seen", "application/json", toJson(List.of(TestCorpus.HALLUCINATION)), user.auth());
      List<String> candidates = List.of(
          TestCorpus.SPARSE_ATTENTION, TestCorpus.CAT_CODES, TestCorpus.HALLUCINATION, TestCorpus.QUENCHING,
          "arXiv:" + TestCorpus.INSTRUCTION_TUNING + "v2", TestCorpus.HALO_SHAPES, "2599.99999");
      Map<String, Object> body = Map.of("candidates", candidates, "filter", Map.of("exclude", List.of(TestCorpus.QUENCHING)));

      Response response = postJson(client, MY_RECOMMENDATIONS, toJson(body), user.auth());

      assertEquals(200, response.code(), response.body().string());
      JsonNode result = json(response);
      assertEquals(List.of(TestCorpus.INSTRUCTION_TUNING, TestCorpus.HALO_SHAPES), ids(result.path("results")),
          "liked, disliked, seen and filter.exclude candidates are left out, the language paper ranks first");
      assertEquals(List.of("2599.99999"), ApiFixture.JSON.convertValue(result.path("unknownIds"), List.class));
    });
  }

  @Test
  void myRecommendationsByPostWithAnEmptyCandidateListGiveNoResults() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, user.auth());

      Response response = postJson(client, MY_RECOMMENDATIONS, "{\"candidates\": []}", user.auth());

      assertEquals(200, response.code(), response.body().string());
      assertEquals(List.of(), ids(json(response).path("results")));
    });
  }

  @Test
  void myRecommendationsByPostRefusePositiveLikedAndNegativeSayingThatTheProfileHoldsThem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, user.auth());
      Map<String, Object> bodies = Map.of(
          "positive", Map.of("positive", List.of(TestCorpus.CAT_CODES)),
          "liked", Map.of("liked", List.of(Map.of("id", TestCorpus.CAT_CODES))),
          "negative", Map.of("negative", List.of(TestCorpus.CAT_CODES), "limit", 3));
      for (Map.Entry<String, Object> body : bodies.entrySet()) {
        Response response = postJson(client, MY_RECOMMENDATIONS, toJson(body.getValue()), user.auth());
        String detail = assertProblem(response, 400, "invalid-request").path("detail").asText();
        assertTrue(detail.startsWith(body.getKey() + " is not taken here"), detail);
        assertTrue(detail.contains("stored profile") && detail.contains("POST /v1/recommendations"), detail);
      }
    });
  }

  @Test
  void myRecommendationsByPostRefuseAnUnknownFieldNamingTheFieldsAllowed() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, user.auth());

      String detail = assertProblem(postJson(client, MY_RECOMMENDATIONS, "{\"lmit\": 5}", user.auth()), 400, "malformed-json")
          .path("detail").asText();
      assertTrue(detail.contains("unknown field 'lmit'") && detail.contains("candidates"), detail);
      assertFalse(detail.contains("positive"), detail);

      String nested = assertProblem(
          postJson(client, MY_RECOMMENDATIONS, "{\"filter\": {\"positive\": []}}", user.auth()), 400, "malformed-json")
          .path("detail").asText();
      assertTrue(nested.contains("unknown field 'filter.positive'"), nested);
    });
  }

  @Test
  void myRecommendationsByPostRefuseTooManyCandidatesAndInvalidOptionsNamingThem() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.SPARSE_ATTENTION, user.auth());
      List<String> tooMany = Collections.nCopies(RecommendRequest.MAX_CANDIDATES + 1, TestCorpus.CAT_CODES);
      Map<String, String> bodies = Map.of(
          "candidates", toJson(Map.of("candidates", tooMany)),
          "candidates[1]", toJson(Map.of("candidates", List.of(TestCorpus.CAT_CODES, "not an id"))),
          "limit", "{\"limit\": 0}",
          "maxInterests", "{\"maxInterests\": 11}",
          "strategy", "{\"strategy\": \"magic\"}");
      for (Map.Entry<String, String> body : bodies.entrySet()) {
        String detail = assertProblem(postJson(client, MY_RECOMMENDATIONS, body.getValue(), user.auth()), 400, "invalid-request")
            .path("detail").asText();
        assertTrue(detail.contains(body.getKey()), body.getKey() + ": " + detail);
      }
      assertProblem(post(client, MY_RECOMMENDATIONS, "text/plain", "{}", user.auth()), 415, "unsupported-media-type");
      assertProblem(postJson(client, MY_RECOMMENDATIONS, "[]", user.auth()), 400, "malformed-json");
    });
  }

  @Test
  void myRecommendationsByPostNeedTheUsersToken() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      assertProblem(postJson(client, MY_RECOMMENDATIONS, "{}"), 401, "user-unauthorized");
      assertProblem(postJson(client, MY_RECOMMENDATIONS, "{}", AUTHORIZATION, bearer(ApiFixture.ADMIN_TOKEN)), 401,
          "user-unauthorized");
    });
  }

  private static String query(Map<String, Object> params) {
    StringBuilder query = new StringBuilder();
    params.forEach((name, value) -> query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(value));
    return query.toString();
  }

  @Test
  void myRecommendationsWithoutALikeInTheCorpusGive400NoKnownLikesSayingWhatToDo() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/dislikes/" + TestCorpus.CAT_CODES, user.auth());
      JsonNode problem = assertProblem(get(client, "/v1/users/me/recommendations", user.auth()), 400, "no-known-likes");
      assertTrue(problem.path("detail").asText().contains("like at least one paper"), problem.toString());
      assertProblem(post(client, "/v1/users/me/recommendations", "application/json", "{}", user.auth()), 400, "no-known-likes");

      put(client, "/v1/users/me/likes/2599.99999", user.auth());
      JsonNode outside = assertProblem(get(client, "/v1/users/me/recommendations", user.auth()), 400, "no-known-likes");
      assertTrue(outside.path("detail").asText().contains("in the corpus yet"), outside.toString());
    });
  }

  // --- export and deletion

  @Test
  void exportHoldsEverythingStoredForTheUser() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth());
      put(client, "/v1/users/me/likes/2599.99999", user.auth());
      put(client, "/v1/users/me/dislikes/" + TestCorpus.QUENCHING, user.auth());
      post(client, "/v1/users/me/seen", "application/json", toJson(List.of(TestCorpus.HALO_SHAPES)), user.auth());

      Response response = get(client, "/v1/users/me/export", user.auth());

      assertEquals(200, response.code());
      assertEquals("attachment; filename=\"paperrec-user-" + user.id() + ".json\"", header(response, "Content-Disposition"));
      JsonNode export = json(response);
      assertEquals("paperrec-user-export/1", export.path("format").asText());
      assertEquals(user.id(), export.path("id").asText());
      assertFalse(export.path("created").asText().isEmpty());
      assertFalse(export.path("exported").asText().isEmpty());
      assertEquals(Set.of(TestCorpus.CAT_CODES, "2599.99999"), Set.copyOf(ids(export.path("likes"))));
      assertEquals(List.of(TestCorpus.QUENCHING), ids(export.path("dislikes")));
      assertEquals(List.of(TestCorpus.HALO_SHAPES), ids(export.path("seen")));
      JsonNode me = me(client, user);
      assertEquals(me.path("likes"), export.path("likes"));
      assertEquals(me.path("dislikes"), export.path("dislikes"));
    });
  }

  @Test
  void deleteMeErasesEverythingAndTheOldTokenThenGives401() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      User user = createUser(client);
      put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth());
      post(client, "/v1/users/me/seen", "application/json", toJson(List.of(TestCorpus.HALO_SHAPES)), user.auth());

      assertEquals(204, delete(client, "/v1/users/me", user.auth()).code());

      assertFalse(fixture.store.users().exists(user.id()));
      assertTrue(fixture.profiles.list().stream().noneMatch(s -> s.id().equals(user.id())));
      assertEquals(java.util.Optional.empty(), fixture.profiles.authenticate(user.token()));
      for (String path : List.of("/v1/users/me", "/v1/users/me/export")) {
        assertProblem(get(client, path, user.auth()), 401, "user-unauthorized");
      }
      assertProblem(put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user.auth()), 401, "user-unauthorized");
      assertProblem(delete(client, "/v1/users/me", user.auth()), 401, "user-unauthorized");
    });
  }

  // --- durability

  @Test
  void anAcknowledgedLikeIsThereAfterTheStoreIsClosedAndReopened() {
    Path dir = data.resolve("durable");
    String fingerprint = fixture.embedder.fingerprint().toString();
    User[] user = new User[1];
    try (PaperStore store = PaperStore.open(dir, fingerprint, fixture.embedder.dimension());
        Library library = Library.open(store, fixture.embedder)) {
      JavalinTest.test(appOver(store, library), (server, client) -> {
        user[0] = createUser(client);
        assertEquals(200, put(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, user[0].auth()).code());
        assertEquals(200, put(client, "/v1/users/me/dislikes/" + TestCorpus.QUENCHING, user[0].auth()).code());
      });
    }
    try (PaperStore store = PaperStore.open(dir, fingerprint, fixture.embedder.dimension());
        Library library = Library.open(store, fixture.embedder)) {
      JavalinTest.test(appOver(store, library), (server, client) -> {
        JsonNode me = me(client, user[0]);
        assertEquals(List.of(TestCorpus.CAT_CODES), ids(me.path("likes")));
        assertEquals(List.of(TestCorpus.QUENCHING), ids(me.path("dislikes")));
      });
    }
  }

  private static Javalin appOver(PaperStore store, Library library) {
    Profiles profiles = new Profiles(store.users(), library, new MutableClock(START));
    return HttpApi.create(library, new Recommender(library), profiles, ApiSettings.readOnly(), () -> true);
  }

  // --- raw store access

  @FunctionalInterface
  interface RawEntryConsumer {
    void accept(byte[] key, byte[] value);
  }

  /** Every key and value of every column family of the closed store in {@code dir}. */
  private static void forEachRawEntry(Path dir, RawEntryConsumer consumer) throws Exception {
    try (Options listOptions = new Options(); DBOptions options = new DBOptions();
        ColumnFamilyOptions familyOptions = new ColumnFamilyOptions()) {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (byte[] name : RocksDB.listColumnFamilies(listOptions, dir.toString())) {
        descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      try (RocksDB db = RocksDB.openReadOnly(options, dir.toString(), descriptors, handles)) {
        try {
          for (ColumnFamilyHandle handle : handles) {
            try (RocksIterator it = db.newIterator(handle)) {
              for (it.seekToFirst(); it.isValid(); it.next()) {
                consumer.accept(it.key(), it.value());
              }
              it.status();
            }
          }
        } finally {
          handles.forEach(ColumnFamilyHandle::close);
        }
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
