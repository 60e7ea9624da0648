package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.fuzz.JsonShapes.array;
import static org.paperrec.server.fuzz.JsonShapes.mostly;
import static org.paperrec.server.fuzz.JsonShapes.object;
import static org.paperrec.server.fuzz.JsonShapes.oneOf;
import static org.paperrec.server.fuzz.JsonShapes.pick;
import static org.paperrec.server.fuzz.JsonShapes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.paperrec.server.fuzz.Bounded;
import org.paperrec.server.fuzz.JsonShapes;
import org.paperrec.server.fuzz.JsonShapes.Gen;
import org.paperrec.server.fuzz.Mutations;
import org.paperrec.server.fuzz.Mutations.Input;

/**
 * Fuzzes every JSON request body through a real server (issue 10, point 5): the real model, store
 * and index of {@link ApiFixture} behind the real Javalin app on a loopback port, so that the
 * status is the one a client gets (ProblemMapper, Jetty and the handlers all take part). Bodies
 * are mutations of valid bodies of each route, sent with mostly the right content type and
 * credentials. The property: an answer within a time bound, never a 5xx, and every 4xx an RFC 9457
 * problem whose status is the response's, with a detail. Tries: {@code jqwik.tries.default}.
 *
 * <p>Valid bodies do real work (embedding, writes, a backup into a temporary folder); backup
 * bodies are only sent when every path in them is inside that folder.
 */
class JsonBodiesFuzzTest {

  private static Path dir;
  private static Path backups;
  private static ApiFixture fixture;
  private static Javalin app;
  private static HttpClient client;
  private static Bounded bounded;
  private static String origin;
  private static String userToken;

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("json-fuzz");
    backups = Files.createDirectory(dir.resolve("backups"));
    fixture = ApiFixture.open(dir.resolve("data"));
    app = fixture.app().start("127.0.0.1", 0);
    origin = "http://127.0.0.1:" + app.port();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    bounded = new Bounded("json-bodies", Duration.ofSeconds(30));
    HttpResponse<String> user = client.send(
        HttpRequest.newBuilder(URI.create(origin + "/v1/users")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    userToken = ApiFixture.JSON.readTree(user.body()).path("token").asText();
    for (String liked : List.of(TestCorpus.SPARSE_ATTENTION, TestCorpus.HALO_SHAPES)) { // so that its recommendations can answer
      client.send(HttpRequest.newBuilder(URI.create(origin + "/v1/users/me/likes/" + liked))
          .header("Authorization", "Bearer " + userToken).PUT(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  @AfterContainer
  static void stop() throws IOException {
    bounded.close();
    app.stop();
    fixture.close();
    deleteBelow(dir);
    Files.delete(dir);
  }

  private static void deleteBelow(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        if (!p.equals(root)) {
          Files.delete(p);
        }
      }
    }
  }

  @Property
  void everyJsonBodyGetsAnAnswerOrAProblemNeverA5xx(@ForAll("calls") Call call) throws Exception {
    Assume.that(!call.path().equals("/v1/admin/backup") || pathsStayIn(call.body().text(), backups));

    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + call.path()))
        .timeout(Duration.ofSeconds(25))
        .POST(HttpRequest.BodyPublishers.ofByteArray(call.body().bytes()));
    if (call.contentType() != null) {
      request.header("Content-Type", call.contentType());
    }
    if (call.authorization() != null) {
      request.header("Authorization", call.authorization());
    }
    HttpResponse<byte[]> response = bounded.call(() -> client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));

    int status = response.statusCode();
    Statistics.label("route and status class").collect(call.path(), status / 100 + "xx");
    if (call.path().equals("/v1/admin/backup") && status == 201) {
      deleteBelow(backups); // a backup is a copy of the data folder: keep the disk free over a long run
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertTrue(status >= 200 && status < 500, "status " + status + ": " + body);
    if (status >= 400) {
      assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(null), body);
      JsonNode problem = ApiFixture.JSON.readTree(body);
      assertEquals(status, problem.path("status").asInt(), body);
      assertFalse(problem.path("detail").asText().isBlank(), body);
    }
  }

  /** True when every absolute path the body could name is inside {@code root}: no backup lands elsewhere. */
  static boolean pathsStayIn(String body, Path root) {
    String rest = body.replace(root + "/", "");
    return rest.indexOf('/') < 0 && rest.indexOf('\\') < 0;
  }

  /** One request: a route, its credentials and content type, and the body. */
  record Call(String path, String authorization, String contentType, Input body) {
    @Override
    public String toString() {
      return "POST " + path + " (" + contentType + ", " + (authorization == null ? "no token" : "a token") + "): " + body;
    }
  }

