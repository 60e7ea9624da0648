package org.paperrec.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.paperrec.server.http.ApiFixture.get;
import static org.paperrec.server.http.ApiFixture.header;
import static org.paperrec.server.http.ApiFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperrec.recommend.RankingOptions;
import org.paperrec.recommend.RecommendRequest;
import org.paperrec.recommend.Strategy;

/** CORS, {@code /health}, {@code /openapi.json} and the web page ({@code /}, {@code /app/}). */
class ServiceRoutesTest {

  private static final String CHROME_EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
  private static final String FIREFOX_EXTENSION = "moz-extension://0f3c2a8e-5b1d-4c6e-9a7f-2d4b6c8e0a1f";
  private static final String LAB = "https://lab.example.org";
  private static final String EVIL = "https://evil.example";

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

  private static Javalin appAllowingLab() {
    return fixture.app(new ApiSettings(ApiFixture.ADMIN_TOKEN, List.of(LAB)), () -> true);
  }

  @Test
  void corsAllowsAChromeExtensionOrigin() {
    JavalinTest.test(appAllowingLab(), (server, client) -> {
      Response response = get(client, "/v1/papers/" + TestCorpus.CAT_CODES, "Origin", CHROME_EXTENSION);
      assertEquals(200, response.code());
      assertEquals(CHROME_EXTENSION, header(response, "Access-Control-Allow-Origin"));
      assertEquals("Origin", header(response, "Vary"));
    });
  }

  @Test
  void corsAllowsAFirefoxExtensionOrigin() {
    JavalinTest.test(appAllowingLab(), (server, client) -> {
      Response response = get(client, "/health", "Origin", FIREFOX_EXTENSION);
      assertEquals(FIREFOX_EXTENSION, header(response, "Access-Control-Allow-Origin"));
    });
  }

  @Test
  void corsAllowsAConfiguredOriginOnlyByExactMatch() {
    JavalinTest.test(appAllowingLab(), (server, client) -> {
      assertEquals(LAB, header(get(client, "/health", "Origin", LAB), "Access-Control-Allow-Origin"));
      assertNull(header(get(client, "/health", "Origin", LAB + ".evil.example"), "Access-Control-Allow-Origin"));
      assertNull(header(get(client, "/health", "Origin", "http://lab.example.org"), "Access-Control-Allow-Origin"));
    });
  }

