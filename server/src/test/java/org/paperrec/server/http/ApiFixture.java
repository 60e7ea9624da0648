package org.paperrec.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.paperrec.embed.ModelBuild;
import org.paperrec.embed.OnnxEmbedder;
import org.paperrec.recommend.Library;
import org.paperrec.recommend.Recommender;
import org.paperrec.recommend.profile.Profiles;
import org.paperrec.store.Paper;
import org.paperrec.server.metrics.ServerMetrics;
import org.paperrec.store.PaperStore;

/**
 * Real parts for HTTP tests: the int8 model, a RocksDB store in a temporary folder holding {@link
 * TestCorpus}, and the library, recommender and stored users' profiles (on the system clock) over
 * them. Open one per test class (loading the
 * model takes seconds); each test builds its own app from it.
 */
final class ApiFixture implements AutoCloseable {

  /** 32 characters or more, as {@link ApiSettings} requires. */
  static final String ADMIN_TOKEN = "test-admin-token-4f1c9b0e7d2a5c8f3b6e";
  static final ObjectMapper JSON = new ObjectMapper();

  final OnnxEmbedder embedder;
  final PaperStore store;
  final Library library;
  final Recommender recommender;
  final Profiles profiles;

  private ApiFixture(OnnxEmbedder embedder, PaperStore store) {
    this.embedder = embedder;
    this.store = store;
    this.library = Library.open(store, embedder);
    this.recommender = new Recommender(library);
    this.profiles = new Profiles(store.users(), library, Clock.systemUTC());
  }

  static ApiFixture open(Path dir) {
    OnnxEmbedder embedder = OnnxEmbedder.load(ModelBuild.INT8, 1);
    PaperStore store = PaperStore.open(dir, embedder.fingerprint().toString(), embedder.dimension());
    ApiFixture fixture = new ApiFixture(embedder, store);
    for (Paper paper : TestCorpus.PAPERS) {
      Library.Change change = fixture.library.upsert(paper);
      if (change != Library.Change.ADDED) {
        throw new IllegalStateException("test corpus paper " + paper.id() + ": " + change);
      }
    }
    return fixture;
  }

  /**
   * Settings with the admin token, no extra CORS origins and no rate limits: tests send requests
   * faster than any client should. Tests of the limits, and those that pass {@code new
   * ApiSettings(token, origins)}, run with {@link RateLimitSettings#DEFAULTS}.
   */
  static ApiSettings unlimited() {
    return new ApiSettings(ADMIN_TOKEN, List.of(), RateLimitSettings.OFF, true);
  }

  /** A ready app with {@link #unlimited()} settings. */
  Javalin app() {
    return app(unlimited(), () -> true);
  }

  Javalin app(ApiSettings settings, BooleanSupplier ready) {
    return app(profiles, settings, ready);
  }

  /** A ready app with {@link #unlimited()} settings over other profiles (another clock, other limits) of this corpus. */
  Javalin app(Profiles otherProfiles) {
    return app(otherProfiles, unlimited(), () -> true);
  }

  /** A ready app with {@code settings} that records its requests in {@code metrics}. */
  Javalin app(ApiSettings settings, ServerMetrics metrics) {
    return HttpApi.create(library, recommender, profiles, settings, () -> true, List::of, metrics);
  }

  private Javalin app(Profiles profiles, ApiSettings settings, BooleanSupplier ready) {
    return HttpApi.create(library, recommender, profiles, settings, ready);
  }

  @Override
  public void close() {
    library.close();
    store.close();
    embedder.close();
  }

  // Small HTTP helpers shared by the tests.

  static Response get(HttpClient client, String path, String... headers) {
    return client.request(path, b -> headers(b.get(), headers));
  }

  /**
   * A HEAD request through a plain {@link java.net.http.HttpClient} (the test client has no HEAD),
   * which neither adds conditional headers nor decompresses.
   */
  static HttpResponse<byte[]> head(HttpClient client, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.getOrigin() + path))
        .method("HEAD", HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static Response postJson(HttpClient client, String path, String json, String... headers) {
    return post(client, path, "application/json", json, headers);
  }

  static Response post(HttpClient client, String path, String contentType, String body, String... headers) {
    return client.request(path, b -> headers(
        b.post(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType), headers));
  }

  static Response delete(HttpClient client, String path, String... headers) {
    return client.request(path, b -> headers(b.delete(HttpRequest.BodyPublishers.noBody()), headers));
  }

  static Response put(HttpClient client, String path, String... headers) {
    return method(client, "PUT", path, headers);
  }

  static Response method(HttpClient client, String method, String path, String... headers) {
    return client.request(path, b -> {
      switch (method) {
        case "PUT":
          b.put(HttpRequest.BodyPublishers.noBody());
          break;
        case "PATCH":
          b.patch(HttpRequest.BodyPublishers.noBody());
          break;
        default:
          throw new IllegalArgumentException("unsupported method " + method);
      }
      headers(b, headers);
    });
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  static JsonNode json(Response response) {
    try {
      return JSON.readTree(response.body().string());
    } catch (java.io.IOException e) {
      throw new AssertionError("response is not JSON: " + response.body().string(), e);
    }
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static Map<String, Object> paperJson(String id, String title, String abstractText) {
    return Map.of("id", id, "title", title, "abstract", abstractText);
  }

  /**
   * Asserts that {@code response} is an RFC 9457 problem of {@code status} and type {@code
   * urn:paperrec:problem:<slug>} with every member, and returns its JSON.
   */
  static JsonNode assertProblem(Response response, int status, String slug) {
    String body = response.body().string();
    org.junit.jupiter.api.Assertions.assertEquals(status, response.code(), body);
    org.junit.jupiter.api.Assertions.assertEquals("application/problem+json", header(response, "Content-Type"), body);
    JsonNode problem = json(response);
    org.junit.jupiter.api.Assertions.assertEquals("urn:paperrec:problem:" + slug, problem.path("type").asText(), body);
    org.junit.jupiter.api.Assertions.assertEquals(status, problem.path("status").asInt(), body);
    org.junit.jupiter.api.Assertions.assertFalse(problem.path("title").asText().isBlank(), body);
    org.junit.jupiter.api.Assertions.assertFalse(problem.path("detail").asText().isBlank(), body);
    org.junit.jupiter.api.Assertions.assertTrue(problem.path("instance").asText().startsWith("/"), body);
    return problem;
  }

  /** The first value of a response header, or null. */
  static String header(Response response, String name) {
    List<String> values = response.headers().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static io.javalin.testtools.Request.Builder headers(io.javalin.testtools.Request.Builder b, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }
}