  // Generators: valid bodies of each route, then mutated.

  private static final List<String> CORPUS_IDS = List.of(
      TestCorpus.SPARSE_ATTENTION, TestCorpus.INSTRUCTION_TUNING, TestCorpus.HALLUCINATION, TestCorpus.QUENCHING,
      TestCorpus.HALO_SHAPES, TestCorpus.DUSTY_GALAXIES);

  // The valid values of each field; JsonShapes.object and the mutations make the invalid ones.
  private static final Gen<String> IDS = mostly(r -> r.nextInt(4) > 0 ? pick(r, CORPUS_IDS) : pick(r, List.of(
      "2501.06842v2", "arXiv:2401.00101", "https://arxiv.org/abs/2402.00202", "hep-ph/0307015", "doi:10.1145/X",
      "PMID:19872477", "title:sparse", "9999.99999")));

  private static final Gen<String> PROSE = mostly(oneOf(
      "Sparse attention for long documents", "Galaxy halo shapes in simulations",
      "We study how instruction tuning changes hallucination rates of language models."));

  /** Mostly ordinary dates; also the edges of the accepted range (1000-01-01 to 9999-12-31) and beyond it. */
  private static final Gen<String> DATES = mostly(oneOf("2024-01-01", "2025-02-28", "2023-12-31", "2020-06-15",
      "1000-01-01", "9999-12-31", "0999-12-31", "+10000-01-01", "+999999999-12-31", "-999999999-01-01"));

  private static final Gen<String> INSTANTS = mostly(oneOf("2025-03-01T09:30:00Z", "2025-03-01T10:30:00.5+01:00"));

  private static final Gen<JsonNode> LIMITS = r -> r.nextInt(12) > 0
      ? JsonNodeFactory.instance.numberNode(pick(r, List.of(1, 2, 3, 5, 10, 20, 100)))
      : JsonShapes.number(r);

  private static final Gen<JsonNode> OFFSETS = r -> r.nextInt(12) > 0
      ? JsonNodeFactory.instance.numberNode(pick(r, List.of(0, 1, 5)))
      : JsonShapes.number(r);

  private static final Gen<JsonNode> WEIGHTS = r -> r.nextInt(12) > 0
      ? JsonNodeFactory.instance.numberNode(pick(r, List.of(0.0, 0.1, 0.3, 0.5, 0.9, 1.0)))
      : JsonShapes.number(r);

  private static final Gen<JsonNode> HALF_LIVES = r -> r.nextInt(12) > 0
      ? JsonNodeFactory.instance.numberNode(pick(r, List.of(1.0, 30.0, 365.0)))
      : JsonShapes.number(r);