  @Test
  void corsAnswersAPreflightFromAnExtension() {
    JavalinTest.test(appAllowingLab(), (server, client) -> {
      HttpResponse<String> response = preflight(client, "/v1/recommendations", CHROME_EXTENSION);
      assertEquals(204, response.statusCode());
      assertEquals(CHROME_EXTENSION, response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
      assertEquals(Cors.ALLOWED_METHODS, response.headers().firstValue("Access-Control-Allow-Methods").orElse(null));
      assertEquals(Cors.ALLOWED_HEADERS, response.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
      assertEquals("600", response.headers().firstValue("Access-Control-Max-Age").orElse(null));
    });
  }

  @Test
  void corsSendsNoHeadersToOtherOrigins() {
    JavalinTest.test(appAllowingLab(), (server, client) -> {
      Response response = get(client, "/v1/papers/" + TestCorpus.CAT_CODES, "Origin", EVIL);
      assertEquals(200, response.code());
      assertNoCorsHeaders(response.headers().get("Access-Control-Allow-Origin"));
      HttpResponse<String> preflight = preflight(client, "/v1/recommendations", EVIL);
      for (String name : preflight.headers().map().keySet()) {
        assertTrue(!name.toLowerCase(Locale.ROOT).startsWith("access-control-"), "unexpected " + name);
      }
    });
  }

  @Test
  void problemResponsesCarryCorsHeadersSoExtensionsCanReadThem() {
    JavalinTest.test(appAllowingLab(), (server, client) -> {
      Response response = get(client, "/v1/papers/2599.99999", "Origin", CHROME_EXTENSION);
      assertEquals(404, response.code());
      assertEquals(CHROME_EXTENSION, header(response, "Access-Control-Allow-Origin"));
    });
  }

  @Test
  void healthIsReadyWith200AndThePaperCount() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/health");
      assertEquals(200, response.code());
      JsonNode health = json(response);
      assertEquals("ready", health.path("status").asText());
      assertEquals(TestCorpus.PAPERS.size(), health.path("papers").asInt());
      assertEquals("no-store", header(response, "Cache-Control"));
    });
  }

  @Test
  void headOfHealthRunsTheCheckAndAnswers503WhileStarting() {
    JavalinTest.test(fixture.app(ApiSettings.readOnly(), () -> false), (server, client) -> {
      int length = get(client, "/health").body().string().getBytes(StandardCharsets.UTF_8).length;

      HttpResponse<byte[]> response = ApiFixture.head(client, "/health");

      assertEquals(503, response.statusCode());
      assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
      assertEquals(String.valueOf(length), response.headers().firstValue("Content-Length").orElse(null));
      assertEquals(0, response.body().length);
    });
  }

  @Test
  void healthIsStartingWith503AndStillShowsThePaperCount() {
    JavalinTest.test(fixture.app(ApiSettings.readOnly(), () -> false), (server, client) -> {
      Response response = get(client, "/health");
      assertEquals(503, response.code());
      assertEquals("application/json", header(response, "Content-Type"));
      JsonNode health = json(response);
      assertEquals("starting", health.path("status").asText());
      assertEquals(TestCorpus.PAPERS.size(), health.path("papers").asInt());
    });
  }

  @Test
  void openApiDescribesExactlyTheRoutesTheAppRegisters() {
    Javalin app = fixture.app();
    JavalinTest.test(app, (server, client) -> {
      Set<String> registered = new TreeSet<>();
      Set<String> heads = new TreeSet<>();
      for (ParsedEndpoint parsed : app.unsafe.internalRouter.allHttpHandlers()) {
        Endpoint endpoint = parsed.endpoint;
        String path = endpoint.path.replace("<", "{").replace(">", "}");
        if (endpoint.method.equals(HandlerType.HEAD)) {
          heads.add("GET " + path);
        } else if (endpoint.method.isHttpMethod()) {
          registered.add(endpoint.method.name() + " " + path);
        }
      }
      JsonNode doc = json(get(client, "/openapi.json"));
      Set<String> documented = new TreeSet<>();
      for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
        path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
      }
      assertEquals(registered, documented);
      // HEAD is implied by GET, as the description says, rather than listed once more per route.
      Set<String> gets = new TreeSet<>(registered);
      gets.removeIf(route -> !route.startsWith("GET "));
      assertEquals(gets, heads, "every GET route, and only those, answers HEAD");
      assertTrue(doc.path("info").path("description").asText().contains("HEAD"));
    });
  }

  @Test
  void openApiIsAVersion31DocumentWithProblemSchemaAndBearerAuth() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/openapi.json");
      assertEquals(200, response.code());
      JsonNode doc = json(response);
      assertTrue(doc.path("openapi").asText().startsWith("3.1"), doc.path("openapi").asText());
      JsonNode problem = doc.path("components").path("schemas").path("Problem").path("properties");
      for (String member : List.of("type", "title", "status", "detail", "instance")) {
        assertTrue(problem.has(member), "Problem schema lacks " + member);
      }
      JsonNode auth = doc.path("components").path("securitySchemes").path("adminToken");
      assertEquals("http", auth.path("type").asText());
      assertEquals("bearer", auth.path("scheme").asText());
      assertEquals(1, doc.path("components").path("schemas").path("Result").path("properties").path("score").path("maximum").asInt());
      assertEquals(-1, doc.path("components").path("schemas").path("Result").path("properties").path("score").path("minimum").asInt());
    });
  }

  @Test
  void openApiStatesTheRecommendModulesDefaults() {
    // The defaults live in recommend and may change; this document must follow them.
    RankingOptions ranking = RankingOptions.DEFAULT;
    RecommendRequest request = RecommendRequest.builder(List.of(TestCorpus.CAT_CODES)).build();
    Map<String, Object> expected = Map.of(
        "StrategyName", Strategy.DEFAULT.apiName(),
        "LexicalWeight", ranking.lexicalWeight(),
        "Diversity", ranking.diversity(),
        "RecencyWeight", ranking.recencyWeight(),
        "RecencyHalfLifeDays", ranking.recencyHalfLifeDays(),
        "LikeHalfLifeDays", request.likeHalfLifeDays(),
        "MaxInterests", (double) request.maxInterests(),
        "Seed", (double) request.seed());
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode schemas = json(get(client, "/openapi.json")).path("components").path("schemas");
      for (Map.Entry<String, Object> e : expected.entrySet()) {
        JsonNode documented = schemas.path(e.getKey()).path("default");
        Object value = documented.isTextual() ? documented.asText() : (Object) documented.asDouble(Double.NaN);
        assertEquals(e.getValue(), value, "default of schema " + e.getKey() + ": update openapi.json");
      }
    });
  }

  @Test
  void openApiDocumentsEveryRankingOptionOnEveryRankedRoute() {
    Map<String, List<String>> routes = Map.of(
        "/v1/papers/{id}/similar", List.of(),
        "/v1/search", List.of(),
        "/v1/users/me/recommendations", List.of("strategy", "likeHalfLifeDays", "maxInterests", "seed"));
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode doc = json(get(client, "/openapi.json"));
      for (Map.Entry<String, List<String>> route : routes.entrySet()) {
        Set<String> documented = new TreeSet<>();
        for (JsonNode parameter : doc.path("paths").path(route.getKey()).path("get").path("parameters")) {
          documented.add(doc.at(parameter.path("$ref").asText().substring(1)).path("name").asText());
        }
        Set<String> required = new TreeSet<>(QueryParams.RANKING);
        required.addAll(route.getValue());
        assertTrue(documented.containsAll(required), route.getKey() + " documents " + documented);
      }
      JsonNode schemas = doc.path("components").path("schemas");
      for (String body : List.of("SimilarTextRequest", "RecommendationsRequest", "MyRecommendationsRequest")) {
        for (String option : QueryParams.RANKING) {
          assertTrue(schemas.path(body).path("properties").has(option), body + " lacks " + option);
        }
      }
      for (String option : List.of("liked", "strategy", "likeHalfLifeDays", "maxInterests", "seed")) {
        assertTrue(schemas.path("RecommendationsRequest").path("properties").has(option), "RecommendationsRequest lacks " + option);
      }
      for (String option : List.of("strategy", "likeHalfLifeDays", "maxInterests", "seed", "candidates", "filter")) {
        assertTrue(schemas.path("MyRecommendationsRequest").path("properties").has(option), "MyRecommendationsRequest lacks " + option);
      }
    });
  }

  @Test
  void openApiDocumentsTheBodyOfMyRecommendationsWithoutThePapersTheProfileHolds() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode doc = json(get(client, "/openapi.json"));
      JsonNode body = doc.path("paths").path("/v1/users/me/recommendations").path("post").path("requestBody");
      assertFalse(body.path("required").asBoolean(true), "an empty body means every default");
      String schema = body.path("content").path("application/json").path("schema").path("$ref").asText();
      JsonNode properties = doc.at(schema.substring(1)).path("properties");
      Set<String> expected = new TreeSet<>();
      doc.path("components").path("schemas").path("RecommendationsRequest").path("properties").fieldNames()
          .forEachRemaining(expected::add);
      expected.removeAll(Requests.MyRecommendationsBody.PAPER_FIELDS);
      Set<String> documented = new TreeSet<>();
      properties.fieldNames().forEachRemaining(documented::add);
      assertEquals(expected, documented);
      Set<String> accepted = new TreeSet<>();
      for (var component : Requests.MyRecommendationsBody.class.getRecordComponents()) {
        accepted.add(component.getName());
      }
      accepted.removeAll(Requests.MyRecommendationsBody.PAPER_FIELDS);
      assertEquals(accepted, documented, "the schema lists exactly the fields the server reads");
    });
  }

  @Test
  void openApiDocumentsTheETagAnd304OfTheCacheableRoutes() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode doc = json(get(client, "/openapi.json"));
      for (String path : List.of("/v1/papers/{id}", "/v1/papers/{id}/similar")) {
        JsonNode get = doc.path("paths").path(path).path("get");
        JsonNode ok = get.path("responses").path("200").path("headers");
        assertTrue(ok.has("ETag") && ok.has("Cache-Control"), path + ": " + ok);
        JsonNode notModified = doc.at(get.path("responses").path("304").path("$ref").asText().substring(1));
        assertTrue(notModified.path("headers").has("ETag") && notModified.path("headers").has("Vary"), path + ": " + notModified);
        assertTrue(notModified.path("description").asText().contains("application/json"), path + ": " + notModified);
        Set<String> parameters = new TreeSet<>();
        for (JsonNode parameter : get.path("parameters")) {
          parameters.add(doc.at(parameter.path("$ref").asText().substring(1)).path("name").asText());
        }
        assertTrue(parameters.contains("If-None-Match"), path + ": " + parameters);
      }
    });
  }

  @Test
  void openApiReferencesAllResolve() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode doc = json(get(client, "/openapi.json"));
      Set<String> unresolved = new TreeSet<>();
      collectRefs(doc, doc, unresolved);
      assertTrue(unresolved.isEmpty(), "unresolved $ref: " + unresolved);
    });
  }

  @Test
  void indexIsTheWebPageWithItsSecurityHeaders() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/");
      assertEquals(200, response.code());
      assertEquals("text/html;charset=utf-8", header(response, "Content-Type").replace(" ", "").toLowerCase(Locale.ROOT));
      assertTrue(response.body().string().contains("<title>paperrec"), response.body().string());
      assertWebPageHeaders(response, "/");
    });
  }

  @Test
  void headOfTheWebPageCarriesItsSecurityHeaders() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      HttpResponse<byte[]> response = ApiFixture.head(client, "/");
      assertEquals(200, response.statusCode());
      assertEquals(0, response.body().length);
      assertEquals(WebPage.CSP, response.headers().firstValue("Content-Security-Policy").orElse(null));
      assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
      assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(null));
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    });
  }

  @Test
  void openApiStatesTheWebPagesContentSecurityPolicy() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      JsonNode header = json(get(client, "/openapi.json")).path("components").path("headers").path("ContentSecurityPolicy");
      assertEquals(WebPage.CSP, header.path("schema").path("const").asText());
    });
  }

  @Test
  void theWebPagesFilesAreServedUnderAppWithTheirContentTypesAndSecurityHeaders() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Map<String, String> types = Map.of(
          "/app/app.js", "text/javascript;charset=utf-8",
          "/app/style.css", "text/css;charset=utf-8");
      for (Map.Entry<String, String> file : types.entrySet()) {
        Response response = get(client, file.getKey());
        assertEquals(200, response.code(), file.getKey());
        String contentType = header(response, "Content-Type").replace(" ", "").toLowerCase(Locale.ROOT);
        assertEquals(file.getValue(), contentType, file.getKey());
        assertWebPageHeaders(response, file.getKey());
      }
    });
  }

  @Test
  void theExtensionsSharedScriptsAreServedUnderAppShared() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      Response response = get(client, "/app/shared/api.js");
      assertEquals(200, response.code());
      assertTrue(header(response, "Content-Type").startsWith("text/javascript"), header(response, "Content-Type"));
      assertFalse(response.body().string().isEmpty());
      assertWebPageHeaders(response, "/app/shared/api.js");
    });
  }

  @Test
  void anUnknownFileUnderAppGives404ProblemJsonLikeAnyUnknownPath() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String path : List.of("/app/nope.js", "/app/shared/nope.js", "/app", "/app/", "/app/shared/")) {
        ApiFixture.assertProblem(get(client, path), 404, "route-not-found");
      }
    });
  }

  @Test
  void theWebPageHasOneAddressAndIsNotAlsoAStaticFile() {
    JavalinTest.test(fixture.app(), (server, client) -> {
      for (String path : List.of("/app/index.html", "/app/%69ndex.html", "/app/./index.html")) {
        ApiFixture.assertProblem(get(client, path), 404, "route-not-found");
      }
    });
  }

  @Test
  void corsExposesTheETagToExtensionScripts() {
    JavalinTest.test(appAllowingLab(), (server, client) -> {
      Response response = get(client, "/v1/papers/" + TestCorpus.CAT_CODES + "/similar", "Origin", CHROME_EXTENSION);
      assertEquals(200, response.code());
      assertEquals("ETag", header(response, "Access-Control-Expose-Headers"));
      assertNotNull(header(response, "ETag"));
      assertNull(header(get(client, "/health", "Origin", EVIL), "Access-Control-Expose-Headers"));
    });
  }

  @Test
  void corsAnswersAPreflightForPutAndDeleteWithAuthorizationFromEitherExtension() {
    JavalinTest.test(appAllowingLab(), (server, client) -> {
      for (String origin : List.of("chrome-extension://abc", FIREFOX_EXTENSION)) {
        for (String method : List.of("PUT", "DELETE")) {
          HttpResponse<String> response =
              preflight(client, "/v1/users/me/likes/" + TestCorpus.CAT_CODES, origin, method, "authorization");
          assertEquals(204, response.statusCode(), origin + " " + method);
          assertEquals(origin, response.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
          String methods = response.headers().firstValue("Access-Control-Allow-Methods").orElse("");
          assertTrue(List.of(methods.split(",\\s*")).contains(method), methods);
          String headers = response.headers().firstValue("Access-Control-Allow-Headers").orElse("");
          assertTrue(headers.toLowerCase(Locale.ROOT).contains("authorization"), headers);
        }
      }
    });
  }

  private static void assertWebPageHeaders(Response response, String path) {
    assertEquals(WebPage.CSP, header(response, "Content-Security-Policy"), path);
    assertEquals("nosniff", header(response, "X-Content-Type-Options"), path);
    assertEquals("no-cache", header(response, "Cache-Control"), path);
  }

  private static HttpResponse<String> preflight(HttpClient client, String path, String origin) throws Exception {
    return preflight(client, path, origin, "POST", "content-type");
  }

  private static HttpResponse<String> preflight(
      HttpClient client, String path, String origin, String method, String headers) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(client.getOrigin() + path))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", headers)
        .build();
    return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void assertNoCorsHeaders(List<String> values) {
    assertTrue(values == null || values.isEmpty(), "unexpected Access-Control-Allow-Origin " + values);
  }

  private static void collectRefs(JsonNode doc, JsonNode node, Set<String> unresolved) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && doc.at(ref.asText().substring(1)).isMissingNode()) {
        unresolved.add(ref.asText());
      }
      node.forEach(child -> collectRefs(doc, child, unresolved));
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(doc, child, unresolved));
    }
  }
}