  private static Map<String, Gen<? extends JsonNode>> fields(Object... namesAndGens) {
    Map<String, Gen<? extends JsonNode>> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndGens.length; i += 2) {
      @SuppressWarnings("unchecked")
      Gen<? extends JsonNode> gen = (Gen<? extends JsonNode>) namesAndGens[i + 1];
      fields.put((String) namesAndGens[i], gen);
    }
    return fields;
  }

  private static final Gen<JsonNode> CATEGORIES = array(text(mostly(oneOf("cs.LG", "astro-ph.GA", "cs", "cs.CL"))), 2);

  private static final Gen<JsonNode> FILTER = object(fields(
      "since", text(DATES), "until", text(oneOf("2026-01-01", "2030-12-31")), "categories", CATEGORIES,
      "exclude", array(text(IDS), 2)))::apply;

  private static Map<String, Gen<? extends JsonNode>> recommendFields(String papers) {
    Map<String, Gen<? extends JsonNode>> f = new LinkedHashMap<>();
    if (papers.equals("positive")) {
      f.put("positive", array(text(IDS), 3));
    } else if (papers.equals("liked")) {
      f.put("liked", array(object(fields("id", text(IDS), "at", text(INSTANTS))), 2));
    }
    if (!papers.isEmpty()) {
      f.put("negative", array(text(IDS), 1));
    }
    f.putAll(fields(
        "strategy", text(mostly(oneOf("centroid", "best_score", "multi_interest"))),
        "limit", LIMITS, "offset", OFFSETS, "filter", FILTER, "candidates", array(text(IDS), 4),
        "lexicalWeight", WEIGHTS, "diversity", WEIGHTS, "recencyWeight", WEIGHTS, "recencyHalfLifeDays", HALF_LIVES,
        "likeHalfLifeDays", HALF_LIVES, "maxInterests", LIMITS, "seed", OFFSETS));
    return f;
  }

  private static final Gen<JsonNode> SIMILAR = object(fields(
      "title", text(PROSE), "abstract", text(PROSE), "limit", LIMITS, "offset", OFFSETS, "filter", FILTER,
      "lexicalWeight", WEIGHTS, "diversity", WEIGHTS, "recencyWeight", WEIGHTS, "recencyHalfLifeDays", HALF_LIVES))::apply;

  private static final Gen<ObjectNode> RECOMMEND_POSITIVE = object(recommendFields("positive"));
  private static final Gen<ObjectNode> RECOMMEND_LIKED = object(recommendFields("liked"));
  private static final Gen<ObjectNode> RECOMMEND_OPTIONS = object(recommendFields(""));

  private static final Gen<JsonNode> RECOMMEND = r -> r.nextInt(8) == 0 ? RECOMMEND_LIKED.apply(r) : RECOMMEND_POSITIVE.apply(r);

  private static final Gen<JsonNode> MY_RECOMMEND = r -> r.nextInt(10) == 0 ? RECOMMEND.apply(r) : RECOMMEND_OPTIONS.apply(r);

  private static final Gen<JsonNode> PAPER = object(fields(
      "id", text(r -> r.nextInt(4) > 0 ? "2512." + (10000 + r.nextInt(89999)) : IDS.apply(r)),
      "ids", array(text(r -> "doi:10.5555/" + r.nextInt(1000)), 1),
      "externalIds", object(fields("DOI", text(oneOf("10.18653/v1/P19-1001", "10.1145/3292500.3330701")),
          "PubMed", text(oneOf("19872477")), "DBLP", text(PROSE))),
      "title", text(PROSE), "abstract", text(PROSE), "authors", array(text(PROSE), 2),
      "date", text(DATES), "categories", CATEGORIES, "upvotes", OFFSETS))::apply;

  private static final Gen<JsonNode> PAPERS = r -> r.nextInt(3) > 0
      ? PAPER.apply(r)
      : JsonNodeFactory.instance.arrayNode().addAll(Stream.generate(() -> PAPER.apply(r)).limit(r.nextInt(3)).toList());

  private static final Gen<JsonNode> SEEN = r -> r.nextInt(12) > 0 ? array(text(IDS), 5).apply(r) : JsonShapes.value(r, 1);

  private static Gen<JsonNode> backup() {
    // A new folder one time in eight: each one is a real backup, a copy of the data folder.
    return object(fields("dir", text(r -> r.nextInt(8) == 0 ? backups + "/b" + r.nextInt(1_000_000_000)
        : pick(r, List.of(backups.toString(), "relative/folder", "", " ", "\u0000", "~/b")))))::apply;
  }

  private record Route(String path, String access, Gen<JsonNode> body) {}

  @Provide
  Arbitrary<Call> calls() {
    List<Route> routes = List.of(
        new Route("/v1/similar", "public", SIMILAR),
        new Route("/v1/recommendations", "public", RECOMMEND),
        new Route("/v1/recommendations", "public", RECOMMEND),
        new Route("/v1/users/me/recommendations", "user", MY_RECOMMEND),
        new Route("/v1/users/me/seen", "user", SEEN),
        new Route("/v1/papers", "admin", PAPERS),
        new Route("/v1/admin/backup", "admin", backup()));
    List<byte[]> pieces = Mutations.utf8(Mutations.pieces(Mutations.COMMON_PIECES, Mutations.JSON_PIECES));
    return Arbitraries.randomValue(r -> {
      Route route = pick(r, routes);
      byte[] valid = route.body().apply(r).toString().getBytes(StandardCharsets.UTF_8);
      // One body in three as generated: enough of them reach the handlers' work, not only the parser.
      return withHeaders(r, route, r.nextInt(3) == 0 ? new Input(valid) : Mutations.mutate(r, valid, pieces, 4, 200));
    });
  }

  private static Call withHeaders(Random r, Route route, Input body) {
    String token = switch (route.access()) {
      case "admin" -> ApiFixture.ADMIN_TOKEN;
      case "user" -> userToken;
      default -> null;
    };
    String authorization = r.nextInt(12) > 0 ? (token == null ? null : "Bearer " + token)
        : pick(r, List.of("Bearer wrong", "Basic eDp5", "Bearer ", "Bearer " + ApiFixture.ADMIN_TOKEN + "x"));
    String contentType = r.nextInt(10) > 0 ? "application/json" : pick(r, List.of(
        "text/plain", "application/json; charset=utf-8", "application/vnd.paperrec+json", "APPLICATION/JSON",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/json;;;"));
    return new Call(route.path(), authorization, r.nextInt(50) == 0 ? null : contentType, body);
  }

}
